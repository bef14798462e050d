import type { FieldProblem, ValidationRule } from '../rule';
import { checkIntOrPercent } from './rollout-values';

/**
 * A PodDisruptionBudget sets exactly one of minAvailable and maxUnavailable, as a count or a
 * percentage of at most 100%.
 */
export const disruptionBudgetValues: ValidationRule = {
  name: 'disruption-budget-values',
  description: 'A PodDisruptionBudget sets exactly one of minAvailable and maxUnavailable, each a count or a percentage up to 100%.',
  kinds: ['PodDisruptionBudget'],
  check: (manifest) => {
    if (manifest.kind !== 'PodDisruptionBudget') return [];
    const problems: FieldProblem[] = [];
    const { minAvailable, maxUnavailable } = manifest.spec ?? {};
    if ((minAvailable === undefined) === (maxUnavailable === undefined)) {
      problems.push({ field: 'spec', message: 'must set exactly one of minAvailable and maxUnavailable' });
    }
    checkIntOrPercent(minAvailable, 'spec.minAvailable', problems, 100);
    checkIntOrPercent(maxUnavailable, 'spec.maxUnavailable', problems, 100);
    return problems;
  },
};
