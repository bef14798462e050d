import { declaredReplicas } from '../../lib/policies/declared-replicas';
import type { Manifest } from '../../lib/policies/policy';
import { autoscaler, compliantDeployment, compliantStatefulSet, contextOf } from './fixtures';

const check = (manifest: Manifest, others: Manifest[] = []) => declaredReplicas.check(manifest, contextOf([manifest, ...others]));

describe('declared-replicas', () => {
  test('passes a Deployment that declares 2 or more', () => {
    expect(check(compliantDeployment())).toEqual([]);
    const two = compliantDeployment();
    two.spec.replicas = 2;
    expect(check(two)).toEqual([]);
  });

  test("reports Polaris' failure: one replica declared", () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    expect(check(deployment)).toEqual(["sets spec.replicas to 1: declare 2 or more so one pod's loss does not take the service away"]);
  });

  test('reports a Deployment that leaves its count to an autoscaler, as Polaris reads only spec.replicas', () => {
    const deployment = compliantDeployment();
    delete deployment.spec.replicas;
    expect(check(deployment, [autoscaler(deployment, 3)])).toEqual(['sets no spec.replicas: declare 2 or more']);
  });

  test('leaves StatefulSets out, as Polaris does', () => {
    const statefulSet = compliantStatefulSet();
    statefulSet.spec.replicas = 1;
    expect(check(statefulSet)).toEqual([]);
  });
});
