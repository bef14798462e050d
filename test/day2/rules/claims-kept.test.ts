import { claimsKept } from '../../../lib/day2/rules/claims-kept';
import { claim, copy, deployment, findingsOf, namespace, statefulSet } from '../fixtures';

describe('claims-kept', () => {
  test('flags a StatefulSet renamed with its service: its new claims are empty, the data stays behind', () => {
    const renamed = statefulSet();
    renamed.metadata.name = 'database';
    expect(findingsOf(claimsKept, { before: statefulSet() }, { after: [renamed] })).toEqual([
      expect.objectContaining({
        object: 'StatefulSet/db',
        field: 'spec.volumeClaimTemplates[data].metadata.name',
        before: 'data',
        after: '(none)',
        consequence: 'StatefulSet/database in shop-prod starts on new, empty claims (data-database-0); the data stays behind in data-db-0 in shop-prod',
        procedure: expect.stringContaining('spec.volumeName'),
      }),
    ]);
  });

  test('flags a namespace renamed: the same StatefulSet elsewhere is a new object with new claims', () => {
    const moved = statefulSet();
    moved.metadata.namespace = 'shop-production';
    const [finding] = findingsOf(claimsKept, { before: statefulSet() }, { after: [moved] });
    expect(finding.object).toBe('StatefulSet/shop-prod/db');
    expect(finding.consequence).toContain('in shop-production starts on new, empty claims');
  });

  test('flags a claim template removed from a live StatefulSet, and a shared claim removed', () => {
    const after = statefulSet();
    after.spec.volumeClaimTemplates = [];
    expect(findingsOf(claimsKept, { before: statefulSet(), after })).toEqual([expect.objectContaining({ consequence: expect.stringContaining('nothing mounts data-db-0') })]);
    const renamedClaim = claim();
    renamedClaim.metadata.name = 'files';
    expect(findingsOf(claimsKept, { before: claim() }, { after: [renamedClaim] })).toEqual([
      expect.objectContaining({ object: 'PersistentVolumeClaim/uploads', field: 'metadata.name', before: 'uploads', after: '(none)', consequence: expect.stringContaining('the new claim files in shop-prod is empty') }),
    ]);
  });

  test('leaves the claims of a namespace that leaves the render to namespace-kept: one finding for the namespace, not one per claim', () => {
    expect(findingsOf(claimsKept, { before: statefulSet() }, { before: [namespace(), claim()] })).toEqual([]);
    expect(findingsOf(claimsKept, { before: claim() }, { before: [namespace(), statefulSet()] })).toEqual([]);
    // The namespace stays: the claim removed is this rule's.
    expect(findingsOf(claimsKept, { before: claim() }, { before: [namespace()], after: [namespace()] })).toHaveLength(1);
  });

  test('passes a kept claim that leaves the render but is still mounted by name (an external volume now), and flags it otherwise', () => {
    const kept = claim();
    kept.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' };
    // deployment() mounts claimName "uploads": the stack now mounts the existing claim.
    expect(findingsOf(claimsKept, { before: kept }, { before: [deployment()], after: [deployment()] })).toEqual([]);
    // Without Prune=false Argo CD would delete it; mounted nowhere, it is out of use.
    expect(findingsOf(claimsKept, { before: claim() }, { before: [deployment()], after: [deployment()] })).toHaveLength(1);
    expect(findingsOf(claimsKept, { before: kept }, { before: [deployment()] })).toHaveLength(1);
    const elsewhere = deployment();
    elsewhere.metadata.namespace = 'shop-other';
    expect(findingsOf(claimsKept, { before: kept }, { after: [elsewhere] })).toHaveLength(1);
  });

  test('reads the sync options as Argo CD does, spaces and all, and a claim a CronJob mounts', () => {
    const kept = claim();
    kept.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Delete=false, Prune=false' };
    expect(findingsOf(claimsKept, { before: kept }, { before: [deployment()], after: [deployment()] })).toEqual([]);
    const { spec: podSpec } = deployment().spec.template;
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report', namespace: 'shop-prod' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: podSpec } } } } };
    expect(findingsOf(claimsKept, { before: kept }, { after: [cronJob] })).toEqual([]);
  });

  test('passes a StatefulSet and a claim that stay, whatever else changes', () => {
    const after = copy(statefulSet());
    after.spec.replicas = 1;
    after.spec.template.spec.containers[0].image = 'example/db:2.0.0';
    expect(findingsOf(claimsKept, { before: statefulSet(), after })).toEqual([]);
    expect(findingsOf(claimsKept, { before: claim(), after: claim() })).toEqual([]);
  });
});
