import type { Manifest } from '../../lib/policies/policy';
import { replicatedDeployment } from '../../lib/policies/replicated-deployment';
import { autoscaler, compliantDeployment, compliantStatefulSet, contextOf } from './fixtures';

const check = (manifest: Manifest, others: Manifest[] = []) => replicatedDeployment.check(manifest, contextOf([manifest, ...others]));

describe('replicated-deployment', () => {
  test('passes a Deployment of 3 replicas, and one kept at 2 or more by an autoscaler', () => {
    expect(check(compliantDeployment())).toEqual([]);
    const scaled = compliantDeployment();
    delete scaled.spec.replicas;
    expect(check(scaled, [autoscaler(scaled, 3)])).toEqual([]);
  });

  test("reports Polaris' documented failure: a Deployment of 1 replica (deploymentMissingReplicas)", () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    expect(check(deployment)).toEqual(['runs 1 replica: run at least 2 so one pod\'s loss does not take the service away']);
  });

  test("reports kube-score's example: a Deployment of 1 replica that a Service selects (service-target-deployment-replica-1, deployment-replicas)", () => {
    const deployment: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'deployment-test-1' },
      spec: {
        template: { metadata: { labels: { app: 'my-app' } }, spec: { containers: [{ name: 'foobar', image: 'foo/bar:123' }] } },
        replicas: 1,
        strategy: { type: 'RollingUpdate' },
      },
    };
    const service: Manifest = { kind: 'Service', apiVersion: 'v1', metadata: { name: 'my-service' }, spec: { selector: { app: 'my-app' }, ports: [{ port: 80, targetPort: 8080 }] } };
    expect(check(deployment, [service])).toEqual(['runs 1 replica: run at least 2 so one pod\'s loss does not take the service away']);
  });

  test("reports a Deployment without replicas (1 by default), and one whose autoscaler's minimum is 1 (Polaris' hpaMinAvailability)", () => {
    const deployment = compliantDeployment();
    delete deployment.spec.replicas;
    expect(check(deployment)).toEqual(['runs 1 replica: run at least 2 so one pod\'s loss does not take the service away']);
    expect(check(deployment, [autoscaler(deployment, 1)])).toHaveLength(1);
  });

  test('lets a colour scaled to zero on purpose, and StatefulSets (whose replicas own their data), pass', () => {
    const idle = compliantDeployment();
    idle.spec.replicas = 0;
    expect(check(idle)).toEqual([]);
    const statefulSet = compliantStatefulSet();
    statefulSet.spec.replicas = 1;
    expect(check(statefulSet)).toEqual([]);
  });
});
