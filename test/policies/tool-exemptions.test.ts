import type { Manifest, PolicyException } from '../../lib/policies/policy';
import { withToolExemptions } from '../../lib/policies/tool-exemptions';
import { autoscaler, compliantDeployment, compliantPodDisruptionBudget } from './fixtures';

const annotationsOf = (manifests: readonly Manifest[], kind: string) => manifests.find((manifest) => manifest.kind === kind)!.metadata.annotations;

describe('withToolExemptions', () => {
  test("writes an autoscaler's exemption on the HorizontalPodAutoscaler, the object Polaris' hpaMinAvailability and kube-score report, not on its Deployment", () => {
    const deployment = compliantDeployment();
    const exception: PolicyException = { rule: 'autoscaler-min-replicas', reason: 'one pod is enough at night' };
    const result = withToolExemptions('prod', [deployment, autoscaler(deployment, 1), compliantPodDisruptionBudget()], [exception]);
    expect(annotationsOf(result, 'HorizontalPodAutoscaler')).toEqual({
      'kube-score/ignore': 'horizontalpodautoscaler-replicas',
      'polaris.fairwinds.com/hpaMinAvailability-exempt': 'true',
    });
    expect(annotationsOf(result, 'Deployment')).toBeUndefined();
  });

  test("writes Polaris' missingPodDisruptionBudget exemption on a single-replica Deployment, which Polaris reports and kube-score does not", () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    const exception: PolicyException = { rule: 'deployment-has-pdb', reason: 'a budget on one pod protects nothing' };
    expect(annotationsOf(withToolExemptions('dev', [deployment], [exception]), 'Deployment')).toEqual({
      'polaris.fairwinds.com/missingPodDisruptionBudget-exempt': 'true',
    });
    // replicated-has-pdb (kube-score's checks) does not report one replica, so its exception writes nothing.
    expect(annotationsOf(withToolExemptions('dev', [deployment], [{ ...exception, rule: 'replicated-has-pdb' }]), 'Deployment')).toBeUndefined();
  });

  test('writes nothing outside the exception\'s environments, and leaves the input unchanged', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    const exception: PolicyException = { rule: 'declared-replicas', environments: ['dev'], reason: 'one pod per service in dev' };
    expect(annotationsOf(withToolExemptions('prod', [deployment], [exception]), 'Deployment')).toBeUndefined();
    expect(annotationsOf(withToolExemptions('dev', [deployment], [exception]), 'Deployment')).toEqual({
      'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true',
    });
    expect(deployment.metadata.annotations).toBeUndefined();
  });
});
