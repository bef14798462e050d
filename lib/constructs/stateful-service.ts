import { ApiObjectMetadata } from 'cdk8s';
import { KubeService, KubeStatefulSet } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import { objectLabels, selectorLabels } from './labels';
import { DisruptionBudget } from './disruption-budget';
import { headlessServiceName } from './names';
import { ownedVolumes, podTemplate } from './pod-template';
import { servicePorts } from './service-ports';
import { podReferences, type PodReferences, type ServiceWorkloadProps } from './service-workload';

export interface StatefulServiceProps extends ServiceWorkloadProps {
  /** Pods of a replicated service its PodDisruptionBudget lets a drain take at once. @default 1 */
  readonly maxUnavailableInDisruption?: number;
}

/**
 * A compose service that owns a ReadWriteOnce named volume (`db`, `redis`): a StatefulSet whose claim
 * templates give each replica its own volume, its headless governing Service, and a Service named after
 * the compose service, so `db:1433` and `redis:6379` resolve exactly as on the compose network; and
 * what its pods reference (its ServiceAccount, the claims of shared volumes it mounts) unless given.
 */
export class StatefulService extends Construct {
  readonly statefulSet: k8s.KubeStatefulSet;
  readonly headlessService: k8s.KubeService;
  readonly kubeService: k8s.KubeService;
  readonly disruptionBudget?: DisruptionBudget;
  /** The ServiceAccount and shared claims the pods reference (made here unless given). */
  readonly references: PodReferences;

  constructor(scope: Construct, id: string, props: StatefulServiceProps) {
    super(scope, id);
    const { service, context } = props;
    const labels = objectLabels(context, service.name);
    const selector = selectorLabels(context, service.name);
    const metadata: ApiObjectMetadata = { name: service.name, labels };
    this.references = podReferences(this, props);

    this.headlessService = new KubeService(this, 'headless', {
      metadata: { name: headlessServiceName(service.name), labels },
      spec: { clusterIp: 'None', selector, ports: servicePorts(service) },
    });

    this.statefulSet = new KubeStatefulSet(this, 'statefulset', {
      metadata,
      spec: {
        serviceName: headlessServiceName(service.name),
        replicas: service.replicas,
        selector: { matchLabels: selector },
        template: podTemplate({
          service,
          labels,
          annotations: props.podAnnotations,
          spreadBy: selector,
          replicated: service.replicas > 1,
          serviceAccountName: this.references.serviceAccount.name,
          dependencyWait: props.dependencyWait,
          probes: props.probes,
        }),
        volumeClaimTemplates: ownedVolumes(service).map((volume) => ({
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

    this.kubeService = new KubeService(this, 'service', {
      metadata,
      spec: { type: 'ClusterIP', selector, ports: servicePorts(service) },
    });
    if (service.replicas > 1) {
      this.disruptionBudget = new DisruptionBudget(this, 'disruption-budget', { name: service.name, labels, selector, maxUnavailable: props.maxUnavailableInDisruption });
    }
  }
}
