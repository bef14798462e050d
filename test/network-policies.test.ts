import { allowed, OUTSIDE, podsOf, resolvesNames, type Pod } from './support/network-policy';
import { ENVIRONMENTS, synthEnvironment } from './support/project';

/** The seed's data paths, by workload and server port: nothing else may connect to anything. */
const EXPECTED_PATHS = [
  'outside -> Deployment/nginx:8080',
  'outside -> Deployment/nginx:8443',
  'Deployment/nginx -> Deployment/frontend:3000',
  // The API port only: the metrics port is no data path.
  'Deployment/nginx -> Deployment/backend-blue:8000',
  'Deployment/nginx -> Deployment/backend-green:8000',
  'Deployment/backend-blue -> StatefulSet/db:1433',
  'Deployment/backend-blue -> StatefulSet/redis:6379',
  'Deployment/backend-green -> StatefulSet/db:1433',
  'Deployment/backend-green -> StatefulSet/redis:6379',
  'Job/db-init -> StatefulSet/db:1433',
  'Job/db-migrate -> StatefulSet/db:1433',
  'Job/db-seed -> StatefulSet/db:1433',
  // Prometheus, from the monitoring namespace, scrapes the metrics port of both colours and nothing else.
  'monitoring/prometheus -> Deployment/backend-blue:9090',
  'monitoring/prometheus -> Deployment/backend-green:9090',
  // The entry point is public: it takes connections from anywhere, other namespaces included.
  'monitoring/prometheus -> Deployment/nginx:8080',
  'monitoring/prometheus -> Deployment/nginx:8443',
  'default/curl -> Deployment/nginx:8080',
  'default/curl -> Deployment/nginx:8443',
];

/** Where the environment takes database backups, its backup pods reach db, and nothing else. */
const BACKUP_PATHS = ['CronJob/db-backup-full -> StatefulSet/db:1433', 'CronJob/db-backup-log -> StatefulSet/db:1433'];
const BACKUPS_TAKEN: Record<string, boolean> = { dev: false, staging: true, prod: true };

/** A Prometheus pod in the monitoring namespace, and a pod of some other namespace, as clients. */
const PROMETHEUS: Pod = { workload: 'monitoring/prometheus', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [9090] };
const ELSEWHERE: Pod = { workload: 'default/curl', namespace: 'default', labels: { 'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/instance': 'tramites-prod' }, ports: [] };

describe.each(ENVIRONMENTS)('NetworkPolicies of %s', (environment) => {
  const manifests = synthEnvironment(environment);
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
  const pods = podsOf(manifests);

  test('allow exactly the seed data paths, walking every pair of workloads and every port', () => {
    const open: string[] = [];
    for (const client of [OUTSIDE, PROMETHEUS, ELSEWHERE, ...pods] as Array<Pod | typeof OUTSIDE>) {
      for (const server of pods) {
        if (client === server) continue;
        for (const port of server.ports.filter((candidate) => allowed(policies, client, server, candidate))) {
          open.push(`${client === OUTSIDE ? OUTSIDE : client.workload} -> ${server.workload}:${port}`);
        }
      }
    }
    expect(open.sort()).toEqual([...EXPECTED_PATHS, ...(BACKUPS_TAKEN[environment] ? BACKUP_PATHS : [])].sort());
  });

  test('let nothing but the backend, the database Jobs and the backups reach db, and nothing but the backend reach redis', () => {
    const reaching = (target: string) =>
      pods.filter((client) => { const server = pods.find((pod) => pod.workload === target)!; return server.ports.some((port) => allowed(policies, client, server, port)); }).map((pod) => pod.workload).sort();
    const backups = BACKUPS_TAKEN[environment] ? ['CronJob/db-backup-full', 'CronJob/db-backup-log'] : [];
    expect(reaching('StatefulSet/db')).toEqual([...backups, 'Deployment/backend-blue', 'Deployment/backend-green', 'Job/db-init', 'Job/db-migrate', 'Job/db-seed']);
    expect(reaching('StatefulSet/redis')).toEqual(['Deployment/backend-blue', 'Deployment/backend-green']);
  });

  test('let only the monitoring namespace reach the metrics port, and not another namespace that copies the labels', () => {
    const blue = pods.find((pod) => pod.workload === 'Deployment/backend-blue')!;
    expect(allowed(policies, PROMETHEUS, blue, 9090)).toBe(true);
    expect(allowed(policies, PROMETHEUS, blue, 8000)).toBe(false);
    expect(allowed(policies, ELSEWHERE, blue, 9090)).toBe(false);
    expect(allowed(policies, { ...PROMETHEUS, namespace: 'monitoring-test' }, blue, 9090)).toBe(false);
    // Same labels as Prometheus, but in the environment's own namespace: not the monitoring namespace.
    expect(allowed(policies, { ...PROMETHEUS, namespace: undefined }, blue, 9090)).toBe(false);
  });

  test('let every pod resolve names through the cluster DNS', () => {
    for (const pod of pods) expect({ pod: pod.workload, dns: resolvesNames(policies, pod) }).toEqual({ pod: pod.workload, dns: true });
  });

  test('deny by default: a new workload no path names is cut off both ways', () => {
    const stranger: Pod = { workload: 'Deployment/stranger', labels: { 'app.kubernetes.io/name': 'stranger', 'app.kubernetes.io/instance': `tramites-${environment}` }, ports: [8080] };
    const nginx = pods.find((pod) => pod.workload === 'Deployment/nginx')!;
    expect(allowed(policies, OUTSIDE, stranger, 8080)).toBe(false);
    expect(allowed(policies, nginx, stranger, 8080)).toBe(false);
    expect(allowed(policies, stranger, pods.find((pod) => pod.workload === 'StatefulSet/db')!, 1433)).toBe(false);
  });
});
