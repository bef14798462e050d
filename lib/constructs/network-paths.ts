import type { StackModel } from '../model';

/** Who opens connections: a compose service, a Job, or anything outside the namespace. */
export type NetworkPeer = { readonly kind: 'outside' } | { readonly kind: 'service'; readonly name: string } | { readonly kind: 'job'; readonly name: string };

export interface NetworkPath {
  readonly from: NetworkPeer;
  /** The compose service connected to, on its container ports. */
  readonly to: string;
}

/**
 * The connections the stack needs, and so the only ones its NetworkPolicies allow:
 * - from outside to the reverse proxy (the entry point);
 * - from the reverse proxy to the services its routes name;
 * - from a service to each `service_healthy` dependency: it waits for them because it uses them
 *   (`service_started` is only start order; a browser reaches the backend through nginx);
 * - from a Job to the services it waits for (`waitsFor`).
 * For the seed: outside → nginx, nginx → frontend and backend, backend → db and redis, Jobs → db.
 */
export function networkPaths(stack: StackModel): NetworkPath[] {
  const paths: NetworkPath[] = [];
  const proxy = stack.reverseProxy;
  if (proxy) {
    paths.push({ from: { kind: 'outside' }, to: proxy.service });
    for (const target of new Set(proxy.routes.map((route) => route.service))) paths.push({ from: { kind: 'service', name: proxy.service }, to: target });
  }
  for (const service of stack.services) {
    for (const dependency of service.dependsOn.filter((candidate) => candidate.condition === 'service_healthy')) {
      paths.push({ from: { kind: 'service', name: service.name }, to: dependency.service });
    }
  }
  for (const job of stack.jobs) {
    for (const target of job.waitsFor) paths.push({ from: { kind: 'job', name: job.name }, to: target });
  }
  return paths;
}
