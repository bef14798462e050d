import type { Manifest } from '../../lib/policies/policy';
import { uniqueEnvNames } from '../../lib/policies/unique-env-names';
import { compliantDeployment, contextOf, initContainer, mainContainer } from './fixtures';

const check = (manifest: Manifest) => uniqueEnvNames.check(manifest, contextOf([manifest]));

describe('unique-env-names', () => {
  test('passes distinct names', () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }];
    expect(check(deployment)).toEqual([]);
  });

  test("reports kube-score's documented example: the same key twice (pod-env-duplicated)", () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).env = [{ name: 'foobar', value: 'bar' }, { name: 'foobar', value: 'baz' }];
    expect(check(deployment)).toEqual(['container "backend" sets foobar more than once: only the last value counts; keep one']);
  });

  test("reports kube-linter's duplicate-env-var in an init container, once per name", () => {
    const deployment = compliantDeployment();
    initContainer(deployment).env = [{ name: 'X', value: '1' }, { name: 'X', value: '2' }, { name: 'X', valueFrom: {} }];
    expect(check(deployment)).toEqual(['init container "wait-for-db" sets X more than once: only the last value counts; keep one']);
  });
});
