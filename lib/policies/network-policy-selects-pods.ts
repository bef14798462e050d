import { POD_KINDS, podLabelsOf, sameNamespace, selects, type Policy } from './policy';

/**
 * A NetworkPolicy that selects no pod protects nothing, and usually means a renamed label: the pods it
 * was written for are then either unprotected or, under a default deny, cut off.
 */
export const networkPolicySelectsPods: Policy = {
  name: 'network-policy-selects-pods',
  description: 'Every NetworkPolicy selects the pods of some workload of its namespace.',
  severity: 'danger',
  follows: [
    { tool: 'kube-score', check: 'networkpolicy-targets-pod' },
    { tool: 'kube-linter', check: 'dangling-networkpolicy' },
  ],
  check: (manifest, context) => {
    if (manifest.kind !== 'NetworkPolicy') return [];
    const selected = context.manifests.some(
      (workload) => POD_KINDS.includes(workload.kind) && sameNamespace(workload, manifest) && selects(manifest.spec?.podSelector, podLabelsOf(workload)),
    );
    return selected ? [] : ['selects no workload\'s pods: fix its podSelector, or remove it'];
  },
};
