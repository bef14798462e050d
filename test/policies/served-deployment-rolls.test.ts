import type { Manifest } from '../../lib/policies/policy';
import { servedDeploymentRolls } from '../../lib/policies/served-deployment-rolls';
import { compliantDeployment, compliantService, contextOf } from './fixtures';

const check = (manifest: Manifest, others: Manifest[]) => servedDeploymentRolls.check(manifest, contextOf([manifest, ...others]));

/** kube-score's score/testdata/service-target-deployment-not-rolling.yaml: a Recreate Deployment and the Service that selects it. */
function kubeScoreNotRolling(): Manifest[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'deployment-test-1' },
      spec: {
        template: { metadata: { labels: { app: 'my-app' } }, spec: { containers: [{ name: 'foobar', image: 'foo/bar:123' }] } },
        strategy: { type: 'Recreate' },
      },
    },
    { kind: 'Service', apiVersion: 'v1', metadata: { name: 'my-service' }, spec: { selector: { app: 'my-app' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }] } },
  ];
}

const RECREATE = 'is updated with strategy "Recreate" although a Service sends it requests: use RollingUpdate so the Service keeps endpoints during a rollout';

describe('served-deployment-rolls', () => {
  test('passes a served Deployment that rolls, or gives no strategy (RollingUpdate by default)', () => {
    expect(check(compliantDeployment(), [compliantService()])).toEqual([]);
    const unset = compliantDeployment();
    delete unset.spec.strategy;
    expect(check(unset, [compliantService()])).toEqual([]);
  });

  test("reports kube-score's example: a Recreate Deployment a Service selects (service-target-deployment-not-rolling)", () => {
    const [deployment, service] = kubeScoreNotRolling();
    expect(check(deployment, [service])).toEqual([RECREATE]);
  });

  test('passes a Recreate Deployment no Service selects, as kube-score skips it', () => {
    const [deployment] = kubeScoreNotRolling();
    expect(check(deployment, [])).toEqual([]);
    const elsewhere = compliantService();
    elsewhere.metadata.namespace = 'tramites-staging';
    const recreate = compliantDeployment();
    recreate.spec.strategy = { type: 'Recreate' };
    expect(check(recreate, [elsewhere])).toEqual([]);
    expect(check(recreate, [compliantService()])).toEqual([RECREATE]);
  });
});
