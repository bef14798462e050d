import { parseKubernetesQuantity } from '../../units';
import { differingPaths } from '../objects';
import { fieldFinding, namespaceOption, type Day2Rule, type RuleFinding } from '../rule';

const STORAGE = 'spec.resources.requests.storage';
/** What the API server fills in when a field is left out. */
const DEFAULT_VOLUME_MODE = 'Filesystem';
/**
 * The other field the API server lets a bound claim change: its volume attributes class (the disk's
 * performance tier, Kubernetes 1.29 beta, 1.34 GA), which the driver applies in place.
 */
const MUTABLE = new Set(['spec.volumeAttributesClassName']);

/**
 * A bound PersistentVolumeClaim's spec is immutable except for a larger storage request and its volume
 * attributes class (the API
 * server: "spec is immutable after creation except resources.requests"; and "field can not be less
 * than previous value"). A growth goes through, but only where the storage class allows expansion,
 * which the render cannot see: it is printed with that condition.
 */
export const claimImmutableFields: Day2Rule = {
  name: 'claim-immutable-fields',
  description: 'A live PersistentVolumeClaim changes only by growing its storage request (printed with the condition it needs).',
  check: ({ before, after }) => {
    if (before?.kind !== 'PersistentVolumeClaim' || after?.kind !== 'PersistentVolumeClaim') return [];
    const withDefaults = (spec: any) => ({ ...spec, volumeMode: spec?.volumeMode ?? DEFAULT_VOLUME_MODE });
    const namespace = namespaceOption(after);
    const changed = differingPaths(withDefaults(before.spec), withDefaults(after.spec), 'spec').filter((path) => !MUTABLE.has(path));
    return changed.map((path): RuleFinding => {
      if (path === STORAGE) {
        const old = parseKubernetesQuantity(before.spec?.resources?.requests?.storage ?? '');
        const next = parseKubernetesQuantity(after.spec?.resources?.requests?.storage ?? '');
        if (old !== undefined && next !== undefined && next > old) {
          const storageClass = after.spec?.storageClassName;
          const classCheck = storageClass
            ? `kubectl get storageclass ${storageClass} -o jsonpath='{.allowVolumeExpansion}' must print true`
            : "the cluster's default storage class must have allowVolumeExpansion: true";
          return fieldFinding({ before, after }, path, {
            severity: 'note',
            consequence: `the claim grows in place only if it is bound and its storage class allows expansion (${classCheck}); otherwise the API server refuses it`,
            procedure: `after the sync, kubectl${namespace} get pvc ${after.metadata.name} shows the new capacity once the volume and its filesystem have grown (some drivers need the pod restarted)`,
          });
        }
        return fieldFinding({ before, after }, path, {
          consequence: 'the API server refuses it: a claim can grow but never shrink, and the sync stops half-way',
          procedure: `keep the size, or copy the data to a new, smaller claim and point the workload at it`,
        });
      }
      return fieldFinding({ before, after }, path, {
        consequence: 'the API server refuses it: a claim\'s spec is fixed once created, except a larger storage request, and the sync stops half-way',
        procedure: `keep the field; to move the data, create a new claim under another name (spec.dataSource naming ${after.metadata.name} clones it where the CSI driver supports it), copy or clone, then point the workload at the new claim`,
      });
    });
  },
};
