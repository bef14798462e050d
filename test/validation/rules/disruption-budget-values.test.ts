import { disruptionBudgetValues } from '../../../lib/validation/rules/disruption-budget-values';
import { compliantPodDisruptionBudget, problemsOf } from '../fixtures';

describe('disruption-budget-values', () => {
  test('refuses a budget with both minAvailable and maxUnavailable, and one with neither', () => {
    const both = compliantPodDisruptionBudget();
    both.spec.minAvailable = 1;
    expect(problemsOf(disruptionBudgetValues, both)).toEqual(['spec: must set exactly one of minAvailable and maxUnavailable']);
    const neither = compliantPodDisruptionBudget();
    delete neither.spec.maxUnavailable;
    expect(problemsOf(disruptionBudgetValues, neither)).toEqual(['spec: must set exactly one of minAvailable and maxUnavailable']);
  });

  test('refuses a percentage above 100% and a negative count', () => {
    const percent = compliantPodDisruptionBudget();
    percent.spec.maxUnavailable = '120%';
    expect(problemsOf(disruptionBudgetValues, percent)).toEqual(['spec.maxUnavailable: 120% must be at most 100%']);
    const negative = compliantPodDisruptionBudget();
    negative.spec.maxUnavailable = -1;
    expect(problemsOf(disruptionBudgetValues, negative)).toEqual(['spec.maxUnavailable: -1 must be a whole number or a percentage (e.g. 25%)']);
  });

  test('passes maxUnavailable 1 and minAvailable 50%', () => {
    expect(problemsOf(disruptionBudgetValues, compliantPodDisruptionBudget())).toEqual([]);
    const half = compliantPodDisruptionBudget();
    delete half.spec.maxUnavailable;
    half.spec.minAvailable = '50%';
    expect(problemsOf(disruptionBudgetValues, half)).toEqual([]);
  });
});
