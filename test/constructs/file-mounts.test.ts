import type { ConfigMapModel, MountModel, StackModel } from '../../lib/model';
import { runPolicies } from '../../lib/policies';
import { kubernetesSchemaProblems } from '../support/kubernetes-schema';
import { serviceModel } from '../support/model-builder';
import { find, mainContainer, synthModel, type Manifest } from '../support/project';

/** A one-service stack built by hand, not loaded: what the constructs get for compose's file keys. */
function stackWith(mounts: MountModel[], extra: { envFileConfigMaps?: string[]; configMaps?: ConfigMapModel[] } = {}): StackModel {
  const service = serviceModel('web', {
    image: 'nginx:1.27.3',
    environment: [{ name: 'MODE', value: 'production' }],
    envFileConfigMaps: extra.envFileConfigMaps,
    // What the loader resolves from envFileConfigMaps.
    envFrom: extra.envFileConfigMaps?.map((configMap) => ({ configMap })),
    healthcheck: undefined,
    mounts,
    security: { user: 101, group: 101, writablePaths: ['/tmp'], readOnlyRootFilesystem: true, addCapabilities: [] },
  });
  return {
    project: 'shop',
    environment: { name: 'dev', namespace: 'shop-dev', kubernetesVersion: '1.34' },
    services: [service],
    volumes: [],
    variables: [],
    variablesConfigMap: 'shop-env',
    secret: { name: 'shop-secrets', keys: [], source: { mode: 'manual' } },
    jobs: [],
    securityExceptions: [],
    acknowledgements: [],
    configMaps: extra.configMaps,
  };
}

const siteConfig: ConfigMapModel = { name: 'shop-file-nginx-conf', data: { 'nginx.conf': 'server { listen 8080; }\n' } };
const envFile: ConfigMapModel = { name: 'shop-env-web', data: { CACHE_SIZE: '64' } };

describe('mounts of compose file keys', () => {
  const stack = stackWith(
    [
      { kind: 'config-map', configMap: siteConfig.name, path: '/etc/nginx/conf.d/default.conf', file: 'nginx.conf' },
      { kind: 'config-map', configMap: 'shop-file-html', path: '/usr/share/nginx/html', items: [{ key: 'index.html', path: 'index.html' }, { key: 'css_site.css', path: 'css/site.css' }] },
      { kind: 'secret', secret: 'shop-secret-api-key', key: 'api_key', path: '/run/secrets/api_key' },
      { kind: 'secret', secret: 'shop-secret-tls-key', key: 'tls_key', path: '/etc/ssl/private/site.key', mode: 0o400 },
      { kind: 'tmpfs', path: '/var/cache/nginx', sizeLimit: '64Mi' },
      { kind: 'existing-claim', volume: 'media', claim: 'shop-media', path: '/srv/media', readOnly: true, subPath: 'public' },
    ],
    { envFileConfigMaps: [envFile.name], configMaps: [siteConfig, envFile, { name: 'shop-file-html', data: { 'index.html': '<p>hi</p>' }, binaryData: { 'css_site.css': 'Ym9keXt9' } }] },
  );
  const manifests = synthModel(stack);
  const deployment = find(manifests, 'Deployment', 'web');
  const container = mainContainer(deployment);
  const volumes = deployment.spec.template.spec.volumes as any[];

  test('a file of the stack folder is one key of its ConfigMap, mounted read-only by subPath', () => {
    expect(container.volumeMounts).toContainEqual({ name: 'etc-nginx-conf-d-default-conf', mountPath: '/etc/nginx/conf.d/default.conf', subPath: 'nginx.conf', readOnly: true });
    expect(volumes).toContainEqual({ name: 'etc-nginx-conf-d-default-conf', configMap: { name: 'shop-file-nginx-conf', items: [{ key: 'nginx.conf', path: 'nginx.conf' }] } });
  });

  test('a directory is the whole ConfigMap, its subdirectories rebuilt by items', () => {
    expect(container.volumeMounts).toContainEqual({ name: 'usr-share-nginx-html', mountPath: '/usr/share/nginx/html', readOnly: true });
    expect(volumes).toContainEqual({
      name: 'usr-share-nginx-html',
      configMap: { name: 'shop-file-html', items: [{ key: 'index.html', path: 'index.html' }, { key: 'css_site.css', path: 'css/site.css' }] },
    });
  });

  test('the ConfigMaps are rendered with their text and binary files', () => {
    expect(find(manifests, 'ConfigMap', 'shop-file-nginx-conf').data).toEqual({ 'nginx.conf': 'server { listen 8080; }\n' });
    expect(find(manifests, 'ConfigMap', 'shop-file-html').binaryData).toEqual({ 'css_site.css': 'Ym9keXt9' });
  });

  test('a compose secret is one key of a Secret that is not rendered, as a read-only file, 0444 unless its mode says', () => {
    expect(container.volumeMounts).toContainEqual({ name: 'run-secrets-api-key', mountPath: '/run/secrets/api_key', subPath: 'api_key', readOnly: true });
    expect(volumes).toContainEqual({ name: 'run-secrets-api-key', secret: { secretName: 'shop-secret-api-key', items: [{ key: 'api_key', path: 'api_key' }], defaultMode: 0o444 } });
    expect(volumes).toContainEqual({ name: 'etc-ssl-private-site-key', secret: { secretName: 'shop-secret-tls-key', items: [{ key: 'tls_key', path: 'tls_key' }], defaultMode: 0o400 } });
    expect(manifests.filter((manifest) => manifest.kind === 'Secret')).toEqual([]);
  });

  test('the workload restarts when a mounted Secret is rotated (Reloader)', () => {
    expect(deployment.metadata.annotations['secret.reloader.stakater.com/reload']).toBe('shop-secret-api-key,shop-secret-tls-key');
  });

  test('tmpfs is a memory emptyDir with its size', () => {
    expect(volumes).toContainEqual({ name: 'var-cache-nginx', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } });
    expect(container.volumeMounts).toContainEqual({ name: 'var-cache-nginx', mountPath: '/var/cache/nginx' });
  });

  test('a writable path that a mount covers (tmpfs at /tmp) gets no second volume', () => {
    const pod = find(synthModel(stackWith([{ kind: 'tmpfs', path: '/tmp', sizeLimit: '16Mi' }])), 'Deployment', 'web').spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('an existing claim is mounted by name and never rendered', () => {
    expect(volumes).toContainEqual({ name: 'media', persistentVolumeClaim: { claimName: 'shop-media', readOnly: true } });
    expect(container.volumeMounts).toContainEqual({ name: 'media', mountPath: '/srv/media', subPath: 'public', readOnly: true });
    expect(manifests.filter((manifest) => manifest.kind === 'PersistentVolumeClaim')).toEqual([]);
    // Mounting a claim that exists does not make the service own a volume: it stays a Deployment.
    expect(manifests.filter((manifest) => manifest.kind === 'StatefulSet')).toEqual([]);
  });

  test('env files are read with envFrom, compose environment on top', () => {
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'shop-env-web' } }]);
    expect(container.env).toEqual([{ name: 'MODE', value: 'production' }]);
  });

  test('a change in a mounted or read ConfigMap rolls the pods', () => {
    const checksum = (rendered: Manifest[]) => find(rendered, 'Deployment', 'web').spec.template.metadata.annotations['checksum/config'];
    const edited = { ...stack, configMaps: stack.configMaps!.map((configMap) => (configMap === envFile ? { ...envFile, data: { CACHE_SIZE: '128' } } : configMap)) };
    expect(checksum(manifests)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(synthModel(edited))).not.toBe(checksum(manifests));
    expect(find(synthModel(stackWith([])), 'Deployment', 'web').spec.template.metadata.annotations?.['checksum/config']).toBeUndefined();
  });

  test('every object passes the 1.27 and 1.34 schemas and the restricted volume types', () => {
    for (const manifest of manifests) {
      expect(kubernetesSchemaProblems(manifest, '1.27')).toEqual([]);
      expect(kubernetesSchemaProblems(manifest, '1.34')).toEqual([]);
    }
    // Every rule of the suite: the mounts add no finding to what the bare service already has.
    const findings = (rendered: Manifest[]) => runPolicies('dev', rendered, []).map((violation) => `${violation.object}: ${violation.rule}: ${violation.message}`);
    const bare = findings(synthModel(stackWith([])));
    expect(findings(manifests).filter((finding) => !bare.includes(finding))).toEqual([]);
  });
});
