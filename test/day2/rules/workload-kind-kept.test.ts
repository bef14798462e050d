import { workloadKindKept } from '../../../lib/day2/rules/workload-kind-kept';
import { deployment, findingsOf, statefulSet } from '../fixtures';

describe('workload-kind-kept', () => {
  test('flags a service whose StatefulSet becomes a Deployment', () => {
    const replacement = deployment();
    replacement.metadata.name = 'db';
    replacement.metadata.labels!['app.kubernetes.io/name'] = 'db';
    expect(findingsOf(workloadKindKept, { before: statefulSet() }, { after: [replacement] })).toEqual([
      expect.objectContaining({
        object: 'Deployment/db',
        field: 'kind',
        before: 'StatefulSet',
        after: 'Deployment',
        consequence: expect.stringContaining('the new workload mounts none of its claims'),
        procedure: expect.stringContaining('kubectl -n shop-prod delete statefulset db'),
      }),
    ]);
  });

  test('flags a Deployment that becomes a StatefulSet', () => {
    const replacement = statefulSet();
    replacement.metadata.name = 'web';
    replacement.metadata.labels!['app.kubernetes.io/name'] = 'web';
    expect(findingsOf(workloadKindKept, { before: deployment() }, { after: [replacement] })).toEqual([expect.objectContaining({ before: 'Deployment', after: 'StatefulSet' })]);
  });

  test('passes a Deployment renamed within its kind (a service turning blue/green), and a workload removed with its service', () => {
    const blue = deployment();
    blue.metadata.name = 'web-blue';
    expect(findingsOf(workloadKindKept, { before: deployment() }, { after: [blue] })).toEqual([]);
    expect(findingsOf(workloadKindKept, { before: deployment() })).toEqual([]);
  });
});
