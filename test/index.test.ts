import { App, Chart } from 'cdk8s';
// Everything of the project comes through its public entry point, as another cdk8s app would use it.
import { ServiceJob, StatefulService, StatelessService, type JobModel, type LabelContext, type ServiceModel } from '../lib/index';
import { kubernetesSchemaProblems } from './support/kubernetes-schema';

/** A Postgres service as another project's own loader, or a person, would write its model. */
const postgres: ServiceModel = {
  name: 'postgres',
  image: 'postgres:16.4',
  imagePullPolicy: 'IfNotPresent',
  environment: [
    { name: 'POSTGRES_USER', value: 'app' },
    { name: 'POSTGRES_PASSWORD', secretKey: 'postgres-password' },
  ],
  secretName: 'wiki-secrets',
  readsEnvFile: false,
  ports: [{ name: 'postgres', containerPort: 5432, servicePort: 5432, protocol: 'TCP' }],
  healthcheck: { kind: 'exec', command: ['pg_isready', '-U', 'app'], intervalSeconds: 5, timeoutSeconds: 3, retries: 5 },
  dependsOn: [],
  resources: {
    limits: { cpu: '1', memory: '1Gi', ephemeralStorage: '1Gi' },
    requests: { cpu: '250m', memory: '512Mi', ephemeralStorage: '256Mi' },
  },
  replicas: 1,
  mounts: [{ kind: 'volume', volume: 'pgdata', path: '/var/lib/postgresql/data', readOnly: false }],
  volumes: [{ name: 'pgdata', accessMode: 'ReadWriteOnce', size: '20Gi', replicable: false }],
  security: { user: 999, group: 999, writablePaths: ['/tmp', '/var/run/postgresql'], readOnlyRootFilesystem: true, addCapabilities: [] },
};

/** A web application that waits for Postgres and shares an uploads volume with its migration Job. */
const wiki: ServiceModel = {
  ...postgres,
  name: 'wiki',
  image: 'registry.example/wiki:2.5.1',
  environment: [{ name: 'DB_HOST', value: 'postgres' }],
  envFrom: [{ configMap: 'wiki-env' }],
  ports: [{ name: 'http', containerPort: 3000, servicePort: 80, protocol: 'TCP' }],
  healthcheck: { kind: 'http', port: 3000, path: '/healthz', intervalSeconds: 10, timeoutSeconds: 3, retries: 3 },
  dependsOn: [{ service: 'postgres', condition: 'service_healthy' }],
  waitsFor: [{ service: 'postgres', port: 5432 }],
  replicas: 2,
  mounts: [{ kind: 'volume', volume: 'uploads', path: '/srv/uploads', readOnly: false }],
  volumes: [{ name: 'uploads', accessMode: 'ReadWriteMany', size: '10Gi', storageClass: 'files-rwx', replicable: false }],
  security: { user: 1000, group: 1000, writablePaths: ['/tmp'], readOnlyRootFilesystem: true, addCapabilities: [] },
};

const context: LabelContext = { project: 'wiki', environment: 'dev' };

function objectsOf(chart: Chart): any[] {
  return chart.toJson();
}

describe('the constructs, used from lib/index.ts in another cdk8s app', () => {
  test('a StatefulService makes its ServiceAccount, claim template, headless and client Services, and passes the strict schema', () => {
    const chart = new Chart(new App(), 'wiki', { namespace: 'wiki-dev', disableResourceNameHashes: true });
    new StatefulService(chart, 'postgres', { service: postgres, context });
    const objects = objectsOf(chart);

    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/postgres',
      'Service/postgres-headless',
      'StatefulSet/postgres',
      'Service/postgres',
    ]);
    const statefulSet = objects.find((object) => object.kind === 'StatefulSet');
    expect(statefulSet.spec.template.spec.serviceAccountName).toBe('postgres');
    expect(statefulSet.spec.serviceName).toBe('postgres-headless');
    expect(statefulSet.spec.volumeClaimTemplates.map((claim: any) => [claim.metadata.name, claim.spec.resources.requests.storage])).toEqual([['pgdata', '20Gi']]);
    expect(statefulSet.spec.template.spec.containers[0].env).toContainEqual({
      name: 'POSTGRES_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'wiki-secrets', key: 'postgres-password' } },
    });
    for (const release of ['1.27', '1.34'] as const) {
      for (const object of objects) expect([`${object.kind}/${object.metadata.name}`, kubernetesSchemaProblems(object, release)]).toEqual([`${object.kind}/${object.metadata.name}`, []]);
    }
  });

  test('a StatelessService makes its ServiceAccount and shared claim, and waits for its dependency at the address in its model', () => {
    const chart = new Chart(new App(), 'wiki', { namespace: 'wiki-dev', disableResourceNameHashes: true });
    new StatelessService(chart, 'wiki', { service: wiki, context });
    const objects = objectsOf(chart);

    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/wiki',
      'PersistentVolumeClaim/uploads',
      'Deployment/wiki',
      'PodDisruptionBudget/wiki',
      'Service/wiki',
    ]);
    const pod = objects.find((object) => object.kind === 'Deployment').spec.template.spec;
    expect(pod.serviceAccountName).toBe('wiki');
    expect(pod.volumes).toContainEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'uploads' } });
    expect(pod.initContainers.map((container: any) => container.command[2])).toEqual([expect.stringContaining('nc -z -w 2 postgres 5432')]);
    expect(pod.containers[0].envFrom).toEqual([{ configMapRef: { name: 'wiki-env' } }]);
    for (const object of objects) expect(kubernetesSchemaProblems(object, '1.34')).toEqual([]);
  });

  test('a Job of a service in the same chart runs as the service, and nothing is made twice', () => {
    const chart = new Chart(new App(), 'wiki', { namespace: 'wiki-dev', disableResourceNameHashes: true });
    const workload = new StatelessService(chart, 'wiki', { service: wiki, context });
    const migrate: JobModel = { name: 'wiki-migrate', service: 'wiki', image: wiki.image, command: ['npm', 'run', 'migrate'], waitsFor: [{ service: 'postgres', port: 5432 }] };
    new ServiceJob(chart, 'migrate', { service: wiki, context, job: migrate, ...workload.references });
    const objects = objectsOf(chart);

    const names = objects.map((object) => `${object.kind}/${object.metadata.name}`);
    expect(names.filter((name) => name === 'ServiceAccount/wiki' || name === 'PersistentVolumeClaim/uploads')).toEqual(['ServiceAccount/wiki', 'PersistentVolumeClaim/uploads']);
    const job = objects.find((object) => object.kind === 'Job');
    expect(job.spec.template.spec.serviceAccountName).toBe('wiki');
    expect(job.spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 86400 });
    for (const object of objects) expect(kubernetesSchemaProblems(object, '1.34')).toEqual([]);
  });
});
