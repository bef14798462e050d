/**
 * What a day-2 rule is, and the helpers the rules share. A rule looks at one object as the previous
 * render had it and as the new render has it, and says what the cluster would do with the change.
 */
import { describeValue, identityOf, isMapping, objectName, valueAt, type Manifest } from './objects';

/** One object across the two renders: absent before when it is new, absent after when it is removed. */
export interface ObjectChange {
  readonly before?: Manifest;
  readonly after?: Manifest;
}

/** What a rule may look at besides the object it checks. */
export interface ComparisonContext {
  /** Environment being compared, e.g. `prod`. */
  readonly environment: string;
  /** Every object of the previous render, and of the new one. */
  readonly before: readonly Manifest[];
  readonly after: readonly Manifest[];
  /** ReadWriteOnce volumes the settings declare replicable: each replica owning its own copy is intended. */
  readonly replicableVolumes: ReadonlySet<string>;
  /** The environment's namespace (see homeNamespace); objects elsewhere are named with theirs. */
  readonly namespace?: string;
}

/**
 * A change found by a rule. `object` and `field` name where the new render differs, and `after` is that
 * field's value there as describeValue quotes it (`(none)` when the object or field is gone), so an
 * acknowledgement can say the change is already in a render.
 */
export interface RuleFinding {
  /** `StatefulSet/db` */
  readonly object: string;
  readonly field: string;
  readonly before: string;
  readonly after: string;
  /** What the cluster does with the change, or what is lost. */
  readonly consequence: string;
  /** The commands that make the same change safely. */
  readonly procedure: string;
  /**
   * `refused` stops the synth unless acknowledged; `note` is printed and goes through (a claim growing,
   * which needs a condition the render cannot check). @default refused
   */
  readonly severity?: 'refused' | 'note';
}

/** One rule. `check` returns [] when the change is safe or of a kind the rule ignores. */
export interface Day2Rule {
  /** Stable kebab-case name, printed with each finding. */
  readonly name: string;
  /** One sentence on what the rule guards. */
  readonly description: string;
  check(change: ObjectChange, context: ComparisonContext): RuleFinding[];
}

/**
 * A rule's findings for one change, each object named as compare() prints it: an object outside the
 * environment's namespace (one left behind by a namespace rename) with its namespace.
 */
export function checkChange(rule: Day2Rule, change: ObjectChange, context: ComparisonContext): RuleFinding[] {
  const subject = change.after ?? change.before;
  return rule.check(change, context).map((finding) =>
    subject && finding.object === objectName(subject) ? { ...finding, object: objectName(subject, context.namespace) } : finding,
  );
}

/** Kinds whose objects keep pods running, and restart them when their pod template changes. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/** The sync options Argo CD reads on an object (`argocd.argoproj.io/sync-options`), each trimmed. */
export function syncOptions(manifest: Manifest): string[] {
  const options = manifest.metadata.annotations?.['argocd.argoproj.io/sync-options'];
  return options === undefined ? [] : options.split(',').map((option: string) => option.trim());
}

/** The label that names the compose service an object belongs to. */
export const SERVICE_LABEL = 'app.kubernetes.io/name';

/** The namespace of an object, for commands: `-n tramites-prod`. */
export function namespaceOption(manifest: Manifest): string {
  return manifest.metadata.namespace ? ` -n ${manifest.metadata.namespace}` : '';
}

/**
 * Whether `manifest` is in a namespace of the previous render that the new render no longer has (a
 * renamed namespace or environment): the namespace-kept rule reports what such a namespace loses, once.
 */
export function leavesWithItsNamespace(manifest: Manifest, context: ComparisonContext): boolean {
  const namespace = manifest.metadata.namespace;
  const isIt = (candidate: Manifest) => candidate.kind === 'Namespace' && candidate.metadata.name === namespace;
  return namespace !== undefined && context.before.some(isIt) && !context.after.some(isIt);
}

/** The object of `objects` that is the same object as `manifest` (group, kind, namespace, name). */
export function sameObjectIn(objects: readonly Manifest[], manifest: Manifest): Manifest | undefined {
  const identity = identityOf(manifest);
  return objects.find((candidate) => identityOf(candidate) === identity);
}

/**
 * A finding about `field` of the object, with before and after quoted from the two renders. The object
 * named is the new one when it exists (so `after` is its value), else the old one.
 */
export function fieldFinding(
  change: ObjectChange,
  field: string,
  text: { consequence: string; procedure: string; severity?: RuleFinding['severity'] },
): RuleFinding {
  const object = (change.after ?? change.before)!;
  return {
    object: objectName(object),
    field,
    before: describeValue(change.before && valueAt(change.before, field)),
    after: describeValue(change.after && valueAt(change.after, field)),
    ...text,
  };
}

/** The claim templates of a StatefulSet, by name. */
export function claimTemplatesOf(statefulSet: Manifest | undefined): Map<string, any> {
  const templates = new Map<string, any>();
  for (const template of statefulSet?.spec?.volumeClaimTemplates ?? []) {
    if (isMapping(template) && typeof (template as any).metadata?.name === 'string') templates.set((template as any).metadata.name, template);
  }
  return templates;
}

/** The names of the claims a StatefulSet's template creates: `<template>-<statefulset>-<ordinal>`. */
export function claimNames(statefulSet: Manifest, template: string): string[] {
  const replicas = Math.max(1, Number(statefulSet.spec?.replicas ?? 1));
  const start = Number(statefulSet.spec?.ordinals?.start ?? 0);
  return Array.from({ length: replicas }, (_, index) => `${template}-${statefulSet.metadata.name}-${start + index}`);
}
