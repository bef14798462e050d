import { named } from '../objects';
import { claimTemplatesOf, fieldFinding, WORKLOAD_KINDS, type Day2Rule } from '../rule';
import type { Manifest } from '../objects';

/** The pod volumes of a workload that hold data beyond the pod: its claims and claim templates. */
function persistentVolumes(workload: Manifest): Set<string> {
  const names = new Set(claimTemplatesOf(workload.kind === 'StatefulSet' ? workload : undefined).keys());
  for (const volume of workload.spec?.template?.spec?.volumes ?? []) if (volume?.persistentVolumeClaim) names.add(volume.name);
  return names;
}

/**
 * A container that stops mounting its persistent volume at the same path writes to its own filesystem
 * instead, which is lost on every restart, and no longer sees what it stored.
 */
export const persistentMountKept: Day2Rule = {
  name: 'persistent-mount-kept',
  description: 'Every container of a live workload keeps mounting its persistent volumes at the same paths.',
  check: ({ before, after }) => {
    if (!before || !after || before.kind !== after.kind || !WORKLOAD_KINDS.includes(after.kind)) return [];
    const stillPersistent = persistentVolumes(after);
    const containers = (pod: any) => [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
    const findings = [];
    for (const container of containers(before.spec?.template?.spec)) {
      const next = containers(after.spec?.template?.spec).find((candidate) => candidate.name === container.name);
      const list = (before.spec.template.spec.initContainers ?? []).includes(container) ? 'initContainers' : 'containers';
      for (const mount of container.volumeMounts ?? []) {
        if (!persistentVolumes(before).has(mount.name)) continue;
        const kept = next?.volumeMounts?.some((candidate: any) => candidate.name === mount.name && candidate.mountPath === mount.mountPath);
        const field = `spec.template.spec.${list}${named(container.name)}.volumeMounts${named(mount.name)}.mountPath`;
        const text = {
          consequence: `${container.name} no longer keeps ${mount.mountPath} on volume ${mount.name}: what it writes there is lost on every restart, and the data already stored is out of its sight`,
          procedure: `keep the mount; to move the data to another path, mount the volume at both paths for one release and copy it over`,
        };
        if (!kept) findings.push(fieldFinding({ before, after }, field, text));
        else if (!stillPersistent.has(mount.name)) {
          findings.push(fieldFinding({ before, after }, `spec.template.spec.volumes${named(mount.name)}.persistentVolumeClaim`, text));
        }
      }
    }
    return findings;
  },
};
