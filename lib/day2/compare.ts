import { sameQuantity } from '../units';
import { describeValue, findObject, homeNamespace, identityOf, sameValue, valueAt, type Manifest } from './objects';
import { planOf, type Plan } from './plan';
import { checkChange, type ComparisonContext, type Day2Rule, type ObjectChange, type RuleFinding } from './rule';

/**
 * A change the settings accept knowingly (`acknowledgements:` in `environments/<env>.yaml`): the object,
 * the field and before → after exactly as the finding printed them, and why.
 */
export interface Acknowledgement {
  /** `StatefulSet/db` */
  readonly object: string;
  readonly field: string;
  readonly before: string;
  readonly after: string;
  readonly reason: string;
}

/** A rule's finding in one environment. */
export interface Finding extends RuleFinding {
  readonly environment: string;
  readonly rule: string;
}

export interface ComparisonInput {
  readonly environment: string;
  /** The objects live now (the previous render), and the new render's. */
  readonly before: readonly Manifest[];
  readonly after: readonly Manifest[];
  /** @default none */
  readonly acknowledgements?: readonly Acknowledgement[];
  /** ReadWriteOnce volumes declared replicable in the settings. @default none */
  readonly replicableVolumes?: Iterable<string>;
  /** @default DAY2_RULES (lib/day2/rules) */
  readonly rules?: readonly Day2Rule[];
}

export interface Comparison {
  /** Changes the cluster would refuse, or that lose data, with no acknowledgement: the render must not be published. */
  readonly refused: readonly Finding[];
  /** Refused changes an acknowledgement accepts: publish, and run each procedure. */
  readonly acknowledged: readonly Finding[];
  /** Changes that go through on a condition the render cannot check (a claim growing). */
  readonly notes: readonly Finding[];
  /** Indexes of acknowledgements whose change is already in the previous render: to be removed. */
  readonly appliedAcknowledgements: readonly number[];
  /** Indexes of acknowledgements that match neither a pending change nor the previous render: errors. */
  readonly unmatchedAcknowledgements: readonly number[];
  readonly plan: Plan;
}

/** Pairs the objects of two renders by group, kind, namespace and name, in the new render's order, then the removed ones. */
export function matchObjects(before: readonly Manifest[], after: readonly Manifest[]): ObjectChange[] {
  const previous = new Map(before.map((manifest) => [identityOf(manifest), manifest]));
  const changes: ObjectChange[] = after.map((manifest) => {
    const old = previous.get(identityOf(manifest));
    previous.delete(identityOf(manifest));
    return { before: old, after: manifest };
  });
  for (const manifest of previous.values()) changes.push({ before: manifest });
  return changes;
}

/**
 * Compares the new render of one environment with what is live (the previous render): every rule's
 * findings, which acknowledgements accept them, and the plan. Pure: reads nothing, writes nothing, so
 * any caller (the synth, a promotion between two revisions) gets the same answer for the same renders.
 */
export function compare(input: ComparisonInput): Comparison {
  const acknowledgements = input.acknowledgements ?? [];
  const context: ComparisonContext = {
    environment: input.environment,
    before: input.before,
    after: input.after,
    replicableVolumes: new Set(input.replicableVolumes ?? []),
    namespace: homeNamespace(input.after) ?? homeNamespace(input.before),
  };
  const changes = matchObjects(input.before, input.after);
  const findings: Finding[] = [];
  for (const change of changes) {
    // An object that did not change needs no rule: most of a render, most of the time.
    if (change.before && change.after && (change.before === change.after || sameValue(change.before, change.after))) continue;
    for (const rule of input.rules ?? allRules()) {
      for (const finding of checkChange(rule, change, context)) findings.push({ ...finding, environment: input.environment, rule: rule.name });
    }
  }
  const used = new Set<number>();
  const refused: Finding[] = [];
  const acknowledged: Finding[] = [];
  for (const finding of findings.filter((candidate) => candidate.severity !== 'note')) {
    const index = acknowledgements.findIndex((acknowledgement) => acknowledges(acknowledgement, finding));
    if (index >= 0) {
      used.add(index);
      acknowledged.push(finding);
    } else {
      refused.push(finding);
    }
  }
  const unused = acknowledgements.map((_, index) => index).filter((index) => !used.has(index));
  const applied = unused.filter((index) => alreadyApplied(acknowledgements[index], input.before, input.after, context.namespace));
  return {
    refused,
    acknowledged,
    notes: findings.filter((finding) => finding.severity === 'note'),
    appliedAcknowledgements: applied,
    unmatchedAcknowledgements: unused.filter((index) => !applied.includes(index)),
    plan: planOf(input.environment, changes),
  };
}

/**
 * The rule list, loaded when the first changed object needs it: a comparison of renders that differ
 * only in some objects (or not at all) loads no more than it uses.
 */
function allRules(): readonly Day2Rule[] {
  return (require('./rules') as typeof import('./rules')).DAY2_RULES;
}

/** Values as written in an acknowledgement and in a finding: the same text, or the same quantity. */
function sameText(a: string, b: string): boolean {
  return a === b || sameQuantity(a, b);
}

function acknowledges(acknowledgement: Acknowledgement, finding: RuleFinding): boolean {
  return (
    acknowledgement.object === finding.object &&
    acknowledgement.field === finding.field &&
    sameText(acknowledgement.before, finding.before) &&
    sameText(acknowledgement.after, finding.after)
  );
}

/**
 * Whether the acknowledged change is already live: both renders hold its `after` value. That is the
 * case on every synth after the one that made the change, until the acknowledgement is removed.
 */
function alreadyApplied(acknowledgement: Acknowledgement, before: readonly Manifest[], after: readonly Manifest[], home?: string): boolean {
  const current = (objects: readonly Manifest[]) => describeValue(valueAt(findObject(objects, acknowledgement.object, home), acknowledgement.field));
  return sameText(current(before), acknowledgement.after) && sameText(current(after), acknowledgement.after);
}

/**
 * One line per finding: environment, object, field, before → after, what happens, the safe procedure
 * (introduced by `lead`: `safely` for a refusal, `procedure` once acknowledged) and the rule.
 */
export function formatFinding(finding: Finding, lead = 'safely'): string {
  return `${finding.environment}: ${finding.object}: field "${finding.field}": ${finding.before} → ${finding.after}: ${finding.consequence}; ${lead}: ${finding.procedure} [${finding.rule}]`;
}
