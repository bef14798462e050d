import { instanceLabelMatchesName } from '../../lib/policies/instance-label-matches-name';
import type { Manifest } from '../../lib/policies/policy';
import { compliantService, compliantWorkloadsOfEveryKind, contextOf } from './fixtures';

const check = (manifest: Manifest) => instanceLabelMatchesName.check(manifest, contextOf([manifest]));

/** Polaris' test/checks/metadataAndInstanceMismatched cases: an nginx pod. */
function polarisPod(instance?: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'nginx', ...(instance === undefined ? {} : { labels: { 'app.kubernetes.io/instance': instance } }) },
    spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
  };
}

describe('instance-label-matches-name', () => {
  test('passes a controller whose instance label is its name', () => {
    expect(check(polarisPod('nginx'))).toEqual([]);
  });

  test("reports Polaris' failure cases: instance not-nginx (failure), and no label (failure.unspecified)", () => {
    expect(check(polarisPod('not-nginx'))).toEqual(['has app.kubernetes.io/instance "not-nginx", not its name "nginx"']);
    expect(check(polarisPod())).toEqual(['has no app.kubernetes.io/instance label: set it to the object\'s name']);
  });

  test("passes every kind of controller named by its instance label, and reports each carrying the stack's instance, as this project's do", () => {
    for (const workload of compliantWorkloadsOfEveryKind()) {
      expect(check(workload)).toEqual([]);
      workload.metadata.labels!['app.kubernetes.io/instance'] = 'tramites-prod';
      expect(check(workload)).toEqual([`has app.kubernetes.io/instance "tramites-prod", not its name "${workload.metadata.name}"`]);
    }
  });

  test('ignores objects that are not controllers', () => {
    expect(check(compliantService())).toEqual([]);
  });
});
