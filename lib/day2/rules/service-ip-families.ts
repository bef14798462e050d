import { describeValue } from '../objects';
import { fieldFinding, namespaceOption, type Day2Rule } from '../rule';

/**
 * A Service's IP families are fixed, except that a single-stack Service may gain a second family when
 * the cluster is dual-stack: the API server refuses any other change of `ipFamilies`.
 */
export const serviceIpFamilies: Day2Rule = {
  name: 'service-ip-families',
  description: 'A live Service keeps its IP families (a second family may only be added).',
  check: ({ before, after }) => {
    if (before?.kind !== 'Service' || after?.kind !== 'Service') return [];
    const old: string[] = before.spec?.ipFamilies ?? [];
    const next: string[] = after.spec?.ipFamilies ?? [];
    // Left out means "as the cluster allocated it": no change. Appending the other family is allowed.
    if (next.length === 0 || describeValue(old) === describeValue(next)) return [];
    if (old.length === 0 || (old.length === 1 && next.length === 2 && next[0] === old[0])) return [];
    return [
      fieldFinding({ before, after }, 'spec.ipFamilies', {
        consequence: 'the API server refuses it: a Service\'s primary IP family cannot change, nor can a family be removed, and the sync stops half-way',
        procedure: `kubectl${namespaceOption(after)} delete service ${after.metadata.name}, then sync (the Service gets new addresses)`,
      }),
    ];
  },
};
