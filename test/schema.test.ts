import { KUBERNETES_VERSIONS } from '../lib/loader/settings';
import { ENVIRONMENTS, synthEnvironment } from './support/project';
import { customKindOf, customResourceProblems } from './support/custom-resource-schema';
import { KUBERNETES_RELEASES, kubernetesSchemaProblems, type KubernetesRelease } from './support/kubernetes-schema';

const RELEASES = Object.keys(KUBERNETES_RELEASES) as KubernetesRelease[];

describe.each(ENVIRONMENTS)('every object of %s', (environment) => {
  const manifests = synthEnvironment(environment);
  const kubernetesKinds = manifests.filter((manifest) => !customKindOf(manifest));
  const customResources = manifests.filter((manifest) => customKindOf(manifest));
  describe.each(RELEASES)('against Kubernetes %s', (release) => {
    test.each(kubernetesKinds.map((m) => [`${m.kind}/${m.metadata.name}`, m] as const))('%s passes the strict schema check: known kind and fields, nothing deprecated', (_name, manifest) => {
      expect(kubernetesSchemaProblems(manifest, release)).toEqual([]);
    });
  });

  test('renders the ExternalSecret, the Certificate, the PodMonitor and the PrometheusRule', () => {
    expect(customResources.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'ExternalSecret/tramites-secrets',
      'Certificate/tramites-tls',
      'PodMonitor/backend-metrics',
      'PrometheusRule/tramites-alerts',
    ]);
  });

  const problems = customResourceProblems(customResources);
  test.each(customResources.map((m, index) => [`${m.kind}/${m.metadata.name}`, index] as const))('%s passes the strict schema check of its CRD', (_name, index) => {
    expect(problems[index]).toEqual([]);
  });
});

test('the releases checked are the oldest and the newest the settings accept', () => {
  expect(RELEASES).toEqual([`1.${KUBERNETES_VERSIONS.oldest}`, `1.${KUBERNETES_VERSIONS.newest}`]);
});

describe('the strict schema check', () => {
  const deployment = () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.3' }] } },
    },
  });

  test('accepts a minimal valid Deployment', () => {
    expect(kubernetesSchemaProblems(deployment())).toEqual([]);
  });

  test('rejects an unknown field deep inside a pod template', () => {
    const bad: any = deployment();
    bad.spec.template.spec.containers[0].memoryLimit = '1Gi';
    expect(kubernetesSchemaProblems(bad)).toEqual(['unknown field: spec.template.spec.containers[0].memoryLimit']);
  });

  test('rejects a field that only exists in later Kubernetes versions', () => {
    const bad: any = deployment();
    // restartPolicy on a regular container arrived with sidecar containers in 1.28.
    bad.spec.template.spec.containers[0].restartPolicy = 'Always';
    expect(kubernetesSchemaProblems(bad)).toEqual(['unknown field: spec.template.spec.containers[0].restartPolicy']);
    expect(kubernetesSchemaProblems(bad, '1.34')).toEqual([]);
  });

  test('rejects, for 1.34, a field that 1.34 does not have either', () => {
    const bad: any = deployment();
    bad.spec.template.spec.containers[0].memoryLimit = '1Gi';
    expect(kubernetesSchemaProblems(bad, '1.34')).toEqual(['unknown field: spec.template.spec.containers[0].memoryLimit']);
  });

  test('rejects, for 1.34, fields that 1.34 declares deprecated: the pod spec serviceAccount alias and a Service loadBalancerIP', () => {
    const bad: any = deployment();
    bad.spec.template.spec.serviceAccount = 'web';
    expect(kubernetesSchemaProblems(bad, '1.34')).toEqual(['deprecated field: spec.template.spec.serviceAccount']);
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'LoadBalancer', loadBalancerIP: '10.0.0.1', ports: [{ port: 80 }] } };
    expect(kubernetesSchemaProblems(service, '1.34')).toEqual(['deprecated field: spec.loadBalancerIP']);
  });

  test('rejects a value of the wrong type or outside an enum', () => {
    const bad: any = deployment();
    bad.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    expect(kubernetesSchemaProblems(bad)).toEqual([expect.stringContaining('imagePullPolicy must be equal to one of the allowed values')]);
  });

  test('rejects a missing required field', () => {
    const bad: any = deployment();
    delete bad.spec.selector;
    expect(kubernetesSchemaProblems(bad).join('\n')).toContain('data/spec must have required property selector');
  });
});

test('the strict schema check rejects a kind that Kubernetes 1.27 does not serve yet', () => {
  const flowSchema = { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', metadata: { name: 'x' }, spec: {} };
  expect(kubernetesSchemaProblems(flowSchema)).toContainEqual('unknown kind: flowcontrol.apiserver.k8s.io/v1 FlowSchema is not part of Kubernetes 1.27');
});

test('the strict schema check rejects, for 1.34, an API that 1.27 served and later releases removed', () => {
  const flowSchema = { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kind: 'FlowSchema', metadata: { name: 'x' }, spec: {} };
  expect(kubernetesSchemaProblems(flowSchema).filter((problem) => problem.startsWith('unknown'))).toEqual([]);
  expect(kubernetesSchemaProblems(flowSchema, '1.34')).toContainEqual('unknown kind: flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema is not part of Kubernetes 1.34');
});

test('the strict schema check rejects, for 1.34, a kind 1.34 declares deprecated (v1 Endpoints, since 1.33)', () => {
  const endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'x' }, subsets: [] };
  expect(kubernetesSchemaProblems(endpoints)).toEqual([]);
  expect(kubernetesSchemaProblems(endpoints, '1.34')).toEqual(['deprecated kind: v1 Endpoints is deprecated in Kubernetes 1.34']);
});

describe('the strict schema check of the custom resources', () => {
  const externalSecret = () => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'app' },
    spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'store' }, target: { name: 'app', creationPolicy: 'Owner' }, data: [{ secretKey: 'A', remoteRef: { key: 'a' } }] },
  });

  test('accepts a minimal valid ExternalSecret', () => {
    expect(customResourceProblems([externalSecret()])).toEqual([[]]);
  });

  test('knows only the API version each CRD serves and stores (external-secrets.io/v1, not the v1beta1 it still lists)', () => {
    expect(() => customResourceProblems([{ ...externalSecret(), apiVersion: 'external-secrets.io/v1beta1' }])).toThrow(
      'not a custom resource kind this project renders: external-secrets.io/v1beta1 ExternalSecret',
    );
  });

  test('rejects an unknown field, a value outside an enum, a missing required field', () => {
    const bad: any = externalSecret();
    bad.spec.refreshEvery = '1h';
    bad.spec.target.creationPolicy = 'Owned';
    delete bad.spec.data[0].remoteRef.key;
    const [problems] = customResourceProblems([bad]);
    expect(problems.join('\n')).toContain('creationPolicy must be equal to one of the allowed values');
    expect(problems.join('\n')).toContain("remoteRef must have required property key");
    expect(problems).toContain('unknown field: spec.refreshEvery');
  });

  test('rejects a PodMonitor interval that is not a Prometheus duration, and a misspelt rule field', () => {
    const podMonitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'm' }, spec: { selector: {}, podMetricsEndpoints: [{ port: 'metrics', interval: '30 seconds' }] } };
    const rule = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' }, spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expression: 'up == 0' }] }] } };
    const [podMonitorProblems, ruleProblems] = customResourceProblems([podMonitor, rule]);
    expect(podMonitorProblems.join('\n')).toContain('interval must match pattern');
    expect(ruleProblems).toContain('unknown field: spec.groups[0].rules[0].expression');
    expect(ruleProblems.join('\n')).toContain('must have required property expr');
  });
});
