import { ENVIRONMENTS, synthEnvironment } from './support/project';
import { kubernetesSchemaProblems } from './support/kubernetes-schema';

describe.each(ENVIRONMENTS)('every object of %s', (environment) => {
  const manifests = synthEnvironment(environment);
  test.each(manifests.map((m) => [`${m.kind}/${m.metadata.name}`, m] as const))('%s passes the strict Kubernetes 1.27 schema check', (_name, manifest) => {
    expect(kubernetesSchemaProblems(manifest)).toEqual([]);
  });
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

test('the strict schema check rejects a kind that Kubernetes 1.27 does not serve', () => {
  const flowSchema = { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', metadata: { name: 'x' }, spec: {} };
  expect(kubernetesSchemaProblems(flowSchema)).toContainEqual('unknown kind: flowcontrol.apiserver.k8s.io/v1 FlowSchema is not part of Kubernetes 1.27');
});
