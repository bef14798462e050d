import { Chart, Testing } from 'cdk8s';
import { EnvironmentNamespace } from '../../lib/constructs/environment-namespace';
import { find, loadEnvironment, synthModel } from '../support/project';

describe('EnvironmentNamespace', () => {
  test("enforces, audits and warns by the restricted profile of the release it is given", () => {
    const chart = Testing.chart();
    new EnvironmentNamespace(chart, 'namespace', { name: 'shop-dev', labels: { team: 'shop' }, kubernetesVersion: '1.31' });
    const [namespace] = Testing.synth(chart as Chart);
    expect(namespace.metadata.labels).toEqual({
      'team': 'shop',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.31',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.31',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.31',
    });
    expect(namespace.metadata.namespace).toBeUndefined();
  });

  test("follows the environment's own Kubernetes release from its settings", () => {
    const stack = loadEnvironment('staging');
    const older = synthModel({ ...stack, environment: { ...stack.environment, kubernetesVersion: '1.29' } });
    expect(find(older, 'Namespace', 'tramites-staging').metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.29');
  });
});
