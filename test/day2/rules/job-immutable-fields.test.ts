import { jobImmutableFields, recreatedOnSync } from '../../../lib/day2/rules/job-immutable-fields';
import { findingsOf, job } from '../fixtures';

describe('job-immutable-fields', () => {
  test('flags a new image in the template of a Job that is updated in place', () => {
    const after = job();
    after.spec.template.spec.containers[0].image = 'example/migrate:2.0.0';
    after.spec.completions = 2;
    const findings = findingsOf(jobImmutableFields, { before: job(), after });
    expect(findings.map((finding) => finding.field)).toEqual(['spec.template', 'spec.completions']);
    expect(findings[0].before).toMatch(/^a mapping #[0-9a-f]{12}$/);
    expect(findings[0].after).not.toBe(findings[0].before);
    expect(findings[0].procedure).toContain('kubectl -n shop-prod delete job migrate');
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
