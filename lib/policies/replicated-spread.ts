import { describeReplication, podLabelsOf, podSpecOf, REPLICATED_KINDS, replicationOf, selects, type LabelSelector, type Policy } from './policy';

const HOSTNAME = 'kubernetes.io/hostname';

/**
 * The scheduler may put every replica on the same node, and then one node failure takes the whole service
 * down. An anti-affinity only helps if its selector matches the workload's own pods. A
 * topologySpreadConstraint spreads them too (see topology-spread-set), but kube-linter's no-anti-affinity
 * and kube-score's host-podantiaffinity checks read only podAntiAffinity, so that is what this rule asks for.
 */
export const replicatedSpread: Policy = {
  name: 'replicated-spread',
  description:
    'A Deployment or StatefulSet with more than one replica (or an autoscaler keeping more than one) has a podAntiAffinity on kubernetes.io/hostname that selects its own pods.',
  severity: 'danger',
  follows: [
    { tool: 'kube-linter', check: 'no-anti-affinity' },
    { tool: 'kube-score', check: 'deployment-has-host-podantiaffinity' },
    { tool: 'kube-score', check: 'statefulset-has-host-podantiaffinity' },
  ],
  check: (manifest, context) => {
    if (!REPLICATED_KINDS.includes(manifest.kind)) return [];
    const replication = replicationOf(manifest, context);
    const pod = podSpecOf(manifest);
    if (!replication || !pod) return [];
    const labels = podLabelsOf(manifest);
    const spreadsOwnPods = (topologyKey: string | undefined, selector: LabelSelector | undefined) =>
      topologyKey === HOSTNAME && selects(selector, labels);
    const antiAffinity = pod.affinity?.podAntiAffinity;
    const spread =
      (antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some((term) => spreadsOwnPods(term.topologyKey, term.labelSelector)) ||
      (antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).some((weighted) =>
        spreadsOwnPods(weighted.podAffinityTerm?.topologyKey, weighted.podAffinityTerm?.labelSelector),
      );
    return spread
      ? []
      : [`${describeReplication(replication)} with nothing keeping them apart: add a podAntiAffinity on ${HOSTNAME} that selects its pods`];
  },
};
