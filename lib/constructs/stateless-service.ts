import { ApiObjectMetadata } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { ServiceModel, StackModel } from '../model';
import { objectLabels, selectorLabels } from './labels';
import { podTemplate } from './pod-template';
import { servicePorts } from './service-ports';

export interface StatelessServiceProps {
  readonly service: ServiceModel;
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
    const metadata: ApiObjectMetadata = { name: service.name, labels: objectLabels(context, service.name) };
    const selector = selectorLabels(context, service.name);

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata,
      spec: {
        replicas: service.replicas,
        selector: { matchLabels: selector },
        // Surge one pod at a time and never go below the desired count while rolling out.
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) },
        },
        template: podTemplate({ service, stack, labels: objectLabels(context, service.name), annotations: props.podAnnotations }),
      },
    });

    const loadBalancer = props.serviceType === 'LoadBalancer';
    this.kubeService = new k8s.KubeService(this, 'service', {
      metadata,
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
