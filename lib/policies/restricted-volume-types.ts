import { podSpecOf, type Policy } from './policy';

/** The volume sources the restricted profile admits; every other one reaches outside the pod's own data. */
const ALLOWED_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * hostPath, NFS, iSCSI and the other direct volume sources let a pod name storage that no claim, storage
 * class or quota governs; the restricted profile admits only the sources that Kubernetes itself provisions
 * or fills.
 */
export const restrictedVolumeTypes: Policy = {
  name: 'restricted-volume-types',
  description: `Every volume is one of: ${ALLOWED_SOURCES.join(', ')}.`,
  severity: 'danger',
  follows: [{ tool: 'pss', check: 'Volume Types' }],
  check: (manifest) =>
    (podSpecOf(manifest)?.volumes ?? []).flatMap((volume) => {
      const sources = Object.keys(volume).filter((key) => key !== 'name');
      const refused = sources.filter((source) => !ALLOWED_SOURCES.includes(source));
      return refused.length > 0 ? [`volume "${volume.name}" uses ${refused.join(', ')}, which the restricted profile refuses: use a claim or an emptyDir`] : [];
    }),
};
