import { writeFileSync } from 'fs';
import { copyProject, ENVIRONMENTS, find, mainContainer, synthEnvironment, type Manifest } from './support/project';

/** Every variable of the seed's .env file (section 5.3). */
const SEED_ENV_VARIABLES = [
  'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD', 'DATABASE_URL',
  'REDIS_HOST', 'REDIS_PORT', 'REDIS_URL', 'REDIS_DB',
  'SECRET_KEY', 'DEBUG', 'ENVIRONMENT', 'LOG_LEVEL',
  'ALLOWED_ORIGINS', 'CORS_ALLOW_CREDENTIALS',
  'VITE_API_URL', 'VITE_APP_TITLE',
  'UPLOAD_DIR', 'MAX_UPLOAD_SIZE', 'ALLOWED_EXTENSIONS',
  'JWT_SECRET_KEY', 'JWT_ALGORITHM', 'JWT_ACCESS_TOKEN_EXPIRE_MINUTES',
  'RATE_LIMIT_ENABLED', 'RATE_LIMIT_REQUESTS', 'RATE_LIMIT_PERIOD',
  'ENABLE_METRICS', 'METRICS_PORT',
];
/** The seed's secrets: they reach the pods from the Secret, never from a rendered value. */
const SECRET_VARIABLES = ['DB_PASSWORD', 'DATABASE_URL', 'SECRET_KEY', 'JWT_SECRET_KEY'];

/**
 * The whole rendered output of each environment is guarded by a snapshot; the rules the seed documents
 * are guarded one by one below, so a careless snapshot update cannot hide a broken rule.
 */
describe.each(ENVIRONMENTS)('environment %s', (environment) => {
  const manifests = synthEnvironment(environment);
  const namespace = `tramites-${environment}`;

  test('matches the snapshot of its whole output', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('renders the Namespace first, and puts every other object in it', () => {
    expect(manifests[0]).toMatchObject({ kind: 'Namespace', metadata: { name: namespace } });
    expect(manifests[0].metadata.namespace).toBeUndefined();
    for (const manifest of manifests.slice(1)) expect(manifest.metadata.namespace).toBe(namespace);
  });

  test('has Deployments nginx, frontend and the backend colours, and StatefulSets db and redis with claim templates', () => {
    const names = (kind: string) => manifests.filter((m) => m.kind === kind).map((m) => m.metadata.name).sort();
    expect(names('Deployment')).toEqual(['backend-blue', 'backend-green', 'frontend', 'nginx']);
    expect(names('StatefulSet')).toEqual(['db', 'redis']);
    expect(find(manifests, 'StatefulSet', 'db').spec.volumeClaimTemplates.map((t: Manifest) => t.metadata.name)).toEqual(['db-data']);
    expect(find(manifests, 'StatefulSet', 'redis').spec.volumeClaimTemplates.map((t: Manifest) => t.metadata.name)).toEqual(['redis-data']);
  });

  test('names Services after the compose services, so the seed URLs (db:1433, redis:6379) resolve', () => {
    const port = (name: string) => find(manifests, 'Service', name).spec.ports[0].port;
    expect(manifests.filter((m) => m.kind === 'Service').map((m) => m.metadata.name).sort()).toEqual(
      ['backend', 'backend-preview', 'db', 'db-headless', 'frontend', 'nginx', 'redis', 'redis-headless'],
    );
    expect(port('db')).toBe(1433);
    expect(port('redis')).toBe(6379);
    expect(port('backend')).toBe(8000);
    expect(port('frontend')).toBe(3000);
    expect(find(manifests, 'Service', 'nginx').spec.ports.map((p: any) => p.port)).toEqual([80, 443]);
    expect(find(manifests, 'Service', 'db-headless').spec.clusterIP).toBe('None');
    expect(find(manifests, 'StatefulSet', 'db').spec.serviceName).toBe('db-headless');
  });

  test('shares backend-uploads through one ReadWriteMany claim', () => {
    const claim = find(manifests, 'PersistentVolumeClaim', 'backend-uploads');
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    const backend = find(manifests, 'Deployment', 'backend-blue');
    expect(backend.spec.template.spec.volumes).toContainEqual({ name: 'backend-uploads', persistentVolumeClaim: { claimName: 'backend-uploads' } });
  });

  test('applies the seed resource table: limits, and requests from the reservations or else the limits', () => {
    const expected: Record<string, [string, string, string, string]> = {
      //        limit cpu, limit memory, request cpu, request memory
      nginx: ['500m', '512Mi', '500m', '512Mi'],
      backend: ['2', '4Gi', '1', '2Gi'],
      frontend: ['1', '2Gi', '1', '2Gi'],
      db: ['4', '8Gi', '2', '4Gi'],
      redis: ['500m', '1Gi', '500m', '1Gi'],
    };
    for (const [service, [limitCpu, limitMemory, requestCpu, requestMemory]] of Object.entries(expected)) {
      for (const workload of workloadsOf(manifests, service)) {
        expect({ service, resources: mainContainer(workload).resources }).toEqual({
          service,
          resources: {
            limits: { 'cpu': limitCpu, 'memory': limitMemory, 'ephemeral-storage': '1Gi' },
            requests: { 'cpu': requestCpu, 'memory': requestMemory, 'ephemeral-storage': '256Mi' },
          },
        });
      }
    }
  });

  test('gives every main container readiness and liveness probes', () => {
    for (const workload of manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet')) {
      const container = mainContainer(workload);
      expect({ workload: workload.metadata.name, readiness: !!container.readinessProbe, liveness: !!container.livenessProbe }).toEqual({
        workload: workload.metadata.name,
        readiness: true,
        liveness: true,
      });
    }
  });

  test('probes db with sqlcmd from mssql-tools18 with -C, through sh -c so $SA_PASSWORD expands', () => {
    const probe = mainContainer(find(manifests, 'StatefulSet', 'db')).readinessProbe;
    expect(probe.exec.command[0]).toBe('sh');
    expect(probe.exec.command[1]).toBe('-c');
    expect(probe.exec.command[2]).toMatch(/^\/opt\/mssql-tools18\/bin\/sqlcmd -C .*-P "\$\{SA_PASSWORD\}"/);
    expect(probe).toMatchObject({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 });
    // start_period 30s at compose's 5s start interval, plus the 5 retries.
    expect(mainContainer(find(manifests, 'StatefulSet', 'db')).startupProbe).toMatchObject({ periodSeconds: 5, failureThreshold: 11 });
  });

  test('probes redis for a PONG reply (an error reply is not ready), and the backend over HTTP on /health', () => {
    const redis = mainContainer(find(manifests, 'StatefulSet', 'redis'));
    expect(redis.readinessProbe.exec.command).toEqual(['sh', '-c', '[ "$(redis-cli ping)" = PONG ]']);
    // No startup probe: one that failed while a long AOF replays (-LOADING) would restart Redis.
    expect(redis.startupProbe).toBeUndefined();
    for (const backend of workloadsOf(manifests, 'backend')) {
      expect(mainContainer(backend).readinessProbe.httpGet).toEqual({ path: '/health', port: 'http', scheme: 'HTTP' });
    }
  });

  test('caps Redis memory with room under its limit for the fork of an AOF rewrite, evicting as a cache', () => {
    const redis = mainContainer(find(manifests, 'StatefulSet', 'redis'));
    const args: string[] = redis.args;
    const maxmemory = /^(\d+)mb$/.exec(args[args.indexOf('--maxmemory') + 1]);
    expect(maxmemory).not.toBeNull();
    const limitMi = Number(/^(\d+)Gi$/.exec(redis.resources.limits.memory)![1]) * 1024;
    // The fork may copy the whole dataset; 128 MiB more for fragmentation, buffers and the process.
    expect(2 * Number(maxmemory![1]) + 128).toBeLessThanOrEqual(limitMi);
    expect(args[args.indexOf('--maxmemory-policy') + 1]).toBe('allkeys-lru');
  });

  test('db and redis: readiness is the compose health check (can it serve?), liveness a TCP connect to its port (is it alive?)', () => {
    const db = mainContainer(find(manifests, 'StatefulSet', 'db'));
    expect(db.readinessProbe.exec.command).toEqual(['sh', '-c', expect.stringContaining('sqlcmd -C -S localhost -U sa')]);
    expect(db.startupProbe.exec).toEqual(db.readinessProbe.exec);
    expect(db.livenessProbe).toEqual({ tcpSocket: { port: 'mssql' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5, successThreshold: 1 });
    const redis = mainContainer(find(manifests, 'StatefulSet', 'redis'));
    expect(redis.livenessProbe).toEqual({ tcpSocket: { port: 'redis' }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 5, successThreshold: 1 });
    for (const container of [db, redis]) expect(container.livenessProbe.exec).toBeUndefined();
  });

  test('holds the backend until db and redis answer (depends_on: service_healthy)', () => {
    for (const backend of workloadsOf(manifests, 'backend')) {
      const waits = backend.spec.template.spec.initContainers.map((c: any) => c.command[2]);
      expect(waits).toEqual([expect.stringContaining('nc -z -w 2 db 1433'), expect.stringContaining('nc -z -w 2 redis 6379')]);
    }
  });

  test('takes secrets only from the Secret, by reference', () => {
    const db = mainContainer(find(manifests, 'StatefulSet', 'db'));
    expect(db.env).toContainEqual({ name: 'SA_PASSWORD', valueFrom: { secretKeyRef: { name: 'tramites-secrets', key: 'DB_PASSWORD' } } });
    for (const backend of workloadsOf(manifests, 'backend')) {
      expect(mainContainer(backend).env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'tramites-secrets', key: 'DATABASE_URL' } } });
    }
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    for (const secret of SECRET_VARIABLES) {
      expect(find(manifests, 'ConfigMap', 'tramites-env').data[secret]).toBeUndefined();
    }
  });

  test('renders no secret value an operator has at hand: neither from compose/secrets.env nor from the shell', () => {
    // Where the README tells operators to keep the values, and where a shell would export them.
    const values = Object.fromEntries(SECRET_VARIABLES.map((name) => [name, `probe-${name.toLowerCase()}-value`]));
    const root = copyProject();
    writeFileSync(`${root}/compose/secrets.env`, Object.entries(values).map(([name, value]) => `${name}=${value}`).join('\n'));
    Object.assign(process.env, values);
    try {
      const text = JSON.stringify(synthEnvironment(environment, root));
      for (const value of Object.values(values)) expect(text).not.toContain(value);
    } finally {
      for (const name of SECRET_VARIABLES) delete process.env[name];
    }
  });

  test('expresses every non-secret .env variable in the ConfigMap, and METRICS_PORT as a named port', () => {
    const data = find(manifests, 'ConfigMap', 'tramites-env').data;
    expect([...Object.keys(data), ...SECRET_VARIABLES].sort()).toEqual([...SEED_ENV_VARIABLES].sort());
    expect(data).toMatchObject({ DB_HOST: 'db', REDIS_URL: 'redis://redis:6379', MAX_UPLOAD_SIZE: '10485760', METRICS_PORT: '9090' });
    expect(find(manifests, 'Service', 'backend').spec.ports).toContainEqual({ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' });
  });

  test('exposes nginx as a LoadBalancer with its generated config and the TLS Secret mounted', () => {
    expect(find(manifests, 'Service', 'nginx').spec.type).toBe('LoadBalancer');
    const nginx = find(manifests, 'Deployment', 'nginx');
    expect(nginx.spec.template.spec.volumes).toEqual([
      { name: 'reverse-proxy-config', configMap: { name: 'nginx-config' } },
      { name: 'tls', secret: { secretName: 'tramites-tls' } },
      { name: 'tmp', emptyDir: {} },
    ]);
    const conf = find(manifests, 'ConfigMap', 'nginx-config').data['nginx.conf'];
    // MAX_UPLOAD_SIZE plus 64 KiB of multipart envelope.
    expect(conf).toContain(`client_max_body_size ${10485760 + 65536};`);
    expect(conf).toContain('server backend:8000;');
  });

  test('never renders hashed or unstable names', () => {
    // cdk8s appends `-c8` and a hash to generated names; any hex suffix would be as unstable.
    for (const manifest of manifests) expect(manifest.metadata.name).not.toMatch(/-(c8)?[0-9a-f]{6,}$/);
  });
});

test('prod runs at least three backend replicas per colour, as seed 5.6 scales it; dev and staging one', () => {
  const replicas = (environment: string) => workloadsOf(synthEnvironment(environment), 'backend').map((workload) => workload.spec.replicas);
  // In prod an autoscaler owns the count, from the seed's 3 up: the Deployments leave it unset.
  expect(replicas('prod')).toEqual([undefined, undefined]);
  const autoscalers = synthEnvironment('prod').filter((m) => m.kind === 'HorizontalPodAutoscaler');
  expect(autoscalers.map((m) => [m.spec.scaleTargetRef.name, m.spec.minReplicas])).toEqual([['backend-blue', 3], ['backend-green', 3]]);
  expect(replicas('staging')).toEqual([1, 1]);
  expect(replicas('dev')).toEqual([1, 1]);
});

/** The Deployments that run a compose service (one, or two colours for blue/green). */
function workloadsOf(manifests: readonly Manifest[], service: string): Manifest[] {
  const found = manifests.filter(
    (m) => (m.kind === 'Deployment' || m.kind === 'StatefulSet') && m.metadata.labels?.['app.kubernetes.io/name'] === service,
  );
  if (found.length === 0) throw new Error(`no workload for ${service}`);
  return found;
}
