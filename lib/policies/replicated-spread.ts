import { describeReplication, podLabelsOf, podSpecOf, replicationOf, selects, type LabelSelector, type Policy } from './policy';

const REPLICATED_KINDS = ['Deployment', 'StatefulSet'];
const HOSTNAME = 'kubernetes.io/hostname';

/**
 * The scheduler may put every replica on the same node, and then one node failure takes the whole service
 * down. A spread constraint or anti-affinity only helps if its selector matches the workload's own pods.
 */
export const replicatedSpread: Policy = {
  name: 'replicated-spread',
  description:
    'A Deployment or StatefulSet with more than one replica (or an autoscaler keeping more than one) spreads its pods over nodes with a topologySpreadConstraint or podAntiAffinity on kubernetes.io/hostname.',
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
      (pod.topologySpreadConstraints ?? []).some((constraint) => spreadsOwnPods(constraint.topologyKey, constraint.labelSelector)) ||
      (antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some((term) => spreadsOwnPods(term.topologyKey, term.labelSelector)) ||
      (antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).some((weighted) =>
        spreadsOwnPods(weighted.podAffinityTerm?.topologyKey, weighted.podAffinityTerm?.labelSelector),
      );
    return spread
      ? []
      : [
          `${describeReplication(replication)} with nothing spreading them over nodes: add a topologySpreadConstraint or podAntiAffinity on ${HOSTNAME} that selects its pods`,
        ];
  },
};
