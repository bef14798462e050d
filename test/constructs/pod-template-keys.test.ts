import { Chart, Testing } from 'cdk8s';
import { EnvironmentNamespace } from '../../lib/constructs/environment-namespace';
import { podTemplate } from '../../lib/constructs/pod-template';
import { servicePorts } from '../../lib/constructs/service-ports';
import type { ServiceModel } from '../../lib/model';
import { serviceModel } from '../support/model-builder';

/**
 * What each service-level compose key becomes in the pod template, from models built by hand (the
 * loader's side: test/loader/compose-container.test.ts and service-keys.test.ts).
 */

const web = (overrides: Partial<ServiceModel> = {}) => serviceModel('web', { healthcheck: undefined, security: { user: 10001, group: 10001, writablePaths: [], readOnlyRootFilesystem: true, addCapabilities: [] }, ...overrides });

function render(service: ServiceModel, options: { annotations?: Record<string, string> } = {}) {
  // Through JSON, as the manifests are written: undefined fields disappear, quantities become strings.
  return JSON.parse(JSON.stringify(podTemplate({ service, labels: { 'app.kubernetes.io/name': service.name }, annotations: options.annotations }), (_key, value) =>
    value && typeof value === 'object' && typeof value.value !== 'undefined' && Object.keys(value).length === 1 ? value.value : value,
  ));
}

describe('pod template: service-level compose keys', () => {
  test('leaves every new field out when the compose file sets none', () => {
    const template = render(web());
    expect(template.metadata.annotations).toBeUndefined();
    expect(template.spec.hostname).toBeUndefined();
    expect(template.spec.hostAliases).toBeUndefined();
    expect(template.spec.terminationGracePeriodSeconds).toBeUndefined();
    expect(template.spec.containers[0].workingDir).toBeUndefined();
    expect(template.spec.containers[0].securityContext).toEqual({ privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
  });

  test('working_dir → workingDir', () => {
    expect(render(web({ workingDir: '/srv' })).spec.containers[0].workingDir).toBe('/srv');
  });

  test('hostname → hostname, extra_hosts → hostAliases', () => {
    const spec = render(web({ hostname: 'web-1', hostAliases: [{ ip: '10.0.0.5', hostnames: ['db.local', 'db'] }] })).spec;
    expect(spec.hostname).toBe('web-1');
    expect(spec.hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['db.local', 'db'] }]);
  });

  test('labels → pod annotations, beside the ones the workload adds', () => {
    const template = render(web({ annotations: { 'com.example.team': 'shop' } }), { annotations: { 'checksum/config': 'abc' } });
    expect(template.metadata.annotations).toEqual({ 'com.example.team': 'shop', 'checksum/config': 'abc' });
  });

  test('stop_grace_period → terminationGracePeriodSeconds, where the shutdown settings give none', () => {
    expect(render(web({ stopGracePeriodSeconds: 45 })).spec.terminationGracePeriodSeconds).toBe(45);
    const both = web({ stopGracePeriodSeconds: 45, shutdown: { preStop: 'sleep 5', gracePeriodSeconds: 60 } });
    expect(render(both).spec.terminationGracePeriodSeconds).toBe(60);
  });

  test('tmpfs → a memory emptyDir, with its size where given, mounted at its path', () => {
    const spec = render(web({ mounts: [{ kind: 'tmpfs', path: '/run', sizeLimit: '64Mi' }, { kind: 'tmpfs', path: '/var/cache' }] })).spec;
    expect(spec.volumes).toEqual([
      { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'var-cache', emptyDir: { medium: 'Memory' } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'run', mountPath: '/run' }, { name: 'var-cache', mountPath: '/var/cache' }]);
  });

  test('user root (with its exception) → runAsUser 0 and runAsNonRoot false', () => {
    const security = render(web({ security: { user: 0, group: 0, writablePaths: [], readOnlyRootFilesystem: true, addCapabilities: [] } })).spec.securityContext;
    expect(security).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 });
    expect(render(web()).spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
  });

  test('privileged (with its exceptions) → privileged, and privilege escalation allowed, as the API server requires', () => {
    const security = { user: 10001, group: 10001, writablePaths: [], readOnlyRootFilesystem: true, addCapabilities: [], privileged: true };
    expect(render(web({ security })).spec.containers[0].securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] } });
  });

  test('cap_add → capabilities added back after dropping ALL', () => {
    const security = { user: 10001, group: 10001, writablePaths: [], readOnlyRootFilesystem: true, addCapabilities: ['NET_BIND_SERVICE'] };
    expect(render(web({ security })).spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
  });

  test('expose → a container port and a Service port like any other, tcp and udp of one number side by side', () => {
    const service = web({
      ports: [
        { name: 'dns', containerPort: 53, servicePort: 53, protocol: 'TCP' },
        { name: 'dns-udp', containerPort: 53, servicePort: 53, protocol: 'UDP' },
        { name: 'port-9000', containerPort: 9000, servicePort: 9000, protocol: 'TCP', published: false },
      ],
    });
    expect(render(service).spec.containers[0].ports).toEqual([
      { name: 'dns', containerPort: 53, protocol: 'TCP' },
      { name: 'dns-udp', containerPort: 53, protocol: 'UDP' },
      { name: 'port-9000', containerPort: 9000, protocol: 'TCP' },
    ]);
    expect(servicePorts(service).map((port) => [port.name, port.port, port.protocol])).toEqual([['dns', 53, 'TCP'], ['dns-udp', 53, 'UDP'], ['port-9000', 9000, 'TCP']]);
  });
});

describe('EnvironmentNamespace: the level its exceptions need', () => {
  test.each(['baseline', 'privileged'] as const)('enforces %s, and keeps warning and auditing by restricted', (level) => {
    const chart = Testing.chart();
    new EnvironmentNamespace(chart, 'namespace', { name: 'shop-dev', labels: {}, kubernetesVersion: '1.34', enforce: level });
    const [namespace] = Testing.synth(chart as Chart);
    expect(namespace.metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': level,
      'pod-security.kubernetes.io/enforce-version': 'v1.34',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.34',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.34',
    });
  });
});
