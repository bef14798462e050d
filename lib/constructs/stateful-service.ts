import { ApiObjectMetadata } from 'cdk8s';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { ServiceModel, StackModel, VolumeModel } from '../model';
import { objectLabels, selectorLabels } from './labels';
import { DisruptionBudget } from './disruption-budget';
import { headlessServiceName } from './names';
import { podTemplate } from './pod-template';
import { servicePorts } from './service-ports';

export interface StatefulServiceProps {
  /** A service that mounts at least one ReadWriteOnce volume. */
  readonly service: ServiceModel;
  /** The environment, for its volumes' sizes and classes. */
  readonly stack: StackModel;
  /** Pod annotations (checksums of mounted configuration). @default none */
  readonly podAnnotations?: Record<string, string>;
  /** Annotations of each claim template, which the claims it creates carry. @default none */
  readonly claimAnnotations?: Record<string, string>;
}

/**
 * A compose service that owns a ReadWriteOnce named volume (`db`, `redis`): a StatefulSet whose claim
 * templates give each replica its own volume, its headless governing Service, and a Service named after
 * the compose service, so `db:1433` and `redis:6379` resolve exactly as on the compose network.
 */
export class StatefulService extends Construct {
  readonly statefulSet: k8s.KubeStatefulSet;
  readonly headlessService: k8s.KubeService;
  readonly kubeService: k8s.KubeService;
  readonly disruptionBudget?: DisruptionBudget;

  constructor(scope: Construct, id: string, props: StatefulServiceProps) {
    super(scope, id);
    const { service, stack } = props;
    const context = { project: stack.project, environment: stack.environment.name };
    const labels = objectLabels(context, service.name);
    const selector = selectorLabels(context, service.name);
    const metadata: ApiObjectMetadata = { name: service.name, labels };

    this.headlessService = new k8s.KubeService(this, 'headless', {
      metadata: { name: headlessServiceName(service.name), labels },
      spec: { clusterIp: 'None', selector, ports: servicePorts(service) },
    });

    this.statefulSet = new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata,
      spec: {
        serviceName: headlessServiceName(service.name),
        replicas: service.replicas,
        selector: { matchLabels: selector },
        template: podTemplate({ service, stack, labels, annotations: props.podAnnotations, spreadBy: selector, replicated: service.replicas > 1 }),
        volumeClaimTemplates: ownedVolumes(service, stack).map((volume) => ({
          metadata: { name: volume.name, labels, annotations: props.claimAnnotations },
          spec: {
            accessModes: [volume.accessMode],
            storageClassName: volume.storageClass,
            resources: { requests: { storage: k8s.Quantity.fromString(volume.size) } },
          },
        })),
        // The data outlives the workload: deleting or scaling down the StatefulSet keeps the claims.
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      },
    });

    this.kubeService = new k8s.KubeService(this, 'service', {
      metadata,
      spec: { type: 'ClusterIP', selector, ports: servicePorts(service) },
    });
    if (service.replicas > 1) {
      this.disruptionBudget = new DisruptionBudget(this, 'disruption-budget', { name: service.name, labels, selector });
    }
  }
}

/** The ReadWriteOnce volumes a service mounts: the ones each replica owns. */
export function ownedVolumes(service: ServiceModel, stack: StackModel): VolumeModel[] {
  return service.mounts.flatMap((mount) => {
    if (mount.kind !== 'volume') return [];
    const volume = stack.volumes.find((candidate) => candidate.name === mount.volume);
    return volume && volume.accessMode === 'ReadWriteOnce' ? [volume] : [];
  });
}
