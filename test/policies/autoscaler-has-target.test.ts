import { autoscalerHasTarget } from '../../lib/policies/autoscaler-has-target';
import type { Manifest } from '../../lib/policies/policy';
import { autoscaler, compliantDeployment, contextOf } from './fixtures';

const check = (hpa: Manifest, others: Manifest[]) => autoscalerHasTarget.check(hpa, contextOf([hpa, ...others]));

describe('autoscaler-has-target', () => {
  test('passes an autoscaler whose Deployment leaves replicas to it', () => {
    const deployment = compliantDeployment();
    delete deployment.spec.replicas;
    expect(check(autoscaler(deployment, 3), [deployment])).toEqual([]);
  });

  test("reports kube-score's documented example: an autoscaler whose target does not exist (hpa-has-no-target)", () => {
    const deployment = compliantDeployment();
    const hpa = autoscaler(deployment, 3);
    hpa.spec.scaleTargetRef.name = 'not-found';
    expect(check(hpa, [deployment])).toEqual(['targets Deployment/not-found, which is not rendered: it scales nothing']);
  });

  test("reports kube-score's documented example: a Deployment targeted by an autoscaler that sets replicas (deployment-with-hpa-has-replicas)", () => {
    const deployment = compliantDeployment();
    expect(check(autoscaler(deployment, 3), [deployment])).toEqual([
      'targets Deployment/backend, which also sets replicas: leave them out so a sync does not reset the autoscaler',
    ]);
  });

  test("reports Polaris' documented failure: maxReplicas equal to minReplicas (hpaMaxAvailability)", () => {
    const deployment = compliantDeployment();
    delete deployment.spec.replicas;
    const hpa = autoscaler(deployment, 3);
    hpa.spec.maxReplicas = 3;
    expect(check(hpa, [deployment])).toEqual(['has maxReplicas 3, not above minReplicas 3: it can never scale up']);
  });
});
