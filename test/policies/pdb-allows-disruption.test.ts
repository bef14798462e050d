import { pdbAllowsDisruption } from '../../lib/policies/pdb-allows-disruption';
import type { Manifest } from '../../lib/policies/policy';
import { autoscaler, compliantDeployment, compliantPodDisruptionBudget, contextOf } from './fixtures';

const check = (budget: Manifest) => pdbAllowsDisruption.check(budget, contextOf([budget, compliantDeployment()]));

function budgetWith(spec: Record<string, unknown>): Manifest {
  const budget = compliantPodDisruptionBudget();
  budget.spec = { selector: budget.spec.selector, unhealthyPodEvictionPolicy: 'AlwaysAllow', ...spec };
  return budget;
}

describe('pdb-allows-disruption', () => {
  test('passes maxUnavailable 1 with AlwaysAllow, and a minAvailable below the replicas', () => {
    expect(check(compliantPodDisruptionBudget())).toEqual([]);
    expect(check(budgetWith({ minAvailable: 2 }))).toEqual([]);
  });

  test("reports kube-linter's documented example: maxUnavailable 0 (pdb-max-unavailable)", () => {
    expect(check(budgetWith({ maxUnavailable: 0 }))).toEqual(['sets maxUnavailable 0, which blocks every node drain: allow at least 1']);
  });

  test("reports kube-linter's documented example: minAvailable equal to the 3 replicas it selects (pdb-min-available)", () => {
    expect(check(budgetWith({ minAvailable: 3 }))).toEqual([
      'sets minAvailable 3 for a workload of 3 replicas, which blocks every node drain: use maxUnavailable: 1',
    ]);
    expect(check(budgetWith({ minAvailable: '100%' }))).toEqual(['sets minAvailable 100%, which blocks every node drain: use maxUnavailable: 1']);
  });

  test("reports kube-linter's documented example: unhealthyPodEvictionPolicy left unset (pdb-unhealthy-pod-eviction-policy)", () => {
    const budget = compliantPodDisruptionBudget();
    delete budget.spec.unhealthyPodEvictionPolicy;
    expect(check(budget)).toEqual(['does not set unhealthyPodEvictionPolicy: AlwaysAllow: pods that never became ready would block node drains']);
  });

  test("reports kube-score's documented example of a budget with no policy (deployment-poddisruptionbudget-v1-no-policy)", () => {
    expect(check(budgetWith({}))).toEqual(['sets neither maxUnavailable nor minAvailable: set maxUnavailable: 1']);
  });

  test("reports Polaris' documented failure: minAvailable at the autoscaler's minimum (pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas)", () => {
    const deployment = compliantDeployment();
    delete deployment.spec.replicas;
    const budget = budgetWith({ minAvailable: 2 });
    const hpa = autoscaler(deployment, 2);
    expect(pdbAllowsDisruption.check(budget, contextOf([budget, deployment, hpa]))).toEqual([
      'sets minAvailable 2 for a workload of 2 replicas, which blocks every node drain: use maxUnavailable: 1',
    ]);
  });
});
