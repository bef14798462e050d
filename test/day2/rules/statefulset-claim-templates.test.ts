import { statefulSetClaimTemplates } from '../../../lib/day2/rules/statefulset-claim-templates';
import { copy, findingsOf, statefulSet } from '../fixtures';

const check = (after: ReturnType<typeof statefulSet>) => findingsOf(statefulSetClaimTemplates, { before: statefulSet(), after });

describe('statefulset-claim-templates', () => {
  test('flags a claim template growth, with the procedure: patch each claim, orphan the StatefulSet, sync', () => {
    const after = statefulSet();
    after.spec.replicas = 2;
    after.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '200Gi';
    expect(check(after)).toEqual([
      expect.objectContaining({
        object: 'StatefulSet/db',
        field: 'spec.volumeClaimTemplates[data].spec.resources.requests.storage',
        before: '100Gi',
        after: '200Gi',
        consequence: expect.stringContaining('the API server refuses'),
        procedure: expect.stringMatching(
          /kubectl -n shop-prod patch pvc data-db-0 .*"200Gi".*; kubectl -n shop-prod patch pvc data-db-1 .*then kubectl -n shop-prod delete statefulset db --cascade=orphan, then sync/,
        ),
      }),
    ]);
  });

  test('flags a shrink, a new storage class, a new access mode and a new template, each on its own field', () => {
    const after = statefulSet();
    const template = after.spec.volumeClaimTemplates[0];
    template.spec.resources.requests.storage = '50Gi';
    template.spec.storageClassName = 'slow';
    template.spec.accessModes = ['ReadWriteOncePod'];
    after.spec.volumeClaimTemplates.push({ metadata: { name: 'backup' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } });
    const findings = check(after);
    expect(findings.map((finding) => [finding.field, finding.before, finding.after])).toEqual([
      ['spec.volumeClaimTemplates[data].spec.accessModes', '[ReadWriteOnce]', '[ReadWriteOncePod]'],
      ['spec.volumeClaimTemplates[data].spec.resources.requests.storage', '100Gi', '50Gi'],
      ['spec.volumeClaimTemplates[data].spec.storageClassName', 'fast', 'slow'],
      ['spec.volumeClaimTemplates[backup].metadata.name', '(none)', 'backup'],
    ]);
    expect(findings[1].procedure).toContain('a volume cannot shrink');
  });

  test('passes the same size written another way (100Gi is 102400Mi), and changes to the updatable fields', () => {
    const after = statefulSet();
    after.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '102400Mi';
    after.spec.replicas = 3;
    after.spec.template.spec.containers[0].image = 'example/db:1.1.0';
    expect(check(after)).toEqual([]);
  });

  test('leaves a removed template to claims-kept and a new StatefulSet alone', () => {
    const after = statefulSet();
    after.spec.volumeClaimTemplates = [];
    expect(check(after)).toEqual([]);
    expect(findingsOf(statefulSetClaimTemplates, { after: statefulSet() })).toEqual([]);
  });

  test('does not mutate its inputs', () => {
    const before = statefulSet();
    const after = copy(before);
    after.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1Ti';
    findingsOf(statefulSetClaimTemplates, { before, after });
    expect(before).toEqual(statefulSet());
  });
});
