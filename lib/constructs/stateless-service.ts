import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { ServiceModel, StackModel } from '../model';
import { objectLabels, selectorLabels } from './labels';
import { ServiceDeployment } from './service-deployment';
import { servicePorts } from './service-ports';

export interface StatelessServiceProps {
  /** A service without ReadWriteOnce volumes. */
  readonly service: ServiceModel;
  /** The environment the service belongs to. */
  readonly stack: StackModel;
  /**
   * How the Service is reached: `ClusterIP` inside the cluster, `LoadBalancer` for the entry point.
   * @default 'ClusterIP'
   */
  readonly serviceType?: 'ClusterIP' | 'LoadBalancer';
  /** Pod annotations (checksums of mounted configuration). @default none */
  readonly podAnnotations?: Record<string, string>;
}

/**
 * A compose service without per-replica state: a Deployment and a Service named after it.
 * Exposes both, so a pattern built on top can reach the parts (`deployment`, `kubeService`).
 */
export class StatelessService extends Construct {
  readonly deployment: k8s.KubeDeployment;
  readonly kubeService: k8s.KubeService;

  constructor(scope: Construct, id: string, props: StatelessServiceProps) {
    super(scope, id);
    const { service, stack } = props;
    const context = { project: stack.project, environment: stack.environment.name };
    const labels = objectLabels(context, service.name);
    const selector = selectorLabels(context, service.name);

    this.deployment = new ServiceDeployment(this, 'workload', { service, stack, labels, selector, podAnnotations: props.podAnnotations }).deployment;

    const loadBalancer = props.serviceType === 'LoadBalancer';
    this.kubeService = new k8s.KubeService(this, 'service', {
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
