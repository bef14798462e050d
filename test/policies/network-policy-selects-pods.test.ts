import { networkPolicySelectsPods } from '../../lib/policies/network-policy-selects-pods';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, compliantNetworkPolicy, contextOf } from './fixtures';

const check = (policy: Manifest, others: Manifest[]) => networkPolicySelectsPods.check(policy, contextOf([policy, ...others]));

describe('network-policy-selects-pods', () => {
  test("passes a policy that selects a workload's pods, and a default deny that selects all of them", () => {
    expect(check(compliantNetworkPolicy(), [compliantDeployment()])).toEqual([]);
    const defaultDeny = compliantNetworkPolicy();
    defaultDeny.spec.podSelector = {};
    expect(check(defaultDeny, [compliantDeployment()])).toEqual([]);
  });

  test("reports kube-score's documented example: a policy whose podSelector matches no pod (networkpolicy-targets-pod-not-matching)", () => {
    const policy = compliantNetworkPolicy();
    policy.spec.podSelector = { matchLabels: { app: 'not-foo' } };
    expect(check(policy, [compliantDeployment()])).toEqual(["selects no workload's pods: fix its podSelector, or remove it"]);
  });

  test('reports a policy of a namespace without the workload', () => {
    const deployment = compliantDeployment();
    deployment.metadata.namespace = 'elsewhere';
    expect(check(compliantNetworkPolicy(), [deployment])).toHaveLength(1);
  });
});
