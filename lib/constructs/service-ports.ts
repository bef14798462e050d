import { k8s } from 'cdk8s-plus-27';
import type { ServiceModel } from '../model';

/**
 * Service ports mirror the compose container ports one to one, so `db:1433` and `redis:6379` keep
 * working from every client exactly as on the compose network. Targets are port names, not numbers.
 */
export function servicePorts(service: ServiceModel): k8s.ServicePort[] {
  return service.ports.map((port) => ({
    name: port.name,
    port: port.containerPort,
    targetPort: k8s.IntOrString.fromString(port.name),
    protocol: port.protocol,
  }));
}
