import type { Manifest, ValidationRule } from './rule';
import { configMapKeys } from './rules/config-map-keys';
import { disruptionBudgetValues } from './rules/disruption-budget-values';
import { jobValues } from './rules/job-values';
import { labelFormats } from './rules/label-formats';
import { objectNames } from './rules/object-names';
import { podReferences } from './rules/pod-references';
import { portNumbers } from './rules/port-numbers';
import { probeValues } from './rules/probe-values';
import { replicaCounts } from './rules/replica-counts';
import { resourceQuantities } from './rules/resource-quantities';
import { rolloutValues } from './rules/rollout-values';
import { selectorMatchesTemplate } from './rules/selector-matches-template';
import { statefulSetGoverningService } from './rules/statefulset-governing-service';
import { uniqueObjects } from './rules/unique-objects';

export type { FieldProblem, Manifest, ValidationContext, ValidationRule } from './rule';

/** Every check the rendered objects pass before they are written. Adding one is its file, its test and a line here. */
export const VALIDATION_RULES: readonly ValidationRule[] = [
  // Names and labels.
  uniqueObjects,
  objectNames,
  labelFormats,
  configMapKeys,
  // Numbers in range.
  portNumbers,
  probeValues,
  replicaCounts,
  rolloutValues,
  disruptionBudgetValues,
  jobValues,
  resourceQuantities,
  // Fields that must agree with each other.
  selectorMatchesTemplate,
  podReferences,
  statefulSetGoverningService,
];

/** An object the API server would refuse, and where. */
export interface ValidationProblem {
  readonly environment: string;
  /** `Service/nginx` */
  readonly object: string;
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** Checks every object of one environment (or of Argo CD's folder) against every rule for its kind. */
export function validateManifests(environment: string, manifests: readonly Manifest[], rules: readonly ValidationRule[] = VALIDATION_RULES): ValidationProblem[] {
  const context = { environment, manifests };
  const problems: ValidationProblem[] = [];
  const forKind = new Map<string, ValidationRule[]>();
  for (const manifest of manifests) {
    let applicable = forKind.get(manifest.kind);
    if (!applicable) forKind.set(manifest.kind, (applicable = rules.filter((rule) => !rule.kinds || rule.kinds.includes(manifest.kind))));
    for (const rule of applicable) {
      for (const problem of rule.check(manifest, context)) {
        problems.push({ environment, object: `${manifest.kind}/${manifest.metadata?.name}`, rule: rule.name, ...problem });
      }
    }
  }
  return problems;
}

/** One line: `prod: Service/nginx: field "spec.ports[http].port": 70000 is not a port number (1-65535) [port-numbers]`. */
export function formatValidationProblem(problem: ValidationProblem): string {
  return `${problem.environment}: ${problem.object}: field "${problem.field}": ${problem.message} [${problem.rule}]`;
}
