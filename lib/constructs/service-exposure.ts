import { KubeIngress, KubeService } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { ExposureModel, PortModel, ServiceModel } from '../model';
import { colorSelector } from './blue-green-deployment';
import { objectLabels, selectorLabels, type LabelContext } from './labels';
import { publicServiceName } from './names';
import { servicePorts } from './service-ports';

export interface ServiceExposureProps {
  /** The service exposed; its Services and Ingress are named after it. */
  readonly service: Pick<ServiceModel, 'name' | 'blueGreen'>;
  /** How it is reached from outside (the model's `exposure`). */
  readonly exposure: ExposureModel;
  /** Project and environment, for labels and the pod selector. */
  readonly context: LabelContext;
}

/**
 * A service's published ports, reachable from outside the cluster as compose publishes them on the host:
 * - `loadBalancer`: a Service `<name>-public` of type LoadBalancer carrying the published ports and only
 *   those (the service's own ClusterIP Service keeps its `expose:` ports inside the cluster);
 * - `ingress`: an Ingress `<name>` for the host, routing the path prefix to the service's own Service on
 *   the published HTTP port, with TLS where a Secret is named.
 * The NetworkPolicies let outside reach exactly these ports (network-paths.ts, in the loader).
 */
export class ServiceExposure extends Construct {
  /** The LoadBalancer Service, for `loadBalancer`. */
  readonly loadBalancer?: k8s.KubeService;
  /** The Ingress, for `ingress`. */
  readonly ingress?: k8s.KubeIngress;

  constructor(scope: Construct, id: string, props: ServiceExposureProps) {
    super(scope, id);
    const { service, exposure, context } = props;
    const labels = objectLabels(context, service.name);
    if (exposure.kind === 'loadBalancer') {
      this.loadBalancer = new KubeService(this, 'load-balancer', {
        metadata: { name: publicServiceName(service.name), labels },
        spec: {
          type: 'LoadBalancer',
          selector: serviceSelector(service, context),
          ports: exposure.ports.map((port) => toServicePort(port, port.publishedPort ?? port.servicePort)),
          // The load balancer sends only to nodes with a ready pod, so the pod sees the client's address.
          externalTrafficPolicy: 'Local',
        },
      });
      return;
    }
    this.ingress = new KubeIngress(this, 'ingress', {
      metadata: { name: service.name, labels },
      spec: {
        ingressClassName: exposure.className,
        tls: exposure.tlsSecret ? [{ hosts: [exposure.host], secretName: exposure.tlsSecret }] : undefined,
        rules: [
          {
            host: exposure.host,
            http: {
              paths: [{ path: exposure.path, pathType: 'Prefix', backend: { service: { name: service.name, port: { number: exposure.port.servicePort } } } }],
            },
          },
        ],
      },
    });
  }
}

export interface ServiceAliasProps {
  /** The service that answers to the alias. */
  readonly service: Pick<ServiceModel, 'name' | 'blueGreen' | 'ports'>;
  /** The other name (compose network `aliases`): a DNS label no other Service of the namespace has. */
  readonly alias: string;
  /** Project and environment, for labels and the pod selector. */
  readonly context: LabelContext;
}

/**
 * Another name of a service, as a compose network alias gives it: a ClusterIP Service named `alias`
 * with the same pods and ports as the service's own. Kubernetes names are namespace-wide, so the alias
 * resolves for every service of the stack, not only for those on the alias's network; the
 * NetworkPolicies still decide who connects.
 */
export class ServiceAlias extends Construct {
  readonly kubeService: k8s.KubeService;

  constructor(scope: Construct, id: string, props: ServiceAliasProps) {
    super(scope, id);
    const { service, alias, context } = props;
    this.kubeService = new KubeService(this, 'service', {
      metadata: { name: alias, labels: objectLabels(context, service.name) },
      spec: { type: 'ClusterIP', selector: serviceSelector(service, context), ports: servicePorts(service) },
    });
  }
}

/** The pods the service's own Service sends to: a blue/green service's active colour only. */
function serviceSelector(service: Pick<ServiceModel, 'name' | 'blueGreen'>, context: LabelContext): Record<string, string> {
  return service.blueGreen ? colorSelector(context, service.name, service.blueGreen.activeColor) : selectorLabels(context, service.name);
}

/** A Service port numbered `number` (in the cluster: the container port; on the load balancer: the host port), aimed at the container port by name. */
function toServicePort(port: PortModel, number: number): k8s.ServicePort {
  return { name: port.name, port: number, targetPort: k8s.IntOrString.fromString(port.name), protocol: port.protocol };
}
