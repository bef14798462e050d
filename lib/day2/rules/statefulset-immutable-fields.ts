import { differingPaths } from '../objects';
import { fieldFinding, namespaceOption, type Day2Rule } from '../rule';

/**
 * The fields of a StatefulSet's spec the API server lets an update change (Kubernetes 1.27's list, in
 * its own error message). The claim templates and the selector are other rules' (their procedures differ).
 */
const UPDATABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);
const OWNED_BY_OTHER_RULES = new Set(['volumeClaimTemplates', 'selector']);
/** What the API server fills in when a field is left out, so leaving out the default is no change. */
const DEFAULTS: Readonly<Record<string, unknown>> = { podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10 };

/**
 * Any other field of a live StatefulSet's spec (`serviceName`, `podManagementPolicy`,
 * `revisionHistoryLimit`) is refused by the API server, which stops Argo CD's sync half-way.
 */
export const statefulSetImmutableFields: Day2Rule = {
  name: 'statefulset-immutable-fields',
  description: 'A live StatefulSet changes only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds.',
  check: ({ before, after }) => {
    if (before?.kind !== 'StatefulSet' || after?.kind !== 'StatefulSet') return [];
    const fields = new Set([...Object.keys(before.spec ?? {}), ...Object.keys(after.spec ?? {})]);
    return [...fields]
      .filter((field) => !UPDATABLE.has(field) && !OWNED_BY_OTHER_RULES.has(field))
      .sort()
      .flatMap((field) => differingPaths(before.spec?.[field] ?? DEFAULTS[field], after.spec?.[field] ?? DEFAULTS[field], `spec.${field}`))
      .map((path) =>
        fieldFinding({ before, after }, path, {
          consequence: `the API server refuses it (only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds may change), and the sync stops half-way${path === 'spec.serviceName' ? '; the pods\' DNS names change with it' : ''}`,
          procedure: `kubectl${namespaceOption(after)} delete statefulset ${after.metadata.name} --cascade=orphan, then sync: the pods and their claims stay, and the new StatefulSet adopts them`,
        }),
      );
  },
};
