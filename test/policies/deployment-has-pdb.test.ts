import { deploymentHasPdb } from '../../lib/policies/deployment-has-pdb';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, compliantPodDisruptionBudget, compliantStatefulSet, contextOf } from './fixtures';

const check = (manifest: Manifest, others: Manifest[]) => deploymentHasPdb.check(manifest, contextOf([manifest, ...others]));
const UNCOVERED = 'is selected by no PodDisruptionBudget of its namespace: add one that says how many pods a node drain may take';

describe('deployment-has-pdb', () => {
  test('passes a Deployment a budget of its namespace selects', () => {
    expect(check(compliantDeployment(), [compliantPodDisruptionBudget()])).toEqual([]);
  });

  test('reports a single-replica Deployment without a budget, as Polaris does (unlike replicated-has-pdb)', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    expect(check(deployment, [])).toEqual([UNCOVERED]);
  });

  test("reports Polaris' failure.bad-name case: the only budget selects other pods", () => {
    const deployment: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'zookeeper', labels: { app: 'zookeeper' } },
      spec: { template: { metadata: { labels: { app: 'zookeeper' } }, spec: { containers: [{ name: 'zookeeper', image: 'zookeeper' }] } } },
    };
    const budget: Manifest = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'zk-pdb' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'asdfasf' } } } };
    expect(check(deployment, [budget])).toEqual([UNCOVERED]);
  });

  test('reports a Deployment whose only budget is in another namespace; leaves StatefulSets out, as Polaris does', () => {
    const budget = compliantPodDisruptionBudget();
    budget.metadata.namespace = 'tramites-staging';
    expect(check(compliantDeployment(), [budget])).toEqual([UNCOVERED]);
    expect(check(compliantStatefulSet(), [])).toEqual([]);
  });
});
