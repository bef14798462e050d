import { headlessServiceName, previewServiceName, publicServiceName } from '../constructs/names';
import type { ExposureModel, PortModel, ServiceModel } from '../model';
import type { NetworkMembership } from './compose-networks';
import type { FileReporter } from './report';
import type { ExposureSettings, ServiceExposureSettings } from './network-settings';

interface ExposureInput {
  readonly settings: ExposureSettings;
  /** The environment's settings file, where `exposure` is written. */
  readonly report: FileReporter;
  readonly services: readonly ServiceModel[];
  readonly membership: NetworkMembership;
  /** Each service's compose file, for problems about what it publishes. */
  readonly reportOf: (service: string) => FileReporter;
  /** The stack has a reverse proxy: it is the one entry point, and nothing else is exposed. */
  readonly reverseProxy: boolean;
}

/**
 * How each service's published ports are reached from outside the cluster. Compose publishes a port so
 * that it is reachable from outside the host, so by default each service that publishes one gets a
 * LoadBalancer Service carrying its published ports (`expose:` ports never leave the cluster). With a
 * reverse proxy, the proxy is the one entry point (its own Service is the load balancer) and `exposure`
 * has nothing to say.
 */
export function toExposures({ settings, report, services, membership, reportOf, reverseProxy }: ExposureInput): Map<string, ExposureModel> {
  const exposures = new Map<string, ExposureModel>();
  for (const name of settings.services.keys()) {
    if (!services.some((service) => service.name === name)) report.error(['exposure', 'services', name], `there is no compose service "${name}"`);
  }
  if (reverseProxy) {
    if (settings.services.size > 0) report.error(['exposure', 'services'], 'the stack has a reverse proxy (reverseProxy in stack.yaml): it is the entry point, and its routes decide what is reachable; remove exposure');
    return exposures;
  }
  for (const service of services) {
    const published = service.ports.filter((port) => port.published !== false);
    const chosen: ServiceExposureSettings = settings.services.get(service.name) ?? { type: settings.default };
    if (published.length === 0 || chosen.type === 'none') continue;
    const networks = membership.networksOf.get(service.name) ?? [];
    if (networks.length === 0 || networks.every((network) => membership.internal.has(network))) {
      // As in compose: a container only on internal networks (or on none) has nothing to publish through.
      const why = networks.length === 0 ? 'it has no network (network_mode: none)' : `its networks (${networks.join(', ')}) are internal`;
      reportOf(service.name).warn(['ports'], `not exposed outside the cluster: ${why}, as in compose`);
      continue;
    }
    if (chosen.type === 'loadBalancer') {
      exposures.set(service.name, { kind: 'loadBalancer', ports: published });
      if (!settings.services.has(service.name)) {
        // The default: a person should know a port is public, a database's above all.
        const ports = published.map(publicPort).join(', ');
        reportOf(service.name).warn(['ports'], `published: reachable from outside the cluster on ${published.length > 1 ? 'ports' : 'port'} ${ports} of the LoadBalancer Service ${service.name}-public (README: "Networks and exposure"); to keep it inside, set exposure.services.${service.name}.type: none in ${report.path}`);
      }
      continue;
    }
    const keys = ['exposure', 'services', service.name];
    const candidates = published.filter((port) => port.protocol === 'TCP');
    const port = chosen.port === undefined ? (candidates.length === 1 ? candidates[0] : undefined) : candidates.find((candidate) => publicPort(candidate) === chosen.port);
    if (!port) {
      const listed = candidates.map(publicPort).join(', ') || 'none';
      report.error([...keys, 'port'], chosen.port === undefined ? `name the published port the Ingress routes to (published TCP ports of "${service.name}": ${listed})` : `${chosen.port} is not a published TCP port of "${service.name}" (published: ${listed})`);
      continue;
    }
    const left = published.filter((candidate) => candidate !== port);
    if (left.length > 0) {
      report.warn([...keys], `published ports ${left.map(publicPort).join(', ')} of "${service.name}" stay inside the cluster: an Ingress carries HTTP to one port`);
    }
    exposures.set(service.name, { kind: 'ingress', host: chosen.host, className: chosen.className, tlsSecret: chosen.tlsSecret, path: chosen.path, port });
  }
  return exposures;
}

/**
 * The Services a stack renders share one namespace: a compose service's own, the LoadBalancer of its
 * published ports (`<name>-public`), the aliases, the governing and preview Services (`<name>-headless`,
 * `<name>-preview`). Two of them with one name would be one object overwriting the other.
 */
export function checkServiceNames(services: readonly ServiceModel[], reportOf: (service: string) => FileReporter): void {
  const owners = new Map<string, string>();
  for (const service of services) for (const name of [service.name, headlessServiceName(service.name), previewServiceName(service.name)]) owners.set(name, service.name);
  for (const service of services) {
    const extra = [...(service.exposure?.kind === 'loadBalancer' ? [publicServiceName(service.name)] : []), ...(service.aliases ?? [])];
    for (const name of extra) {
      const owner = owners.get(name);
      if (owner !== undefined && owner !== service.name) {
        const isAlias = name !== publicServiceName(service.name);
        reportOf(service.name).error(isAlias ? ['networks'] : ['ports'], `its Service "${name}" would have the name of a Service of "${owner}": rename ${isAlias ? 'the alias' : 'one of the two services'}`);
      }
      owners.set(name, service.name);
    }
  }
}

/** The port a published port is reached on from outside: compose's host port. */
function publicPort(port: PortModel): number {
  return port.publishedPort ?? port.servicePort;
}
