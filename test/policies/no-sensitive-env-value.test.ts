import { noSensitiveEnvValue } from '../../lib/policies/no-sensitive-env-value';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, contextOf, initContainer, mainContainer } from './fixtures';

const check = (manifest: Manifest) => noSensitiveEnvValue.check(manifest, contextOf([manifest]));

/** Polaris' documented Pod example (sensitiveContainerEnvVar/failure.key_password). */
function polarisExample(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'test-pod' },
    spec: {
      containers: [
        { name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'user_name', value: 'postgres' }, { name: 'my_password', value: 'abc123' }] },
      ],
    },
  };
}

describe('no-sensitive-env-value', () => {
  test('passes a credential taken from a Secret, as the project renders every secret', () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'tramites-secrets', key: 'DB_PASSWORD' } } }, { name: 'LOG_LEVEL', value: 'INFO' }];
    expect(check(deployment)).toEqual([]);
  });

  test("reports Polaris' documented example: a variable named like a password with a literal value", () => {
    expect(check(polarisExample())).toEqual([
      'container "nginx" sets my_password, named like a credential, to a literal value: take it from a Secret (valueFrom.secretKeyRef)',
    ]);
  });

  test("reports kube-linter's env-var-secret example, a SECRET variable with a value, in an init container too", () => {
    const deployment = compliantDeployment();
    initContainer(deployment).env = [{ name: 'SECRET_KEY', value: 'hunter2' }];
    expect(check(deployment)).toEqual([
      'init container "wait-for-db" sets SECRET_KEY, named like a credential, to a literal value: take it from a Secret (valueFrom.secretKeyRef)',
    ]);
  });

  test('reports a private key in any variable', () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).env = [{ name: 'TLS', value: '-----BEGIN PRIVATE KEY-----\nabc' }];
    expect(check(deployment)).toEqual(['container "backend" sets TLS to a private key: take it from a Secret']);
  });
});
