import type { Manifest } from '../../lib/policies/policy';
import { validLabelValues } from '../../lib/policies/valid-label-values';
import { compliantDeployment, contextOf } from './fixtures';

const check = (manifest: Manifest) => validLabelValues.check(manifest, contextOf([manifest]));

describe('valid-label-values', () => {
  test('passes valid values, and an empty one', () => {
    const deployment = compliantDeployment();
    deployment.metadata.labels!.empty = '';
    expect(check(deployment)).toEqual([]);
  });

  test("reports kube-score's documented example: a value with spaces, and one over 63 characters in the pod template", () => {
    const deployment = compliantDeployment();
    deployment.metadata.labels!.foo = 'this is not valid';
    deployment.spec.template.metadata.labels.long = 'a'.repeat(64);
    expect(check(deployment)).toEqual([
      'metadata.labels foo=this is not valid is not a valid label value: at most 63 alphanumerics, "-", "_" and "."',
      `the pod template long=${'a'.repeat(64)} is not a valid label value: at most 63 alphanumerics, "-", "_" and "."`,
    ]);
  });

  test('reports a value that starts or ends with a separator', () => {
    const deployment = compliantDeployment();
    deployment.metadata.labels!.edge = '-edge';
    expect(check(deployment)).toHaveLength(1);
  });
});
