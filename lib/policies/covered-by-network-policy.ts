import { podLabelsOf, podSpecOf, sameNamespace, selects, type Manifest, type Policy } from './policy';

const DIRECTIONS = ['Ingress', 'Egress'] as const;

/**
 * The directions a NetworkPolicy governs. Left out, policyTypes means Ingress, plus Egress when the policy
 * has egress rules, as the API server defaults it.
 */
export function policyTypesOf(networkPolicy: Manifest): readonly string[] {
  return networkPolicy.spec?.policyTypes ?? (networkPolicy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
}

/**
 * A pod no NetworkPolicy selects accepts connections from, and opens them to, anything in the cluster:
 * one compromised pod can then reach every database. Each direction must be governed by some policy of the
 * pod's namespace; one policy may do both, or two may share them.
 */
export const coveredByNetworkPolicy: Policy = {
  name: 'covered-by-network-policy',
  description: 'The pods of every workload are selected by NetworkPolicies of their namespace that govern both Ingress and Egress.',
  severity: 'danger',
  follows: [
    { tool: 'kube-score', check: 'pod-networkpolicy' },
    { tool: 'polaris', check: 'missingNetworkPolicy' },
    { tool: 'kube-linter', check: 'non-isolated-pod' },
  ],
  check: (manifest, context) => {
    if (!podSpecOf(manifest)) return [];
    const labels = podLabelsOf(manifest);
    const governed = new Set(
      context.manifests
        .filter((candidate) => candidate.kind === 'NetworkPolicy' && sameNamespace(candidate, manifest) && selects(candidate.spec?.podSelector, labels))
        .flatMap(policyTypesOf),
    );
    const ungoverned = DIRECTIONS.filter((direction) => !governed.has(direction));
    if (ungoverned.length === 0) return [];
    return [
      `no NetworkPolicy of its namespace governs ${ungoverned.join(' or ')} of its pods: add ${ungoverned.join(' and ')} to the policyTypes of one that selects them`,
    ];
  },
};
