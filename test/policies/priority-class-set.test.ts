import type { Manifest } from '../../lib/policies/policy';
import { priorityClassSet } from '../../lib/policies/priority-class-set';
import { compliantServiceAccount, compliantWorkloadsOfEveryKind, contextOf, podSpec } from './fixtures';

const check = (manifest: Manifest) => priorityClassSet.check(manifest, contextOf([manifest]));

describe('priority-class-set', () => {
  test.each(compliantWorkloadsOfEveryKind().map((workload) => [workload.kind, workload]))('passes a %s whose pods name a priority class', (_kind, workload) => {
    expect(check(workload)).toEqual([]);
  });

  test.each(compliantWorkloadsOfEveryKind().map((workload) => [workload.kind, workload]))(
    "reports a %s without priorityClassName, as Polaris' priorityClassNotSet does for every pod spec",
    (_kind, workload) => {
      delete podSpec(workload).priorityClassName;
      expect(check(workload)).toEqual(['has no priorityClassName: name the priority class of its tier']);
    },
  );

  test("reports Polaris' test case for priorityClassNotSet: an nginx pod that names no class", () => {
    const pod: Manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nginx', labels: { env: 'test' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', imagePullPolicy: 'IfNotPresent' }] },
    };
    expect(check(pod)).toEqual(['has no priorityClassName: name the priority class of its tier']);
  });

  test('ignores objects that run no pods', () => {
    expect(check(compliantServiceAccount())).toEqual([]);
  });
});
