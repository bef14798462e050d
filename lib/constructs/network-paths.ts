import { healthyDependencies, type StackModel } from '../model';
import { databaseBackupName } from './names';

/**
 * Who opens connections: a compose service, a Job, the database's backup and restore pods, the pods of
 * another namespace of the cluster (the monitoring one), or anything outside the cluster.
 */
export type NetworkPeer =
  | { readonly kind: 'outside' }
  | { readonly kind: 'service'; readonly name: string }
  | { readonly kind: 'job'; readonly name: string }
  | { readonly kind: 'database-backup'; readonly name: string }
  | { readonly kind: 'namespace'; readonly name: string };

export interface NetworkPath {
  readonly from: NetworkPeer;
  /** The compose service connected to. */
  readonly to: string;
  /** The server's container ports the connection may use. */
  readonly ports: readonly number[];
}

/**
 * The connections the stack needs, and so the only ones its NetworkPolicies allow:
 * - from outside to the reverse proxy (the entry point), on its ports;
 * - from the reverse proxy to each service its routes name, on the routed port only;
 * - from a service to each `service_healthy` dependency: it waits for them because it uses them
 *   (`service_started` is only start order; a browser reaches the backend through nginx);
 * - from a Job to the services it waits for (`waitsFor`);
 * - from the database's backup and restore pods to the database, where the environment takes backups;
 * - from the monitoring namespace to each scraped service, on its metrics port only.
 * For the seed: outside → nginx, nginx → frontend and backend (not its metrics port), backend → db
 * and redis, Jobs → db, backups → db, the monitoring namespace → the backend's metrics port.
 */
/** The workload that opens a path's connections, when it is one of the environment's own. */
export function localClient(path: NetworkPath): string | undefined {
  return path.from.kind === 'outside' || path.from.kind === 'namespace' ? undefined : path.from.name;
}

export function networkPaths(stack: StackModel): NetworkPath[] {
  const containerPorts = (name: string) => stack.services.find((service) => service.name === name)?.ports.map((port) => port.containerPort) ?? [];
  const paths: NetworkPath[] = [];
  const proxy = stack.reverseProxy;
  if (proxy) {
    paths.push({ from: { kind: 'outside' }, to: proxy.service, ports: containerPorts(proxy.service) });
    for (const target of new Set(proxy.routes.map((route) => route.service))) {
      const service = stack.services.find((candidate) => candidate.name === target);
      const routed = new Set(proxy.routes.filter((route) => route.service === target).map((route) => route.port));
      const ports = service?.ports.filter((port) => routed.has(port.servicePort)).map((port) => port.containerPort) ?? [];
      paths.push({ from: { kind: 'service', name: proxy.service }, to: target, ports });
    }
  }
  for (const service of stack.services) {
    for (const dependency of healthyDependencies(service)) paths.push({ from: { kind: 'service', name: service.name }, to: dependency, ports: containerPorts(dependency) });
  }
  for (const job of stack.jobs) {
    for (const { service: target } of job.waitsFor) paths.push({ from: { kind: 'job', name: job.name }, to: target, ports: containerPorts(target) });
  }
  const database = stack.database;
  if (database?.backup) {
    paths.push({ from: { kind: 'database-backup', name: databaseBackupName(database.service) }, to: database.service, ports: containerPorts(database.service) });
  }
  for (const scrape of stack.monitoring?.scrapes ?? []) {
    paths.push({ from: { kind: 'namespace', name: stack.monitoring!.namespace }, to: scrape.service, ports: [scrape.port.containerPort] });
  }
  return paths;
}
