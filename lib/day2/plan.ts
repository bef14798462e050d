import { objectName, sameValue, type Manifest } from './objects';
import { WORKLOAD_KINDS, type ObjectChange } from './rule';

/** What a sync of the new render does to one environment, for a reviewer to read before merging. */
export interface Plan {
  readonly environment: string;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** Workloads whose pod template changed: their pods are replaced. */
  readonly restarts: readonly string[];
}

/** The plan of a set of matched objects (see matchObjects). Objects that differ only in form (`100Gi` as `102400Mi`) are unchanged. */
export function planOf(environment: string, changes: readonly ObjectChange[]): Plan {
  const names = (select: (change: ObjectChange) => Manifest | undefined) => changes.flatMap((change) => (select(change) ? [objectName(select(change)!)] : []));
  const changed = changes.filter((change) => change.before && change.after && !sameValue(change.before, change.after));
  return {
    environment,
    added: names((change) => (change.before ? undefined : change.after)),
    removed: names((change) => (change.after ? undefined : change.before)),
    changed: changed.map((change) => objectName(change.after!)),
    restarts: changed
      .filter((change) => WORKLOAD_KINDS.includes(change.after!.kind) && !sameValue(change.before!.spec?.template, change.after!.spec?.template))
      .map((change) => objectName(change.after!)),
  };
}

/** The plan of an environment that did not change. */
export function noChanges(environment: string): Plan {
  return { environment, added: [], changed: [], removed: [], restarts: [] };
}

/** One line: `plan: prod: 0 added, 2 changed, 0 removed; restarts Deployment/backend-blue`, or `plan: prod: no changes`. */
export function formatPlan(plan: Plan): string {
  if (plan.added.length + plan.changed.length + plan.removed.length === 0) return `plan: ${plan.environment}: no changes`;
  const counts = `${plan.added.length} added, ${plan.changed.length} changed, ${plan.removed.length} removed`;
  const restarts = plan.restarts.length > 0 ? `restarts ${plan.restarts.join(', ')}` : 'no pod restarts';
  return `plan: ${plan.environment}: ${counts}; ${restarts}`;
}
