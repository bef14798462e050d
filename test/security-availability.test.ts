import { ENVIRONMENTS, find, synthEnvironment, type Manifest } from './support/project';

/** The user and group each image runs as (environments/stack.yaml podSecurity), by workload. */
const USERS: Record<string, [number, number]> = { db: [10001, 10001], redis: [999, 1000], backend: [1000, 1000], frontend: [1000, 1000], nginx: [101, 101] };

const podTemplates = (manifests: readonly Manifest[]) => manifests.filter((m) => ['Deployment', 'StatefulSet', 'Job'].includes(m.kind));

describe.each(ENVIRONMENTS)('security in %s', (environment) => {
  const manifests = synthEnvironment(environment);

  test("the namespace enforces, audits and warns by the restricted Pod Security Standard of the cluster's release", () => {
    expect(manifests[0].metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.34',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.34',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.34',
    });
  });

  test('every pod runs at the priority class of its tier, the database tier apart from the request path', () => {
    const tiers: Record<string, string> = { db: 'tramites-data', redis: 'tramites-data', backend: 'tramites-serving', frontend: 'tramites-serving', nginx: 'tramites-serving' };
    for (const workload of podTemplates(manifests)) {
      const service = workload.kind === 'Job' ? 'backend' : workload.metadata.labels['app.kubernetes.io/name'];
      expect({ workload: workload.metadata.name, priority: workload.spec.template.spec.priorityClassName }).toEqual({ workload: workload.metadata.name, priority: tiers[service] });
    }
  });

  test("no PriorityClass is rendered: the classes are the cluster's, shared by every tenant", () => {
    expect(manifests.filter((m) => m.kind === 'PriorityClass')).toEqual([]);
  });

  test('every pod runs as its image non-root user, with RuntimeDefault seccomp and its own ServiceAccount', () => {
    for (const workload of podTemplates(manifests)) {
      const pod = workload.spec.template.spec;
      const service = workload.kind === 'Job' ? 'backend' : workload.metadata.labels['app.kubernetes.io/name'];
      const [user, group] = USERS[service];
      expect({ workload: workload.metadata.name, context: pod.securityContext, account: pod.serviceAccountName, token: pod.automountServiceAccountToken }).toEqual({
        workload: workload.metadata.name,
        context: { runAsNonRoot: true, runAsUser: user, runAsGroup: group, fsGroup: group, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' } },
        account: service,
        token: false,
      });
    }
  });

  test('every container drops all capabilities and cannot escalate; roots are read-only; SQL Server alone keeps NET_BIND_SERVICE and a writable root', () => {
    for (const workload of podTemplates(manifests)) {
      const pod = workload.spec.template.spec;
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        const sqlServer = workload.metadata.name === 'db' && container.name === 'db';
        expect({ container: `${workload.metadata.name}/${container.name}`, context: container.securityContext }).toEqual({
          container: `${workload.metadata.name}/${container.name}`,
          context: expect.objectContaining({
            privileged: false,
            allowPrivilegeEscalation: false,
            capabilities: sqlServer ? { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } : { drop: ['ALL'] },
            readOnlyRootFilesystem: !sqlServer,
          }),
        });
      }
    }
  });

  test('gives each path an image writes a scratch volume, in every pod', () => {
    const writable: Record<string, string[]> = { db: ['/tmp'], redis: ['/tmp'], backend: ['/tmp', '/app/logs'], frontend: ['/tmp', '/app/node_modules/.vite'], nginx: ['/tmp'] };
    for (const workload of podTemplates(manifests)) {
      const service = workload.kind === 'Job' ? 'backend' : workload.metadata.labels['app.kubernetes.io/name'];
      const pod = workload.spec.template.spec;
      const scratch = pod.volumes.filter((volume: { emptyDir?: object }) => volume.emptyDir).map((volume: { name: string }) => volume.name);
      const mounted = pod.containers[0].volumeMounts.filter((mount: { name: string }) => scratch.includes(mount.name)).map((mount: { mountPath: string }) => mount.mountPath);
      expect({ workload: workload.metadata.name, mounted }).toEqual({ workload: workload.metadata.name, mounted: writable[service] });
    }
  });

  test('renders a ServiceAccount without an API token for every service', () => {
    const accounts = manifests.filter((m) => m.kind === 'ServiceAccount');
    // The database backups have one of their own, where the environment takes them.
    const backups = environment === 'dev' ? [] : ['db-backup'];
    expect(accounts.map((m) => m.metadata.name).sort()).toEqual(['backend', 'db', ...backups, 'frontend', 'nginx', 'redis']);
    for (const account of accounts) expect(account.automountServiceAccountToken).toBe(false);
  });

  test('nginx and the backend drain before they stop', () => {
    const nginx = find(manifests, 'Deployment', 'nginx').spec.template.spec;
    // The pause only: the image's stop signal (SIGQUIT) quits nginx gracefully (test/runtime/nginx.test.ts).
    expect(nginx.containers[0].lifecycle.preStop.exec.command).toEqual(['sh', '-c', 'sleep 5']);
    expect(nginx.terminationGracePeriodSeconds).toBe(30);
    for (const color of ['blue', 'green']) {
      const backend = find(manifests, 'Deployment', `backend-${color}`).spec.template.spec;
      expect(backend.containers[0].lifecycle.preStop.exec.command).toEqual(['sh', '-c', 'sleep 5']);
      expect(backend.terminationGracePeriodSeconds).toBe(60);
    }
  });
});

describe('availability', () => {
  const prod = synthEnvironment('prod');

  test.each(['nginx', 'frontend', 'backend-blue', 'backend-green'])(
    'prod runs %s, on the request path, as at least two pods with a disruption budget, spread and kept apart over nodes',
    (name) => {
      const deployment = find(prod, 'Deployment', name);
      const autoscaler = prod.find((m) => m.kind === 'HorizontalPodAutoscaler' && m.metadata.name === name);
      expect(autoscaler?.spec.minReplicas ?? deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      const own = { matchLabels: deployment.spec.selector.matchLabels };
      expect(find(prod, 'PodDisruptionBudget', name).spec).toEqual({ maxUnavailable: 1, selector: own, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
      expect(deployment.spec.template.spec.topologySpreadConstraints).toEqual([
        { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: own },
      ]);
      expect(deployment.spec.template.spec.affinity).toEqual({
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: own } }] },
      });
    },
  );

  test('prod takes its replica counts from the prod compose overlay: 2 nginx, 2 frontend, 3 per backend colour', () => {
    expect(find(prod, 'Deployment', 'nginx').spec.replicas).toBe(2);
    expect(find(prod, 'Deployment', 'frontend').spec.replicas).toBe(2);
    for (const color of ['blue', 'green']) expect(find(prod, 'HorizontalPodAutoscaler', `backend-${color}`).spec.minReplicas).toBe(3);
  });

  test('prod autoscales each backend colour on CPU from 3 to 6 replicas', () => {
    for (const color of ['blue', 'green']) {
      expect(find(prod, 'HorizontalPodAutoscaler', `backend-${color}`).spec).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `backend-${color}` },
        minReplicas: 3,
        maxReplicas: 6,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      });
    }
  });

  test.each(['dev', 'staging'])('%s, with single replicas, has no budgets, autoscalers or anti-affinity; its long-running pods are spread', (environment) => {
    const manifests = synthEnvironment(environment);
    expect(manifests.filter((m) => m.kind === 'PodDisruptionBudget' || m.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    for (const workload of podTemplates(manifests)) {
      expect(workload.spec.template.spec.affinity).toBeUndefined();
      const spread = workload.spec.template.spec.topologySpreadConstraints;
      expect({ workload: workload.metadata.name, spread: spread !== undefined }).toEqual({ workload: workload.metadata.name, spread: workload.kind !== 'Job' });
    }
  });

  test('every stateless rollout surges and never goes below the desired count', () => {
    for (const environment of ENVIRONMENTS) {
      for (const deployment of synthEnvironment(environment).filter((m) => m.kind === 'Deployment')) {
        expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
      }
    }
  });
});
