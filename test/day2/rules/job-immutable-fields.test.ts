import { jobImmutableFields, recreatedOnSync } from '../../../lib/day2/rules/job-immutable-fields';
import { copy, findingsOf, job } from '../fixtures';

describe('job-immutable-fields', () => {
  test('flags a new image in the template of a Job that is updated in place, naming the field', () => {
    const after = job();
    after.spec.template.spec.containers[0].image = 'example/migrate:2.0.0';
    after.spec.completions = 2;
    const findings = findingsOf(jobImmutableFields, { before: job(), after });
    expect(findings.map((finding) => `${finding.field}: ${finding.before} → ${finding.after}`)).toEqual([
      'spec.template.spec.containers[migrate].image: example/migrate:1.0.0 → example/migrate:2.0.0',
      'spec.completions: (none) → 2',
    ]);
    expect(findings[0].procedure).toContain('kubectl -n shop-prod delete job migrate');
  });

  test('flags a suspended Job\'s new image, and a running Job\'s new node selector', () => {
    const suspended = job();
    suspended.spec.suspend = true;
    const newImage = copy(suspended);
    newImage.spec.template.spec.containers[0].image = 'example/migrate:2.0.0';
    expect(findingsOf(jobImmutableFields, { before: suspended, after: newImage }).map((finding) => finding.field)).toEqual(['spec.template.spec.containers[migrate].image']);
    const moved = job();
    moved.spec.template.spec.nodeSelector = { pool: 'batch' };
    expect(findingsOf(jobImmutableFields, { before: job(), after: moved }).map((finding) => finding.field)).toEqual(['spec.template.spec.nodeSelector']);
  });

  test('passes where a suspended Job runs its pods (node selector, tolerations, template labels), and an Indexed Job resized with its parallelism', () => {
    const suspended = job();
    suspended.spec.suspend = true;
    const moved = copy(suspended);
    moved.spec.template.spec.nodeSelector = { pool: 'batch' };
    moved.spec.template.spec.tolerations = [{ key: 'batch', operator: 'Exists', effect: 'NoSchedule' }];
    moved.spec.template.metadata.labels.queue = 'nightly';
    expect(findingsOf(jobImmutableFields, { before: suspended, after: moved })).toEqual([]);
    const indexed = job();
    Object.assign(indexed.spec, { completionMode: 'Indexed', completions: 3, parallelism: 3 });
    const resized = copy(indexed);
    Object.assign(resized.spec, { completions: 5, parallelism: 5 });
    expect(findingsOf(jobImmutableFields, { before: indexed, after: resized })).toEqual([]);
    resized.spec.parallelism = 4;
    expect(findingsOf(jobImmutableFields, { before: indexed, after: resized }).map((finding) => finding.field)).toEqual(['spec.completions']);
  });

  test('passes the same change on a Sync hook recreated before each sync, as the stack renders its Jobs', () => {
    const after = job(true);
    after.spec.template.spec.containers[0].image = 'example/migrate:2.0.0';
    expect(findingsOf(jobImmutableFields, { before: job(true), after })).toEqual([]);
  });

  test('passes a change of a mutable field (backoffLimit)', () => {
    const after = job();
    after.spec.backoffLimit = 6;
    expect(findingsOf(jobImmutableFields, { before: job(), after })).toEqual([]);
  });

  test('counts as recreated: a hook with no delete policy (Argo CD then uses BeforeHookCreation), or Replace and Force', () => {
    const hook = job();
    hook.metadata.annotations = { 'argocd.argoproj.io/hook': 'PreSync' };
    expect(recreatedOnSync(hook)).toBe(true);
    hook.metadata.annotations['argocd.argoproj.io/hook-delete-policy'] = 'HookSucceeded';
    expect(recreatedOnSync(hook)).toBe(false);
    const replaced = job();
    replaced.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Replace=true' };
    expect(recreatedOnSync(replaced)).toBe(false);
    replaced.metadata.annotations['argocd.argoproj.io/sync-options'] = 'Replace=true,Force=true';
    expect(recreatedOnSync(replaced)).toBe(true);
  });
});
