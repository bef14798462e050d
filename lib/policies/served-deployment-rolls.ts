import { podLabelsOf, sameNamespace, serviceSelects, type Policy } from './policy';

/**
 * A Deployment behind a Service that is updated with `Recreate` stops every pod before starting the new
 * ones, so the Service has no endpoint for the length of a rollout. A rolling update (the default, when no
 * strategy is given) keeps serving; `rolling-update-keeps-capacity` asks that it also keep full capacity.
 */
export const servedDeploymentRolls: Policy = {
  name: 'served-deployment-rolls',
  description: 'Every Deployment whose pods a Service of its namespace selects is updated with the RollingUpdate strategy.',
  severity: 'warning',
  follows: [{ tool: 'kube-score', check: 'deployment-strategy' }],
  check: (manifest, context) => {
    if (manifest.kind !== 'Deployment') return [];
    const strategy: string | undefined = manifest.spec?.strategy?.type;
    if (strategy === undefined || strategy === 'RollingUpdate') return [];
    const labels = podLabelsOf(manifest);
    const served = context.manifests.some((candidate) => candidate.kind === 'Service' && sameNamespace(candidate, manifest) && serviceSelects(candidate, labels));
    return served ? [`is updated with strategy "${strategy}" although a Service sends it requests: use RollingUpdate so the Service keeps endpoints during a rollout`] : [];
  },
};
