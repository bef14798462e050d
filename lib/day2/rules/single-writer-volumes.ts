import { claimTemplatesOf, fieldFinding, type ComparisonContext, type Day2Rule } from '../rule';
import type { Manifest } from '../objects';
import { findManifest } from '../../policies/policy';

const SINGLE_NODE_MODES = ['ReadWriteOnce', 'ReadWriteOncePod'];

/** The ReadWriteOnce volumes a workload's pods own or share, by name, that the settings do not declare replicable. */
function ownSingleNodeVolumes(workload: Manifest, context: ComparisonContext): string[] {
  const single = (spec: any) => (spec?.accessModes ?? []).some((mode: string) => SINGLE_NODE_MODES.includes(mode));
  const names: string[] = [];
  if (workload.kind === 'StatefulSet') {
    for (const [name, template] of claimTemplatesOf(workload)) if (single(template.spec)) names.push(name);
  }
  for (const volume of workload.spec?.template?.spec?.volumes ?? []) {
    const claim = findManifest(context.after, 'PersistentVolumeClaim', volume?.persistentVolumeClaim?.claimName, workload.metadata.namespace);
    if (claim && single(claim.spec)) names.push(claim.metadata.name);
  }
  return names.filter((name) => !context.replicableVolumes.has(name));
}

const replicasOf = (manifest: Manifest | undefined, field: 'replicas' | 'maxReplicas') => (manifest ? Number(manifest.spec?.[field] ?? 1) : 0);

/**
 * A second replica of a service that owns a ReadWriteOnce volume is not a second copy of the same
 * service: a StatefulSet gives it a new, empty claim (a second, independent database behind the same
 * Service), and a Deployment's pods cannot share one (Multi-Attach on another node, two writers on the
 * same). Only software that replicates its own data runs so, and the settings must say it does.
 */
export const singleWriterVolumes: Day2Rule = {
  name: 'single-writer-volumes',
  description: 'A workload with a ReadWriteOnce volume does not go above one replica (nor does its autoscaler) unless the settings declare the volume replicable.',
  check: ({ before, after }, context) => {
    if (!after) return [];
    const procedure =
      'keep one replica; to run more, use the software\'s own replication and declare the volume replicable in environments/stack.yaml (volumes.<name>.replicable: true)';
    if (after.kind === 'StatefulSet' || after.kind === 'Deployment') {
      const volumes = ownSingleNodeVolumes(after, context);
      if (volumes.length === 0 || replicasOf(after, 'replicas') <= 1 || (before && replicasOf(before, 'replicas') > 1)) return [];
      return [fieldFinding({ before, after }, 'spec.replicas', { consequence: consequence(after, volumes), procedure })];
    }
    if (after.kind === 'HorizontalPodAutoscaler') {
      const target = findManifest(context.after, after.spec?.scaleTargetRef?.kind, after.spec?.scaleTargetRef?.name, after.metadata.namespace);
      const volumes = target ? ownSingleNodeVolumes(target, context) : [];
      if (!target || volumes.length === 0 || replicasOf(after, 'maxReplicas') <= 1 || (before && replicasOf(before, 'maxReplicas') > 1)) return [];
      return [fieldFinding({ before, after }, 'spec.maxReplicas', { consequence: consequence(target, volumes), procedure })];
    }
    return [];
  },
};

function consequence(workload: Manifest, volumes: readonly string[]): string {
  return workload.kind === 'StatefulSet'
    ? `each new replica of ${workload.kind}/${workload.metadata.name} gets its own, empty ${volumes.join(', ')}: a second, independent copy of the data behind the same Service, which splits the writes between them`
    : `the replicas of ${workload.kind}/${workload.metadata.name} share the ReadWriteOnce ${volumes.join(', ')}: a pod on another node cannot attach it (Multi-Attach error), two on one node write the same files`;
}
