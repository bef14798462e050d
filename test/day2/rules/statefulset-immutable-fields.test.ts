import { statefulSetImmutableFields } from '../../../lib/day2/rules/statefulset-immutable-fields';
import { findingsOf, statefulSet } from '../fixtures';

const check = (after: ReturnType<typeof statefulSet>) => findingsOf(statefulSetImmutableFields, { before: statefulSet(), after });

describe('statefulset-immutable-fields', () => {
  test('flags a new serviceName, with the orphaning procedure', () => {
    const after = statefulSet();
    after.spec.serviceName = 'database';
    expect(check(after)).toEqual([
      expect.objectContaining({
        object: 'StatefulSet/db',
        field: 'spec.serviceName',
        before: 'db-headless',
        after: 'database',
        consequence: expect.stringContaining("the pods' DNS names change"),
        procedure: 'kubectl -n shop-prod delete statefulset db --cascade=orphan, then sync: the pods and their claims stay, and the new StatefulSet adopts them',
      }),
    ]);
  });

  test('flags podManagementPolicy Parallel and a revisionHistoryLimit (not updatable in Kubernetes 1.27)', () => {
    const after = statefulSet();
    after.spec.podManagementPolicy = 'Parallel';
    after.spec.revisionHistoryLimit = 3;
    expect(check(after).map((finding) => `${finding.field}: ${finding.before} → ${finding.after}`)).toEqual([
      'spec.podManagementPolicy: (none) → Parallel',
      'spec.revisionHistoryLimit: (none) → 3',
    ]);
  });

  test('passes the updatable fields, and a default written out (OrderedReady)', () => {
    const after = statefulSet();
    Object.assign(after.spec, { replicas: 4, minReadySeconds: 10, updateStrategy: { type: 'OnDelete' }, podManagementPolicy: 'OrderedReady' });
    after.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' };
    after.spec.template.metadata.annotations = { restarted: 'now' };
    expect(check(after)).toEqual([]);
  });

  test('leaves the selector and claim templates to their own rules', () => {
    const after = statefulSet();
    after.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'shop-production';
    after.spec.volumeClaimTemplates[0].spec.storageClassName = 'slow';
    expect(check(after)).toEqual([]);
  });
});
