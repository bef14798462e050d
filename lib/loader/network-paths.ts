import {
  healthyDependencies,
  type DatabaseModel,
  type JobModel,
  type MonitoringModel,
  type NetworkPath,
  type NetworkPort,
  type ReverseProxyModel,
  type ServiceModel,
} from '../model';
import type { NetworkMembership } from './compose-networks';
import type { NetworkPathsMode } from './network-settings';

export interface NetworkPathsInput {
  readonly mode: NetworkPathsMode;
  /** The services, each with its exposure already resolved (exposure.ts). */
  readonly services: readonly ServiceModel[];
  /** Who is on which compose network; read in `compose` mode only. */
  readonly membership: NetworkMembership;
  readonly reverseProxy?: ReverseProxyModel;
  readonly jobs: readonly JobModel[];
  readonly database?: DatabaseModel;
  readonly monitoring?: MonitoringModel;
}

/**
 * The connections the stack needs, and so the only ones its NetworkPolicies allow. In both modes:
 * - from outside to the entry point: the reverse proxy on its ports, or else each exposed service on
 *   the ports it exposes (environment `exposure`);
 * - from the reverse proxy to each service its routes name, on the routed port only;
 * - from a Job to the services it waits for (`waitsFor`);
 * - from the database's backup and restore pods to the database, where the environment takes backups;
 * - from the monitoring namespace to each scraped service, on its metrics port only.
 * Between the services, by `mode`:
 * - `compose`: from the members of each compose network (each replica included) to every member, on
 *   the ports that one listens on (`ports` and `expose`); and from a service on a network that is not
 *   `internal` to outside the cluster, as a compose container reaches the internet;
 * - `dependencies`: from a service to each `service_healthy` dependency: it waits for them because it
 *   uses them (`service_started` is only start order; a browser reaches the backend through nginx).
 * For the seed (`dependencies`): outside → nginx, nginx → frontend and backend (not its metrics port),
 * backend → db and redis, Jobs → db, backups → db, the monitoring namespace → the backend's metrics port.
 */
export function toNetworkPaths(input: NetworkPathsInput): NetworkPath[] {
  const { services, reverseProxy: proxy } = input;
  const byName = new Map(services.map((service) => [service.name, service]));
  const portsOf = (name: string, keep: (port: ServiceModel['ports'][number]) => boolean = () => true): NetworkPort[] =>
    (byName.get(name)?.ports ?? []).filter(keep).map((port) => ({ port: port.containerPort, protocol: port.protocol }));
  const to = (name: string) => ({ kind: 'service' as const, name });
  const paths: NetworkPath[] = [];

  if (proxy) {
    paths.push({ from: { kind: 'outside' }, to: to(proxy.service), ports: portsOf(proxy.service) });
    for (const target of new Set(proxy.routes.map((route) => route.service))) {
      const routed = new Set(proxy.routes.filter((route) => route.service === target).map((route) => route.port));
      paths.push({ from: { kind: 'service', name: proxy.service }, to: to(target), ports: portsOf(target, (port) => routed.has(port.servicePort)) });
    }
  } else {
    for (const service of services) {
      const exposure = service.exposure;
      if (!exposure) continue;
      // Port names are unique within a service.
      const exposed = new Set((exposure.kind === 'loadBalancer' ? exposure.ports : [exposure.port]).map((port) => port.name));
      paths.push({ from: { kind: 'outside' }, to: to(service.name), ports: portsOf(service.name, (port) => exposed.has(port.name)) });
    }
  }

  if (input.mode === 'dependencies') {
    for (const service of services) {
      for (const dependency of healthyDependencies(service)) paths.push({ from: { kind: 'service', name: service.name }, to: to(dependency), ports: portsOf(dependency) });
    }
  } else {
    // One path per network and member, not per pair: the pods carry a label per network, so a policy
    // names a network's members in one peer, and a stack of any size gets policies of linear size.
    const { networksOf, internal } = input.membership;
    const networks = [...new Set(services.flatMap((service) => networksOf.get(service.name) ?? []))];
    const members = new Map(networks.map((network) => [network, services.filter((service) => (networksOf.get(service.name) ?? []).includes(network))]));
    // What a member may open to the others: every port some member listens on, computed once per network.
    const networkPorts = new Map(networks.map((network) => [network, uniquePorts(members.get(network)!.flatMap((server) => portsOf(server.name)))]));
    for (const network of networks) {
      for (const server of members.get(network)!) {
        const ports = portsOf(server.name);
        if (ports.length > 0) paths.push({ from: { kind: 'network', name: network }, to: to(server.name), ports });
      }
    }
    for (const client of services) {
      const joined = networksOf.get(client.name) ?? [];
      for (const network of joined) {
        // The servers' own policies narrow each connection to the server's ports.
        const ports = networkPorts.get(network)!;
        if (ports.length > 0) paths.push({ from: { kind: 'service', name: client.name }, to: { kind: 'network', name: network }, ports });
      }
      if (joined.some((network) => !internal.has(network))) paths.push({ from: { kind: 'service', name: client.name }, to: { kind: 'outside' }, ports: 'any' });
    }
  }

  for (const job of input.jobs) {
    for (const { service: target } of job.waitsFor) paths.push({ from: { kind: 'job', name: job.name }, to: to(target), ports: portsOf(target) });
  }
  const database = input.database;
  if (database?.backup) {
    paths.push({ from: { kind: 'database-backup', name: database.backup.name }, to: to(database.service), ports: portsOf(database.service) });
  }
  for (const scrape of input.monitoring?.scrapes ?? []) {
    const metrics = portsOf(scrape.service, (port) => port.containerPort === scrape.port.containerPort);
    paths.push({ from: { kind: 'namespace', name: input.monitoring!.namespace }, to: to(scrape.service), ports: metrics });
  }
  return mergeSamePeers(paths);
}

/** Each port once, in first-seen order. */
function uniquePorts(ports: readonly NetworkPort[]): NetworkPort[] {
  const seen = new Set<string>();
  const unique: NetworkPort[] = [];
  for (const port of ports) {
    const key = `${port.port}/${port.protocol}`;
    if (!seen.has(key)) unique.push(port);
    seen.add(key);
  }
  return unique;
}

/**
 * One path per pair of peers: a pair named twice (the reverse proxy's route to a service it also waits
 * for as a `service_healthy` dependency) keeps its first place, with the ports of both.
 */
function mergeSamePeers(paths: readonly NetworkPath[]): NetworkPath[] {
  const merged = new Map<string, NetworkPath>();
  for (const path of paths) {
    const key = JSON.stringify([path.from, path.to]);
    const earlier = merged.get(key);
    if (!earlier) merged.set(key, path);
    else if (earlier.ports === 'any' || path.ports === 'any') merged.set(key, { ...earlier, ports: 'any' });
    else merged.set(key, { ...earlier, ports: uniquePorts([...earlier.ports, ...path.ports]) });
  }
  return [...merged.values()];
}
