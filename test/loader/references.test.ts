import { withReferences } from '../../lib/loader/references';
import { loadEnvironment } from '../support/project';
import { serviceModel, volumeModel } from '../support/model-builder';

describe('withReferences', () => {
  const db = serviceModel('db', { ports: [{ name: 'postgres', containerPort: 5432, servicePort: 5432, protocol: 'TCP' }] });
  const web = serviceModel('web', {
    readsEnvFile: true,
    envFileConfigMaps: ['shop-env-web'],
    dependsOn: [
      { service: 'db', condition: 'service_healthy' },
      { service: 'worker', condition: 'service_started' },
    ],
    mounts: [
      { kind: 'volume', volume: 'media', path: '/srv/media', readOnly: false },
      { kind: 'tls-secret', path: '/etc/tls' },
    ],
  });
  const [, resolved] = withReferences([db, web, serviceModel('worker')], {
    variablesConfigMap: 'shop-env',
    secretName: 'shop-secrets',
    tlsSecret: 'shop-tls',
    volumes: [volumeModel('data'), volumeModel('media', { accessMode: 'ReadWriteMany' })],
  });

  test('writes the address of each service_healthy dependency, and only those, into the service', () => {
    expect(resolved.waitsFor).toEqual([{ service: 'db', port: 5432 }]);
  });

  test('names the ConfigMaps and Secret it loads, the .env first, and the Secret of its secret keys', () => {
    expect(resolved.envFrom).toEqual([{ configMap: 'shop-env' }, { secret: 'shop-secrets' }, { configMap: 'shop-env-web' }]);
    expect(resolved.secretName).toBe('shop-secrets');
  });

  test('describes the volumes it mounts, and the TLS Secret it mounts', () => {
    expect(resolved.volumes).toEqual([volumeModel('media', { accessMode: 'ReadWriteMany' })]);
    expect(resolved.mounts).toContainEqual({ kind: 'tls-secret', path: '/etc/tls', secret: 'shop-tls' });
  });
});

describe('the Trámites model carries the references its constructs use', () => {
  const stack = loadEnvironment('prod');
  const service = (name: string) => stack.services.find((candidate) => candidate.name === name)!;

  test('the backend waits for db and redis at their Service ports, and reads the .env ConfigMap and Secret', () => {
    expect(service('backend').waitsFor).toEqual([{ service: 'db', port: 1433 }, { service: 'redis', port: 6379 }]);
    expect(service('backend').envFrom).toEqual([{ configMap: 'tramites-env' }, { secret: 'tramites-secrets' }]);
    expect(stack.variablesConfigMap).toBe('tramites-env');
  });

  test('the database Jobs wait for db at its port; nginx mounts the TLS Secret; db describes its own volume', () => {
    expect(stack.jobs.map((job) => [job.name, job.waitsFor])).toEqual([
      ['db-init', [{ service: 'db', port: 1433 }]],
      ['db-migrate', [{ service: 'db', port: 1433 }]],
      ['db-seed', [{ service: 'db', port: 1433 }]],
    ]);
    expect(service('nginx').mounts).toContainEqual(expect.objectContaining({ kind: 'tls-secret', secret: 'tramites-tls' }));
    expect(service('db').volumes?.map((volume) => [volume.name, volume.accessMode, volume.size])).toEqual([['db-data', 'ReadWriteOnce', '100Gi']]);
  });
});
