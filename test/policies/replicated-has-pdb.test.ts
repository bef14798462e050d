import type { Manifest } from '../../lib/policies/policy';
import { replicatedHasPdb } from '../../lib/policies/replicated-has-pdb';
import { autoscaler, compliantDeployment, compliantPodDisruptionBudget, compliantStatefulSet, contextOf } from './fixtures';

const check = (manifest: Manifest, others: Manifest[]) => replicatedHasPdb.check(manifest, contextOf([manifest, ...others]));
const UNCOVERED = 'but no PodDisruptionBudget of its namespace selects its pods: add one so a node drain keeps some running';

describe('replicated-has-pdb', () => {
  test('passes a Deployment of 3 replicas selected by a PodDisruptionBudget', () => {
    expect(check(compliantDeployment(), [compliantPodDisruptionBudget()])).toEqual([]);
  });

  test('passes a PodDisruptionBudget whose empty selector selects every pod of the namespace', () => {
    const budget = compliantPodDisruptionBudget();
    budget.spec.selector = {};
    expect(check(compliantDeployment(), [budget])).toEqual([]);
  });

  test('passes a single-replica Deployment without a PodDisruptionBudget', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    expect(check(deployment, [])).toEqual([]);
  });

  test('reports a Deployment of 3 replicas without a PodDisruptionBudget', () => {
    expect(check(compliantDeployment(), [])).toEqual([`runs 3 replicas ${UNCOVERED}`]);
  });

  test('reports a StatefulSet of 3 replicas without a PodDisruptionBudget', () => {
    expect(check(compliantStatefulSet(), [])).toEqual([`runs 3 replicas ${UNCOVERED}`]);
  });

  test('reports a single-replica Deployment that an autoscaler keeps at 2 or more', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    expect(check(deployment, [autoscaler(deployment, 2)])).toEqual([
      `runs at least 2 replicas (HorizontalPodAutoscaler "backend") ${UNCOVERED}`,
    ]);
  });

  test('reports a Deployment whose only PodDisruptionBudget is in another namespace', () => {
    const budget = compliantPodDisruptionBudget();
    budget.metadata.namespace = 'tramites-staging';
    expect(check(compliantDeployment(), [budget])).toEqual([`runs 3 replicas ${UNCOVERED}`]);
  });

  test('reports a Deployment whose PodDisruptionBudget asks for a label its pods lack', () => {
    const budget = compliantPodDisruptionBudget();
    budget.spec.selector.matchLabels['blue-green/color'] = 'blue';
    expect(check(compliantDeployment(), [budget])).toEqual([`runs 3 replicas ${UNCOVERED}`]);
  });

  test('reports a Deployment whose PodDisruptionBudget has no selector (which selects nothing)', () => {
    const budget = compliantPodDisruptionBudget();
    delete budget.spec.selector;
    expect(check(compliantDeployment(), [budget])).toEqual([`runs 3 replicas ${UNCOVERED}`]);
  });

  test('ignores a ReplicaSet, whose Deployment is the object to check', () => {
    const replicaSet = { ...compliantDeployment(), kind: 'ReplicaSet' };
    expect(check(replicaSet, [])).toEqual([]);
  });

  test("reports kube-score's documented example: a budget whose selector matches other pods (deployment-poddisruptionbudget-v1-no-match)", () => {
    const budget = compliantPodDisruptionBudget();
    budget.spec.selector = { matchLabels: { app: 'not-foo' } };
    expect(check(compliantDeployment(), [budget])).toEqual([
      'runs 3 replicas but no PodDisruptionBudget of its namespace selects its pods: add one so a node drain keeps some running',
    ]);
  });
});
