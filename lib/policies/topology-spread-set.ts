import { podLabelsOf, podSpecOf, REPLICATED_KINDS, selects, type Policy } from './policy';

// Polaris checks Deployments and StatefulSets only.

/**
 * A spread constraint keeps the pods of one workload apart over nodes (or zones), also when the workload
 * grows from one replica; one that does not select the workload's own pods spreads nothing.
 */
export const topologySpreadSet: Policy = {
  name: 'topology-spread-set',
  description: "Every Deployment and StatefulSet has a topologySpreadConstraint that selects its own pods.",
  severity: 'warning',
  follows: [{ tool: 'polaris', check: 'topologySpreadConstraint' }],
  check: (manifest) => {
    if (!REPLICATED_KINDS.includes(manifest.kind)) return [];
    const labels = podLabelsOf(manifest);
    const constraints = podSpecOf(manifest)?.topologySpreadConstraints ?? [];
    if (constraints.some((constraint) => selects(constraint.labelSelector, labels))) return [];
    return [
      constraints.length === 0
        ? 'has no topologySpreadConstraint: spread its pods over nodes'
        : "has no topologySpreadConstraint that selects its own pods: match the workload's pod labels",
    ];
  },
};
