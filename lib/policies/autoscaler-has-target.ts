import { findManifest, type Policy } from './policy';

/**
 * An autoscaler whose target does not exist scales nothing, nor one whose maximum is its minimum. One whose
 * Deployment also renders `replicas` fights every sync: Argo CD (or `kubectl apply`) resets the count the
 * autoscaler chose.
 */
export const autoscalerHasTarget: Policy = {
  name: 'autoscaler-has-target',
  description: 'Every HorizontalPodAutoscaler targets a workload of its namespace that leaves replicas to it, and may scale above its minimum.',
  severity: 'danger',
  follows: [
    { tool: 'kube-score', check: 'horizontalpodautoscaler-has-target' },
    { tool: 'kube-score', check: 'deployment-targeted-by-hpa-does-not-have-replicas-configured' },
    { tool: 'kube-linter', check: 'dangling-horizontalpodautoscaler' },
    { tool: 'polaris', check: 'hpaMaxAvailability' },
  ],
  check: (manifest, context) => {
    if (manifest.kind !== 'HorizontalPodAutoscaler') return [];
    const target = manifest.spec?.scaleTargetRef ?? {};
    const workload = findManifest(context.manifests, target.kind, target.name, manifest.metadata.namespace);
    if (!workload) return [`targets ${target.kind}/${target.name}, which is not rendered: it scales nothing`];
    const violations: string[] = [];
    if (workload.spec?.replicas !== undefined) violations.push(`targets ${target.kind}/${target.name}, which also sets replicas: leave them out so a sync does not reset the autoscaler`);
    const { minReplicas = 1, maxReplicas } = manifest.spec ?? {};
    if (maxReplicas !== undefined && maxReplicas <= minReplicas) violations.push(`has maxReplicas ${maxReplicas}, not above minReplicas ${minReplicas}: it can never scale up`);
    return violations;
  },
};
