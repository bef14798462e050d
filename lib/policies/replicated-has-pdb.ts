import { coveredByDisruptionBudget, describeReplication, REPLICATED_KINDS, replicationOf, type Policy } from './policy';

/**
 * A node drain (an upgrade, a scale-down) evicts every pod on the node at once unless a PodDisruptionBudget
 * says how many must stay up; a replicated service can then lose all its replicas to routine maintenance.
 */
export const replicatedHasPdb: Policy = {
  name: 'replicated-has-pdb',
  description:
    'A Deployment or StatefulSet with more than one replica (or an autoscaler keeping more than one) is selected by a PodDisruptionBudget of its namespace.',
  severity: 'danger',
  // Polaris asks a budget of every Deployment, replicated or not: deployment-has-pdb follows it.
  follows: [
    { tool: 'kube-score', check: 'deployment-has-poddisruptionbudget' },
    { tool: 'kube-score', check: 'statefulset-has-poddisruptionbudget' },
  ],
  check: (manifest, context) => {
    if (!REPLICATED_KINDS.includes(manifest.kind)) return [];
    const replication = replicationOf(manifest, context);
    if (!replication) return [];
    return coveredByDisruptionBudget(manifest, context)
      ? []
      : [`${describeReplication(replication)} but no PodDisruptionBudget of its namespace selects its pods: add one so a node drain keeps some running`];
  },
};
