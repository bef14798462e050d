import type { Manifest } from '../../lib/policies/policy';
import { topologySpreadSet } from '../../lib/policies/topology-spread-set';
import { compliantDeployment, compliantJob, compliantStatefulSet, contextOf, podSpec } from './fixtures';

const check = (manifest: Manifest) => topologySpreadSet.check(manifest, contextOf([manifest]));

describe('topology-spread-set', () => {
  test('passes a Deployment and a StatefulSet that spread their own pods', () => {
    expect(check(compliantDeployment())).toEqual([]);
    expect(check(compliantStatefulSet())).toEqual([]);
  });

  test("reports Polaris' documented failure: a Deployment with no topologySpreadConstraints, even of one replica", () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    delete podSpec(deployment).topologySpreadConstraints;
    expect(check(deployment)).toEqual(['has no topologySpreadConstraint: spread its pods over nodes']);
  });

  test("reports Polaris' documented failure of an empty list, and a constraint that selects other pods", () => {
    const empty = compliantStatefulSet();
    podSpec(empty).topologySpreadConstraints = [];
    expect(check(empty)).toEqual(['has no topologySpreadConstraint: spread its pods over nodes']);
    const other = compliantDeployment();
    podSpec(other).topologySpreadConstraints[0].labelSelector = { matchLabels: { 'app.kubernetes.io/name': 'frontend' } };
    expect(check(other)).toEqual(["has no topologySpreadConstraint that selects its own pods: match the workload's pod labels"]);
  });

  test('leaves Jobs out, as Polaris does', () => {
    const job = compliantJob();
    delete podSpec(job).topologySpreadConstraints;
    expect(check(job)).toEqual([]);
  });
});
