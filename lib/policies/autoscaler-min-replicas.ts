import type { Policy } from './policy';

/**
 * An autoscaler whose minimum is one pod scales its workload down to a single point of failure whenever
 * the load is low, whatever replicas the workload declares.
 */
export const autoscalerMinReplicas: Policy = {
  name: 'autoscaler-min-replicas',
  description: 'Every HorizontalPodAutoscaler keeps at least 2 replicas (minReplicas, 1 when absent).',
  severity: 'warning',
  follows: [
    { tool: 'kube-score', check: 'horizontalpodautoscaler-replicas' },
    { tool: 'polaris', check: 'hpaMinAvailability' },
  ],
  check: (manifest) => {
    if (manifest.kind !== 'HorizontalPodAutoscaler') return [];
    const minReplicas: number = manifest.spec?.minReplicas ?? 1;
    return minReplicas >= 2 ? [] : [`has minReplicas ${minReplicas}: set 2 or more so a quiet hour does not leave a single pod`];
  },
};
