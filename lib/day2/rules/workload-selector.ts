import { differingPaths } from '../objects';
import { fieldFinding, namespaceOption, type Day2Rule } from '../rule';
import type { Manifest } from '../objects';

const SELECTED_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/** How to move a workload to a new selector without the API server's refusal, per kind. */
function procedureFor(workload: Manifest): string {
  const kind = workload.kind.toLowerCase();
  const name = workload.metadata.name;
  const namespace = namespaceOption(workload);
  if (workload.kind === 'StatefulSet') {
    return `kubectl${namespace} delete statefulset ${name} --cascade=orphan, then sync, then delete the old pods one at a time (kubectl${namespace} delete pod ${name}-0 …): the new StatefulSet recreates each with its claim`;
  }
  return `kubectl${namespace} delete ${kind} ${name} --cascade=orphan, then sync; once the new pods are ready, delete the old ones (kubectl${namespace} delete replicaset,pod -l <the old selector>)`;
}

/**
 * A workload's selector is immutable (`field is immutable`): the API server refuses the update and the
 * sync stops half-way. It changes whenever a selector label does: a renamed stack or environment
 * changes `app.kubernetes.io/instance`, a renamed service `app.kubernetes.io/name`.
 */
export const workloadSelector: Day2Rule = {
  name: 'workload-selector',
  description: 'A live Deployment, StatefulSet, DaemonSet or ReplicaSet keeps its selector labels.',
  check: ({ before, after }) => {
    if (!before || !after || before.kind !== after.kind || !SELECTED_KINDS.includes(after.kind)) return [];
    return differingPaths(before.spec?.selector, after.spec?.selector, 'spec.selector').map((path) =>
      fieldFinding({ before, after }, path, {
        consequence: `the API server refuses it (a ${after.kind}'s selector is immutable), and the sync stops half-way`,
        procedure: procedureFor(after),
      }),
    );
  },
};
