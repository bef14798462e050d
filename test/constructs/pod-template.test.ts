import { ownedVolumes, podTemplate } from '../../lib/constructs/pod-template';
import { serviceModel, volumeModel } from '../support/model-builder';

const labels = { 'app.kubernetes.io/name': 'web' };

describe('podTemplate', () => {
  test('reads the objects its model names: envFrom in order, secret keys from its Secret, compose environment on top', () => {
    const web = serviceModel('web', {
      environment: [
        { name: 'MODE', value: 'production' },
        { name: 'API_TOKEN', secretKey: 'api-token' },
      ],
      envFrom: [{ configMap: 'shop-env' }, { secret: 'shop-secrets' }, { configMap: 'shop-env-web' }],
      secretName: 'shop-secrets',
    });
    const [container] = podTemplate({ service: web, labels }).spec!.containers;
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'shop-env' } }, { secretRef: { name: 'shop-secrets' } }, { configMapRef: { name: 'shop-env-web' } }]);
    expect(container.env).toEqual([
      { name: 'MODE', value: 'production' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'shop-secrets', key: 'api-token' } } },
    ]);
  });

  test('refuses a secret key without the Secret it is a key of, and TLS files without their Secret', () => {
    const secretKey = serviceModel('web', { environment: [{ name: 'API_TOKEN', secretKey: 'api-token' }] });
    expect(() => podTemplate({ service: secretKey, labels })).toThrow('service "web": API_TOKEN is the secret key api-token, but the model names no secretName');
    const tls = serviceModel('web', { mounts: [{ kind: 'tls-secret', path: '/etc/tls' }] });
    expect(() => podTemplate({ service: tls, labels })).toThrow('mounts TLS files at /etc/tls, but the mount names no secret');
    const named = serviceModel('web', { mounts: [{ kind: 'tls-secret', path: '/etc/tls', secret: 'web-tls' }] });
    expect(podTemplate({ service: named, labels }).spec!.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'web-tls' } });
  });

  test('runs as its ServiceAccount, the service name unless told, without an API token or service links', () => {
    const spec = podTemplate({ service: serviceModel('web'), labels }).spec!;
    expect(spec).toMatchObject({ serviceAccountName: 'web', automountServiceAccountToken: false, enableServiceLinks: false });
    expect(podTemplate({ service: serviceModel('web'), labels, serviceAccountName: 'shared' }).spec!.serviceAccountName).toBe('shared');
  });

  test('mounts a shared volume by its claim, and leaves an owned one to the claim templates', () => {
    const web = serviceModel('web', {
      mounts: [
        { kind: 'volume', volume: 'media', path: '/srv/media', readOnly: true },
        { kind: 'volume', volume: 'data', path: '/data', readOnly: false },
      ],
      volumes: [volumeModel('data'), volumeModel('media', { accessMode: 'ReadWriteMany' })],
    });
    const spec = podTemplate({ service: web, labels }).spec!;
    expect(spec.volumes!.map((volume) => volume.name)).toEqual(['media', 'tmp']);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'media', mountPath: '/srv/media', readOnly: true },
      { name: 'data', mountPath: '/data' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
  });
});

describe('probes', () => {
  test('readiness is the health check and liveness a TCP connection to its port, unless liveness is none', () => {
    const [container] = podTemplate({ service: serviceModel('web'), labels }).spec!.containers;
    expect(container.readinessProbe!.httpGet).toMatchObject({ path: '/health' });
    expect(container.livenessProbe!.tcpSocket!.port.value).toBe('http');
    const [without] = podTemplate({ service: serviceModel('web'), labels, probes: { liveness: 'none' } }).spec!.containers;
    expect(without.readinessProbe).toBeDefined();
    expect(without.livenessProbe).toBeUndefined();
  });
});

describe('dependency waits', () => {
  const web = serviceModel('web', { waitsFor: [{ service: 'db', port: 5432 }, { service: 'cache', port: 6379 }] });

  test('wait for each address of the model, in order, with a pinned busybox as nobody by default', () => {
    const waits = podTemplate({ service: web, labels }).spec!.initContainers!;
    expect(waits.map((wait) => [wait.name, wait.image, wait.command![2]])).toEqual([
      ['wait-for-db', 'busybox:1.36.1', 'until nc -z -w 2 db 5432; do echo "waiting for db:5432"; sleep 2; done'],
      ['wait-for-cache', 'busybox:1.36.1', 'until nc -z -w 2 cache 6379; do echo "waiting for cache:6379"; sleep 2; done'],
    ]);
    expect(waits[0].securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  test('take their image, user and retry interval from the props', () => {
    const [wait] = podTemplate({ service: web, labels, dependencyWait: { image: 'mirror.example/busybox:1.37.0', user: 1234, retrySeconds: 5 } }).spec!.initContainers!;
    expect(wait).toMatchObject({ image: 'mirror.example/busybox:1.37.0', securityContext: { runAsUser: 1234, runAsGroup: 1234 } });
    expect(wait.command![2]).toBe('until nc -z -w 5 db 5432; do echo "waiting for db:5432"; sleep 5; done');
  });

  test('a service that waits for nothing has no init container', () => {
    expect(podTemplate({ service: serviceModel('web'), labels }).spec!.initContainers).toBeUndefined();
  });
});

describe('volumes mounted at two paths', () => {
  test('a volume mounted at two paths is one pod volume, or one claim template', () => {
    const web = serviceModel('web', {
      mounts: [
        { kind: 'volume', volume: 'media', path: '/srv/images', readOnly: true, subPath: 'images' },
        { kind: 'volume', volume: 'media', path: '/srv/videos', readOnly: true, subPath: 'videos' },
        { kind: 'volume', volume: 'data', path: '/data', readOnly: false, subPath: 'content' },
        { kind: 'volume', volume: 'data', path: '/logs', readOnly: false, subPath: 'logs' },
      ],
      volumes: [volumeModel('data'), volumeModel('media', { accessMode: 'ReadWriteMany' })],
    });
    const spec = podTemplate({ service: web, labels }).spec!;
    expect(spec.volumes!.map((volume) => volume.name)).toEqual(['media', 'tmp']);
    expect(spec.containers[0].volumeMounts!.map((mount) => `${mount.name}:${mount.subPath}`)).toEqual(['media:images', 'media:videos', 'data:content', 'data:logs', 'tmp:undefined']);
    expect(ownedVolumes(web).map((volume) => volume.name)).toEqual(['data']);
  });
});
