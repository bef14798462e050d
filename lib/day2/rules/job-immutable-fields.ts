import { differingPaths } from '../objects';
import { fieldFinding, namespaceOption, syncOptions, type Day2Rule } from '../rule';
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
  const hookRecreated = hook !== undefined && hook !== 'Skip' && (deletePolicy === undefined || deletePolicy.split(',').map((policy) => policy.trim()).includes('BeforeHookCreation'));
  const options = syncOptions(job);
  return hookRecreated || (options.includes('Replace=true') && options.includes('Force=true'));
}

/**
 * What a suspended Job may still change of its pod template (Kubernetes 1.27, "mutable scheduling
 * directives"): where its pods will run, and their labels and annotations. The API server allows it
 * while the Job has not started; a suspended Job's start time is cleared, so suspended is the test.
 */
const SCHEDULING_OF_SUSPENDED = ['spec.template.spec.nodeSelector', 'spec.template.spec.affinity', 'spec.template.spec.tolerations', 'spec.template.spec.schedulingGates', 'spec.template.metadata.labels', 'spec.template.metadata.annotations'];

/** Whether the API server lets this path of a Job change: scheduling of a suspended Job, or an elastic Indexed Job's size. */
function mutable(path: string, before: Manifest, after: Manifest): boolean {
  if (before.spec?.suspend === true && SCHEDULING_OF_SUSPENDED.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`))) return true;
  // An Indexed Job may change completions together with parallelism, kept equal (elastic Indexed Jobs, on by default since 1.27).
  return path === 'spec.completions' && after.spec?.completionMode === 'Indexed' && after.spec?.completions === after.spec?.parallelism;
}

/**
 * A Job's pod template, selector and completions are immutable: an update is refused and the sync
 * stops. A Job Argo CD recreates on every sync (a hook) is never updated, so it may change freely.
 * Each differing field is named (`spec.template.spec.containers[migrate].image`), as the API server
 * compares them.
 */
export const jobImmutableFields: Day2Rule = {
  name: 'job-immutable-fields',
  description: 'A Job that Argo CD updates in place (not a hook recreated on every sync) keeps its template, selector and completions (a suspended Job may change where its pods run).',
  check: ({ before, after }) => {
    if (before?.kind !== 'Job' || after?.kind !== 'Job' || recreatedOnSync(after)) return [];
    return IMMUTABLE.flatMap((field) => differingPaths(before.spec?.[field], after.spec?.[field], `spec.${field}`))
      .filter((path) => !mutable(path, before, after))
      .map((path) =>
        fieldFinding({ before, after }, path, {
          consequence: 'the API server refuses it (a Job\'s template, selector and completions are immutable), and the sync stops half-way',
          procedure: `delete the Job before the sync (kubectl${namespaceOption(after)} delete job ${after.metadata.name}), or make it an Argo CD hook recreated on every sync (argocd.argoproj.io/hook: Sync, hook-delete-policy: BeforeHookCreation), as the database Jobs are`,
        }),
      );
  },
};
