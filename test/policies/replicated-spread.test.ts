import type { Manifest } from '../../lib/policies/policy';
import { replicatedSpread } from '../../lib/policies/replicated-spread';
import { autoscaler, compliantDeployment, compliantStatefulSet, contextOf, podSpec, POD_LABELS } from './fixtures';

const check = (manifest: Manifest, others: Manifest[] = []) => replicatedSpread.check(manifest, contextOf([manifest, ...others]));
const UNSPREAD =
  'with nothing spreading them over nodes: add a topologySpreadConstraint or podAntiAffinity on kubernetes.io/hostname that selects its pods';

function deploymentWithoutSpread(): Manifest {
  const deployment = compliantDeployment();
  delete podSpec(deployment).topologySpreadConstraints;
  return deployment;
}

const ownPods = () => ({ matchLabels: { ...POD_LABELS } });

describe('replicated-spread', () => {
  test('passes a Deployment of 3 replicas with a topology spread constraint on the hostname', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('passes a required pod anti-affinity on the hostname', () => {
    const deployment = deploymentWithoutSpread();
    podSpec(deployment).affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: ownPods() }] },
    };
    expect(check(deployment)).toEqual([]);
  });

  test('passes a preferred pod anti-affinity on the hostname', () => {
    const deployment = deploymentWithoutSpread();
    podSpec(deployment).affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: ownPods() } },
        ],
      },
    };
    expect(check(deployment)).toEqual([]);
  });

  test('passes a single-replica Deployment with no spreading', () => {
    const deployment = deploymentWithoutSpread();
    deployment.spec.replicas = 1;
    expect(check(deployment)).toEqual([]);
  });

  test('reports a Deployment of 3 replicas with no spreading', () => {
    expect(check(deploymentWithoutSpread())).toEqual([`runs 3 replicas ${UNSPREAD}`]);
  });

  test('reports a StatefulSet kept at 2 replicas by an autoscaler with no spreading', () => {
    const statefulSet = compliantStatefulSet();
    statefulSet.spec.replicas = 1;
    delete podSpec(statefulSet).topologySpreadConstraints;
    expect(check(statefulSet, [autoscaler(statefulSet, 2)])).toEqual([
      `runs at least 2 replicas (HorizontalPodAutoscaler "backend") ${UNSPREAD}`,
    ]);
  });

  test('reports a spread constraint over zones only, which lets replicas share a node', () => {
    const deployment = compliantDeployment();
    podSpec(deployment).topologySpreadConstraints[0].topologyKey = 'topology.kubernetes.io/zone';
    expect(check(deployment)).toEqual([`runs 3 replicas ${UNSPREAD}`]);
  });

  test("reports a hostname spread constraint whose selector does not match the workload's pods", () => {
    const deployment = compliantDeployment();
    podSpec(deployment).topologySpreadConstraints[0].labelSelector = { matchLabels: { 'app.kubernetes.io/name': 'frontend' } };
    expect(check(deployment)).toEqual([`runs 3 replicas ${UNSPREAD}`]);
  });

  test('reports a hostname anti-affinity without a label selector (which matches no pod)', () => {
    const deployment = deploymentWithoutSpread();
    podSpec(deployment).affinity = {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] },
    };
    expect(check(deployment)).toEqual([`runs 3 replicas ${UNSPREAD}`]);
  });
});
