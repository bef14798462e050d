import type { Policy } from './policy';

/**
 * Polaris reads a Deployment's own `spec.replicas` and wants 2 or more there, autoscaler or not: an absent
 * count means one pod to anyone reading the manifest. `replicated-deployment` is the project's own view,
 * which counts an autoscaler's minimum; this rule is Polaris' letter, so that its deliberate exceptions
 * (one pod in the test environments, the autoscaled colours that must leave the count to their
 * autoscaler) are declared and written as Polaris' own exemption.
 */
export const declaredReplicas: Policy = {
  name: 'declared-replicas',
  description: 'Every Deployment sets spec.replicas to 2 or more.',
  severity: 'warning',
  // Polaris' letter of replicated-deployment, so production only like it.
  onlyInProduction: true,
  follows: [{ tool: 'polaris', check: 'deploymentMissingReplicas' }],
  check: (manifest) => {
    if (manifest.kind !== 'Deployment') return [];
    const replicas: number | undefined = manifest.spec?.replicas;
    if (replicas !== undefined && replicas >= 2) return [];
    return [
      replicas === undefined
        ? 'sets no spec.replicas: declare 2 or more'
        : `sets spec.replicas to ${replicas}: declare 2 or more so one pod's loss does not take the service away`,
    ];
  },
};
