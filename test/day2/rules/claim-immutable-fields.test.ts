import { claimImmutableFields } from '../../../lib/day2/rules/claim-immutable-fields';
import { claim, findingsOf } from '../fixtures';

const check = (after: ReturnType<typeof claim>) => findingsOf(claimImmutableFields, { before: claim(), after });

describe('claim-immutable-fields', () => {
  test('notes a growth with the condition it needs (the storage class allows expansion), without refusing it', () => {
    const after = claim();
    after.spec.resources.requests.storage = '40Gi';
    expect(check(after)).toEqual([
      expect.objectContaining({
        severity: 'note',
        field: 'spec.resources.requests.storage',
        before: '20Gi',
        after: '40Gi',
        consequence: expect.stringContaining("kubectl get storageclass files -o jsonpath='{.allowVolumeExpansion}' must print true"),
      }),
    ]);
  });

  test('the growth note says the claim must be bound', () => {
    const after = claim();
    after.spec.resources.requests.storage = '40Gi';
    expect(check(after)[0].consequence).toMatch(/^the claim grows in place only if it is bound and its storage class allows expansion/);
  });

  test('refuses a shrink, a new storage class, access mode and volume mode', () => {
    const after = claim();
    after.spec.resources.requests.storage = '10Gi';
    after.spec.storageClassName = 'other';
    after.spec.accessModes = ['ReadWriteOnce'];
    after.spec.volumeMode = 'Block';
    const findings = check(after);
    expect(findings.map((finding) => [finding.field, finding.severity ?? 'refused'])).toEqual([
      ['spec.accessModes', 'refused'],
      ['spec.resources.requests.storage', 'refused'],
      ['spec.storageClassName', 'refused'],
      ['spec.volumeMode', 'refused'],
    ]);
    expect(findings[1].consequence).toContain('never shrink');
  });

  test('passes the same size written another way, the default volume mode written out, new labels and a new volume attributes class', () => {
    const after = claim();
    after.spec.volumeAttributesClassName = 'gold';
    after.spec.resources.requests.storage = '20480Mi';
    after.spec.volumeMode = 'Filesystem';
    after.metadata.labels!.team = 'storage';
    expect(check(after)).toEqual([]);
  });
});
