import { differingPaths } from '../objects';
import { fieldFinding, namespaceOption, type Day2Rule } from '../rule';
import type { Manifest } from '../objects';

/** Fields of a Job's spec the API server never lets an update change. */
const IMMUTABLE = ['template', 'selector', 'completions', 'completionMode', 'podFailurePolicy'];

/**
 * Whether Argo CD deletes the Job and creates it anew rather than updating it: a resource hook whose
 * deletion policy is BeforeHookCreation (Argo CD's default when none is named), or a sync with
 * `Replace=true,Force=true`. The stack's database Jobs are Sync hooks with BeforeHookCreation.
 */
export function recreatedOnSync(job: Manifest): boolean {
  const annotations = job.metadata.annotations ?? {};
  const hook = annotations['argocd.argoproj.io/hook'];
  const deletePolicy = annotations['argocd.argoproj.io/hook-delete-policy'];
  const syncOptions = (annotations['argocd.argoproj.io/sync-options'] ?? '').split(',').map((option) => option.trim());
  const hookRecreated = hook !== undefined && hook !== 'Skip' && (deletePolicy === undefined || deletePolicy.split(',').map((policy) => policy.trim()).includes('BeforeHookCreation'));
  return hookRecreated || (syncOptions.includes('Replace=true') && syncOptions.includes('Force=true'));
}

/**
 * A Job's pod template, selector and completions are immutable: an update is refused and the sync
 * stops. A Job Argo CD recreates on every sync (a hook) is never updated, so it may change freely.
 */
export const jobImmutableFields: Day2Rule = {
  name: 'job-immutable-fields',
  description: 'A Job that Argo CD updates in place (not a hook recreated on every sync) keeps its template, selector and completions.',
  check: ({ before, after }) => {
    if (before?.kind !== 'Job' || after?.kind !== 'Job' || recreatedOnSync(after)) return [];
    return IMMUTABLE.flatMap((field) => (differingPaths(before.spec?.[field], after.spec?.[field], `spec.${field}`).length > 0 ? [`spec.${field}`] : [])).map((path) =>
      fieldFinding({ before, after }, path, {
        consequence: 'the API server refuses it (a Job\'s template, selector and completions are immutable), and the sync stops half-way',
        procedure: `delete the Job before the sync (kubectl${namespaceOption(after)} delete job ${after.metadata.name}), or make it an Argo CD hook recreated on every sync (argocd.argoproj.io/hook: Sync, hook-delete-policy: BeforeHookCreation), as the database Jobs are`,
      }),
    );
  },
};
