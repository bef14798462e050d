import { Construct } from 'constructs';
import type { ServiceModel } from '../model';
import type { DependencyWaitProps } from './dependency-wait';
import type { ProbeChoices } from './probes';
import { objectLabels, type LabelContext } from './labels';
import { SharedVolume } from './shared-volume';
import { WorkloadServiceAccount } from './workload-service-account';

/** What every construct that runs a compose service's pods takes (a workload, or a Job of the service). */
export interface ServiceWorkloadProps {
  /** The compose service, as the loader resolves it (or built by hand: see the README's exported API). */
  readonly service: ServiceModel;
  /** The stack and environment the objects' labels name. */
  readonly context: LabelContext;
  /**
   * The identity the pods run as. Pass one to share it: the service's Jobs run as the service.
   * @default a WorkloadServiceAccount of its own, named after the service
   */
  readonly serviceAccount?: WorkloadServiceAccount;
  /**
   * The claims of the ReadWriteMany volumes the service mounts, when they are made elsewhere (several
   * workloads share one); each such volume must have its claim here.
   * @default a SharedVolume of its own for each
   */
  readonly sharedVolumes?: readonly SharedVolume[];
  /** Annotations of each claim made here (shared claims and claim templates). @default none */
  readonly claimAnnotations?: Record<string, string>;
  /** Pod annotations (checksums of mounted configuration). @default none */
  readonly podAnnotations?: Record<string, string>;
  /** How the init containers that wait for the service's dependencies run. @default see DependencyWaitProps */
  readonly dependencyWait?: DependencyWaitProps;
  /** What the probes ask beyond the compose health check. @default see ProbeChoices */
  readonly probes?: ProbeChoices;
}

/** The ServiceAccount and shared claims a service's pods reference: the ones given, or made under `scope`. */
export interface PodReferences {
  readonly serviceAccount: WorkloadServiceAccount;
  readonly sharedVolumes: readonly SharedVolume[];
}

/**
 * Makes sure what the pods will reference exists: the ServiceAccount and each shared claim, given or
 * made here. A construct built from a model alone then renders no pod that points at a missing object.
 */
export function podReferences(scope: Construct, props: ServiceWorkloadProps): PodReferences {
  const { service, context } = props;
  const serviceAccount =
    props.serviceAccount ?? new WorkloadServiceAccount(scope, 'service-account', { service: service.name, labels: objectLabels(context, service.name) });
  const shared = (service.volumes ?? []).filter((volume) => volume.accessMode === 'ReadWriteMany');
  if (props.sharedVolumes) {
    for (const volume of shared) {
      if (!props.sharedVolumes.some((claim) => claim.name === volume.name)) {
        throw new Error(`service "${service.name}" mounts the shared volume "${volume.name}", which sharedVolumes does not hold: add its SharedVolume, or leave sharedVolumes out to make one here`);
      }
    }
    return { serviceAccount, sharedVolumes: props.sharedVolumes };
  }
  const sharedVolumes = shared.map(
    (volume) => new SharedVolume(scope, `volume-${volume.name}`, { volume, labels: objectLabels(context, volume.name), annotations: props.claimAnnotations }),
  );
  return { serviceAccount, sharedVolumes };
}
