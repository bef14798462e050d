import { podLabelsOf, replicationOf, sameNamespace, selects, type Manifest, type Policy, type PolicyContext } from './policy';

/** The replica count of the workloads a budget selects, the smallest first; absent means 1. */
function selectedReplicas(budget: Manifest, context: PolicyContext): number[] {
  return context.manifests
    .filter((candidate) => ['Deployment', 'StatefulSet'].includes(candidate.kind) && sameNamespace(candidate, budget))
    .filter((workload) => selects(budget.spec?.selector, podLabelsOf(workload)))
    .map((workload) => replicationOf(workload, context)?.replicas ?? workload.spec?.replicas ?? 1)
    .sort((a, b) => a - b);
}

/**
 * A budget that allows no disruption blocks every node drain (a cluster upgrade waits on it forever), and
 * one that counts never-ready pods as protected lets a broken rollout block them too: kube-linter's
 * defaults refuse both, and kube-score a budget with no policy at all.
 */
export const pdbAllowsDisruption: Policy = {
  name: 'pdb-allows-disruption',
  description:
    'Every PodDisruptionBudget sets maxUnavailable above 0, or a minAvailable below the replicas it selects, and unhealthyPodEvictionPolicy: AlwaysAllow.',
  severity: 'danger',
  follows: [
    { tool: 'kube-linter', check: 'pdb-max-unavailable' },
    { tool: 'kube-linter', check: 'pdb-min-available' },
    { tool: 'kube-linter', check: 'pdb-unhealthy-pod-eviction-policy' },
    { tool: 'kube-score', check: 'poddisruptionbudget-has-policy' },
    { tool: 'polaris', check: 'pdbDisruptionsIsZero' },
    { tool: 'polaris', check: 'pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas' },
  ],
  check: (manifest, context) => {
    if (manifest.kind !== 'PodDisruptionBudget') return [];
    const { maxUnavailable, minAvailable, unhealthyPodEvictionPolicy } = manifest.spec ?? {};
    const violations: string[] = [];
    if (maxUnavailable === undefined && minAvailable === undefined) violations.push('sets neither maxUnavailable nor minAvailable: set maxUnavailable: 1');
    if (maxUnavailable === 0 || maxUnavailable === '0%') violations.push('sets maxUnavailable 0, which blocks every node drain: allow at least 1');
    if (typeof minAvailable === 'number') {
      const fewest = selectedReplicas(manifest, context)[0];
      if (minAvailable > 0 && fewest !== undefined && minAvailable >= fewest) {
        violations.push(`sets minAvailable ${minAvailable} for a workload of ${fewest} replicas, which blocks every node drain: use maxUnavailable: 1`);
      }
    } else if (minAvailable === '100%') {
      violations.push('sets minAvailable 100%, which blocks every node drain: use maxUnavailable: 1');
    }
    if (unhealthyPodEvictionPolicy !== 'AlwaysAllow') {
      violations.push('does not set unhealthyPodEvictionPolicy: AlwaysAllow: pods that never became ready would block node drains');
    }
    return violations;
  },
};
