import type { Manifest } from '../../lib/policies/policy';
import { replicatedSpread } from '../../lib/policies/replicated-spread';
import { autoscaler, compliantDeployment, compliantStatefulSet, contextOf, podSpec, POD_LABELS } from './fixtures';

const check = (manifest: Manifest, others: Manifest[] = []) => replicatedSpread.check(manifest, contextOf([manifest, ...others]));
const APART = 'with nothing keeping them apart: add a podAntiAffinity on kubernetes.io/hostname that selects its pods';

function deploymentWithoutAntiAffinity(): Manifest {
  const deployment = compliantDeployment();
  delete podSpec(deployment).affinity;
  return deployment;
}

const ownPods = () => ({ matchLabels: { ...POD_LABELS } });

describe('replicated-spread', () => {
  test('passes a Deployment of 3 replicas with a preferred pod anti-affinity on the hostname', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('passes a required pod anti-affinity on the hostname', () => {
    const deployment = deploymentWithoutAntiAffinity();
    podSpec(deployment).affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: ownPods() }] },
    };
    expect(check(deployment)).toEqual([]);
  });

  test('passes a single-replica Deployment with no anti-affinity', () => {
    const deployment = deploymentWithoutAntiAffinity();
    deployment.spec.replicas = 1;
    expect(check(deployment)).toEqual([]);
  });

  test("reports kube-score's documented example: 10 replicas and no podAntiAffinity (deployment-host-antiaffinity-not-set)", () => {
    const deployment = deploymentWithoutAntiAffinity();
    deployment.spec.replicas = 10;
    expect(check(deployment)).toEqual([`runs 10 replicas ${APART}`]);
  });

  test('reports a spread constraint alone, which kube-linter and kube-score do not read', () => {
    const deployment = deploymentWithoutAntiAffinity();
    expect(podSpec(deployment).topologySpreadConstraints).toHaveLength(1);
    expect(check(deployment)).toEqual([`runs 3 replicas ${APART}`]);
  });

  test('reports a StatefulSet kept at 2 replicas by an autoscaler with no anti-affinity', () => {
    const statefulSet = compliantStatefulSet();
    statefulSet.spec.replicas = 1;
    delete podSpec(statefulSet).affinity;
    expect(check(statefulSet, [autoscaler(statefulSet, 2)])).toEqual([`runs at least 2 replicas (HorizontalPodAutoscaler "backend") ${APART}`]);
  });

  test('reports an anti-affinity over zones only, which lets replicas share a node', () => {
    const deployment = compliantDeployment();
    podSpec(deployment).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey = 'topology.kubernetes.io/zone';
    expect(check(deployment)).toEqual([`runs 3 replicas ${APART}`]);
  });

  test("reports kube-score's documented example of an anti-affinity whose selector matches other pods (preffered-selector-no-match)", () => {
    const deployment = compliantDeployment();
    podSpec(deployment).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector = {
      matchLabels: { 'app.kubernetes.io/name': 'frontend' },
    };
    expect(check(deployment)).toEqual([`runs 3 replicas ${APART}`]);
  });

  test('reports a hostname anti-affinity without a label selector (which matches no pod)', () => {
    const deployment = deploymentWithoutAntiAffinity();
    podSpec(deployment).affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] },
    };
    expect(check(deployment)).toEqual([`runs 3 replicas ${APART}`]);
  });
});
