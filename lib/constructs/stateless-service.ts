import { KubeService } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import { objectLabels, selectorLabels } from './labels';
import { ownedVolumes } from './pod-template';
import { ServiceDeployment, type DeploymentChoices } from './service-deployment';
import { servicePorts } from './service-ports';
import { podReferences, type PodReferences, type ServiceWorkloadProps } from './service-workload';

export interface StatelessServiceProps extends ServiceWorkloadProps, DeploymentChoices {
  /**
   * How the Service is reached: `ClusterIP` inside the cluster, `LoadBalancer` for the entry point.
   * @default 'ClusterIP'
   */
  readonly serviceType?: 'ClusterIP' | 'LoadBalancer';
}

/**
 * A compose service without per-replica state: a Deployment and a Service named after it, and what its
 * pods reference (its ServiceAccount, the claims of the shared volumes it mounts) unless given.
 * Exposes the parts, so a pattern built on top can reach them (`deployment`, `kubeService`).
 */
export class StatelessService extends Construct {
  readonly deployment: k8s.KubeDeployment;
  readonly kubeService: k8s.KubeService;
  /** The ServiceAccount and shared claims the pods reference (made here unless given). */
  readonly references: PodReferences;

  constructor(scope: Construct, id: string, props: StatelessServiceProps) {
    super(scope, id);
    const { service, context } = props;
    const owned = ownedVolumes(service);
    if (owned.length > 0) {
      throw new Error(`service "${service.name}" owns the ReadWriteOnce volume "${owned[0].name}": a Deployment's replicas cannot each have their own; use StatefulService`);
    }
    const labels = objectLabels(context, service.name);
    const selector = selectorLabels(context, service.name);
    this.references = podReferences(this, props);

    this.deployment = new ServiceDeployment(this, 'workload', {
      service,
      labels,
      selector,
      podAnnotations: props.podAnnotations,
      serviceAccountName: this.references.serviceAccount.name,
      dependencyWait: props.dependencyWait,
      probes: props.probes,
      rollout: props.rollout,
      maxUnavailableInDisruption: props.maxUnavailableInDisruption,
    }).deployment;

    const loadBalancer = props.serviceType === 'LoadBalancer';
    this.kubeService = new KubeService(this, 'service', {
      metadata: { name: service.name, labels },
      spec: {
        type: props.serviceType ?? 'ClusterIP',
        selector,
        ports: servicePorts(service),
        // Keep the client's address for nginx's X-Real-IP: the load balancer only sends to nodes with a
        // ready pod instead of hopping through another node (which would hide the source address).
        externalTrafficPolicy: loadBalancer ? 'Local' : undefined,
      },
    });
  }
}
