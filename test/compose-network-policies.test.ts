import { parse } from 'yaml';
import { allowed, OUTSIDE, podsOf, reachesOutside, resolvesNames, type Pod } from './support/network-policy';
import { copyProject, synthEnvironment, type Manifest } from './support/project';
import { synthSmallStack, type SmallStack } from './support/small-stack';

/**
 * The NetworkPolicies of small stacks in the default `networkPaths: compose`, evaluated for every pair
 * of workloads and every port against what their compose file says, read here with compose's rules
 * and nothing of the loader: services on a shared network reach each other on the ports they listen
 * on; services on disjoint networks reach nothing of each other; an internal network has no path from
 * or to outside the cluster; from outside, exactly the published ports of the services that are not
 * only on internal networks are reachable (the default exposure, a LoadBalancer).
 */

interface ComposeService {
  readonly name: string;
  /** Real network names: a service without `networks:` is on `default`; `network_mode: none` on none. */
  readonly networks: readonly string[];
  /** The container ports it listens on (`ports` targets, `expose`). */
  readonly listening: readonly number[];
  /** The container ports compose publishes (`ports`). */
  readonly published: readonly number[];
}

/** A port no service of these stacks listens on: nothing may reach it. */
const UNUSED_PORT = 65000;

function composeServices(compose: string): { services: ComposeService[]; internal: Set<string> } {
  const document = parse(compose);
  const declared = document.networks ?? {};
  const realName = (key: string) => declared[key]?.name ?? key;
  const internal = new Set(Object.keys(declared).filter((key) => declared[key]?.internal === true).map(realName));
  // "[host_ip:][published:]target[/protocol]" or { target }: the container listens on the target.
  const target = (entry: any) => Number(typeof entry === 'object' ? entry.target : String(entry).split('/')[0].split(':').pop());
  const services = Object.entries<any>(document.services).map(([name, body]) => {
    const joined = body.network_mode === 'none' ? [] : body.networks === undefined ? ['default'] : Array.isArray(body.networks) ? body.networks : Object.keys(body.networks);
    const published = (body.ports ?? []).map(target);
    return { name, networks: joined.map(realName), listening: [...published, ...(body.expose ?? []).map(Number)], published };
  });
  return { services, internal };
}

/** Every connection the compose file allows, and the ones it refuses, as `client -> server:port` lines. */
function composeVerdicts(compose: string, pods: readonly Pod[], policies: readonly Manifest[]) {
  const { services, internal } = composeServices(compose);
  const podsOfService = (service: ComposeService) => pods.filter((pod) => pod.labels['app.kubernetes.io/name'] === service.name);
  const wrong: string[] = [];
  let checked = 0;
  const expect = (description: string, actual: boolean, wanted: boolean) => {
    checked++;
    if (actual !== wanted) wrong.push(`${description} is ${actual ? 'open' : 'blocked'}, compose ${wanted ? 'allows' : 'refuses'} it`);
  };
  for (const server of services) {
    // A service without pods would add no verdict at all: that is a failure, not a pass.
    if (podsOfService(server).length === 0) wrong.push(`${server.name} has no workload`);
    for (const to of podsOfService(server)) {
      for (const client of services) {
        const shared = client.networks.some((network) => server.networks.includes(network));
        for (const from of podsOfService(client)) {
          for (const port of [...server.listening, UNUSED_PORT]) {
            expect(`${from.workload} -> ${to.workload}:${port}`, allowed(policies, from, to, port), shared && port !== UNUSED_PORT);
          }
        }
      }
      const outsideNetwork = server.networks.some((network) => !internal.has(network));
      for (const port of [...server.listening, UNUSED_PORT]) {
        expect(`outside -> ${to.workload}:${port}`, allowed(policies, OUTSIDE, to, port), outsideNetwork && server.published.includes(port));
      }
      expect(`${to.workload} -> the internet:443`, reachesOutside(policies, to, 443), outsideNetwork);
      expect(`${to.workload} resolving names`, resolvesNames(policies, to), true);
    }
  }
  return { wrong, checked };
}

/** Renders a small stack and evaluates its NetworkPolicies against its compose file. */
function verdicts(stack: SmallStack) {
  const manifests = synthSmallStack(stack);
  return composeVerdicts(stack.compose, podsOf(manifests), manifests.filter((manifest) => manifest.kind === 'NetworkPolicy'));
}

const THREE_NETWORKS = `
services:
  proxy:
    image: nginxinc/nginx-unprivileged:1.27
    ports: ["8080:8080"]
    networks: [front]
  api:
    image: shop/api:1.0
    ports: ["8000"]
    networks: [front, back]
  db:
    image: postgres:16
    expose: ["5432"]
    volumes: [db-data:/var/lib/postgresql/data]
    networks: [back]
  cache:
    image: redis:7
    ports: ["6379"]
    networks: [back]
  admin:
    image: dpage/pgadmin4:8.10
    ports: ["5050:80"]
    networks:
      ops:
      back: {}
  metrics:
    image: prom/prometheus:v2.53
    expose: ["9090"]
    networks: [ops]
networks:
  front:
  back:
    internal: true
  ops:
    driver: bridge
volumes:
  db-data:
`;

const DEFAULT_AND_NONE = `
services:
  web:
    image: shop/web:1.0
    ports:
      - target: 3000
        published: 80
  worker:
    image: shop/worker:1.0
    expose: ["9100"]
  cache:
    image: redis:7
    ports: ["6379"]
  batch:
    image: shop/batch:1.0
    ports: ["9000"]
    network_mode: none
`;

const NAMED_AND_INTERNAL = `
services:
  app:
    image: shop/app:1.0
    ports: ["8000:8000"]
    networks: [public, private]
  queue:
    image: rabbitmq:3.13
    ports: ["5672"]
    networks: [jobs]
  consumer:
    image: shop/consumer:1.0
    networks: [jobs, private]
networks:
  public:
  private:
    name: shop-private
    internal: true
  jobs:
    name: shop-private
    internal: true
`;

describe.each([
  ['three networks, one internal', THREE_NETWORKS],
  ['the default network and network_mode: none', DEFAULT_AND_NONE],
  ['two keys naming one internal network', NAMED_AND_INTERNAL],
])('NetworkPolicies of a compose stack: %s', (_, compose) => {
  test('allow exactly what its compose networks allow, walking every pair of workloads and every port', () => {
    const { wrong, checked } = verdicts({ compose });
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});

test('the evaluation sees a difference: a service moved to another network is cut off from its old peers', () => {
  // The same policies judged against a compose file that says otherwise must disagree, or the test above proves nothing.
  const manifests = synthSmallStack({ compose: THREE_NETWORKS });
  const moved = THREE_NETWORKS.replace('networks: [front, back]', 'networks: [front]');
  const { wrong } = composeVerdicts(moved, podsOf(manifests), manifests.filter((manifest) => manifest.kind === 'NetworkPolicy'));
  expect(wrong).toContain('Deployment/api -> StatefulSet/db:5432 is open, compose refuses it');
});

describe('the Trámites stack under networkPaths: compose', () => {
  // The same stack, its one compose network followed instead of the least-privilege paths: what the
  // settings declare (Jobs, backups, monitoring, the entry point) must hold in both modes.
  const root = copyProject((replace) => replace('environments/stack.yaml', 'networkPaths: dependencies', 'networkPaths: compose'));
  const manifests = synthEnvironment('prod', root);
  const policies = manifests.filter((manifest) => manifest.kind === 'NetworkPolicy');
  const pods = podsOf(manifests);
  const pod = (workload: string) => pods.find((candidate) => candidate.workload === workload)!;
  const prometheus: Pod = { workload: 'monitoring/prometheus', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [] };
  const elsewhere: Pod = { workload: 'default/curl', namespace: 'default', labels: {}, ports: [] };

  test('every service on tramites-network reaches every other on the ports it listens on', () => {
    expect(allowed(policies, pod('Deployment/frontend'), pod('StatefulSet/db'), 1433)).toBe(true);
    expect(allowed(policies, pod('Deployment/nginx'), pod('StatefulSet/redis'), 6379)).toBe(true);
    expect(allowed(policies, pod('Deployment/frontend'), pod('StatefulSet/db'), UNUSED_PORT)).toBe(false);
  });

  test('the Jobs, the backups, Prometheus and the entry point keep their paths, and nothing else comes in', () => {
    for (const client of ['Job/db-init', 'Job/db-migrate', 'Job/db-seed', 'CronJob/db-backup-full', 'CronJob/db-backup-log']) {
      expect({ client, reaches: allowed(policies, pod(client), pod('StatefulSet/db'), 1433) }).toEqual({ client, reaches: true });
    }
    expect(allowed(policies, prometheus, pod('Deployment/backend-blue'), 9090)).toBe(true);
    expect(allowed(policies, prometheus, pod('Deployment/backend-blue'), 8000)).toBe(false);
    expect(allowed(policies, OUTSIDE, pod('Deployment/nginx'), 8443)).toBe(true);
    expect(allowed(policies, OUTSIDE, pod('StatefulSet/db'), 1433)).toBe(false);
    expect(allowed(policies, elsewhere, pod('StatefulSet/redis'), 6379)).toBe(false);
  });

  test('default-deny and DNS stay', () => {
    expect(policies.some((policy) => policy.metadata.name === 'default-deny')).toBe(true);
    for (const each of pods) expect({ pod: each.workload, dns: resolvesNames(policies, each) }).toEqual({ pod: each.workload, dns: true });
  });
});
