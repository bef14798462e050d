import * as k8s from '../k8s';
import type { ServiceModel } from '../model';

/**
 * Service ports are the ports clients use: compose's published port where there is one (nginx: 80 and
 * 443 in front of its unprivileged 8080 and 8443), else the container port, so `db:1433` and
 * `redis:6379` keep working exactly as on the compose network. Targets are port names, not numbers.
 */
export function servicePorts(service: Pick<ServiceModel, 'ports'>): k8s.ServicePort[] {
  return service.ports.map((port) => ({
    name: port.name,
    port: port.servicePort,
    targetPort: k8s.IntOrString.fromString(port.name),
    protocol: port.protocol,
  }));
}
