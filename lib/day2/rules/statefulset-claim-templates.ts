import { parseKubernetesQuantity } from '../../units';
import { differingPaths, named } from '../objects';
import { claimNames, claimTemplatesOf, fieldFinding, namespaceOption, type Day2Rule } from '../rule';

const STORAGE = 'spec.resources.requests.storage';

/**
 * The API server refuses any change to a live StatefulSet's claim templates ("updates to statefulset
 * spec for fields other than … are forbidden"): Argo CD's sync then stops half-way, after wave 0. A
 * growth is still possible, claim by claim; other changes only reach claims made after them. A template
 * removed is the claims-kept rule's (the data is what matters then).
 */
export const statefulSetClaimTemplates: Day2Rule = {
  name: 'statefulset-claim-templates',
  description: 'A live StatefulSet keeps its claim templates as they are: no new template, no change to an existing one (its size included).',
  check: ({ before, after }) => {
    if (before?.kind !== 'StatefulSet' || after?.kind !== 'StatefulSet') return [];
    const previous = claimTemplatesOf(before);
    const orphanAndSync = `kubectl${namespaceOption(after)} delete statefulset ${after.metadata.name} --cascade=orphan, then sync (the pods keep running and the new StatefulSet adopts them)`;
    const findings = [];
    for (const [name, template] of claimTemplatesOf(after)) {
      const base = `spec.volumeClaimTemplates${named(name)}`;
      const old = previous.get(name);
      if (!old) {
        findings.push(
          fieldFinding({ before, after }, `${base}.metadata.name`, {
            consequence: 'the API server refuses a new claim template on a live StatefulSet, and the sync stops half-way',
            procedure: `${orphanAndSync}; each pod gets the new, empty claim when it is next replaced. For storage the pods share, prefer a claim of its own mounted by the pod template`,
          }),
        );
        continue;
      }
      for (const path of differingPaths(old, template, base)) {
        const grows = path === `${base}.${STORAGE}` && isGrowth(old, template);
        const shrinks = path === `${base}.${STORAGE}` && !grows;
        const claims = claimNames(after, name);
        const size = template.spec?.resources?.requests?.storage;
        findings.push(
          fieldFinding({ before, after }, path, {
            consequence: 'the API server refuses any change to the claim templates of a live StatefulSet, and the sync stops half-way',
            procedure: grows
              ? `grow each claim first (${claims.map((claim) => `kubectl${namespaceOption(after)} patch pvc ${claim} -p '{"spec":{"resources":{"requests":{"storage":"${size}"}}}}'`).join('; ')}; its storage class needs allowVolumeExpansion: true), then ${orphanAndSync}`
              : shrinks
                ? 'a volume cannot shrink: keep the size, or move the data to a new, smaller claim (back it up, restore it into a StatefulSet of another name) and switch to it'
                : `this reaches only claims created later, never the existing ${claims.join(', ')}: ${orphanAndSync}; to move existing data, back it up and restore it into a new claim`,
          }),
        );
      }
    }
    return findings;
  },
};

function isGrowth(before: any, after: any): boolean {
  const old = parseKubernetesQuantity(before.spec?.resources?.requests?.storage ?? '');
  const next = parseKubernetesQuantity(after.spec?.resources?.requests?.storage ?? '');
  return old !== undefined && next !== undefined && next > old;
}
