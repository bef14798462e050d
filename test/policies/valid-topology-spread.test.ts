import type { Manifest } from '../../lib/policies/policy';
import { validTopologySpread } from '../../lib/policies/valid-topology-spread';
import { compliantWorkloadsOfEveryKind, contextOf, podSpec } from './fixtures';

const check = (manifest: Manifest) => validTopologySpread.check(manifest, contextOf([manifest]));

/** kube-score's score/testdata/pod-topology-spread-constraints-*.yaml: a pause pod with one constraint. */
function kubeScorePod(constraint: Record<string, unknown>): Manifest {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'mypod', labels: { foo: 'bar' } },
    spec: { topologySpreadConstraints: [constraint], containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.1' }] },
  };
}

const GOOD = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { foo: 'bar' } } };

describe('valid-topology-spread', () => {
  test('passes every kind of workload with a complete constraint, and a pod with none (the scheduler default applies)', () => {
    for (const workload of compliantWorkloadsOfEveryKind()) expect(check(workload)).toEqual([]);
    expect(check(kubeScorePod(GOOD))).toEqual([]);
    const none = kubeScorePod(GOOD);
    delete none.spec.topologySpreadConstraints;
    expect(check(none)).toEqual([]);
  });

  test("reports kube-score's examples: no labelSelector (no-labelselector) and maxSkew 0 (invalid-maxskew)", () => {
    const { labelSelector: _dropped, ...withoutSelector } = GOOD;
    expect(check(kubeScorePod(withoutSelector))).toEqual([
      "topologySpreadConstraint 0 has no labelSelector: select the workload's own pods, which it counts per domain",
    ]);
    expect(check(kubeScorePod({ ...GOOD, maxSkew: 0 }))).toEqual(['topologySpreadConstraint 0 has maxSkew 0: set 1 or more']);
  });

  test("reports kube-score's other critical cases: minDomains 0, no topologyKey, an unknown whenUnsatisfiable", () => {
    expect(check(kubeScorePod({ ...GOOD, minDomains: 0 }))).toEqual(['topologySpreadConstraint 0 has minDomains 0: leave it out or set 1 or more']);
    const { topologyKey: _key, ...withoutKey } = GOOD;
    expect(check(kubeScorePod(withoutKey))).toHaveLength(1);
    expect(check(kubeScorePod({ ...GOOD, whenUnsatisfiable: 'Sometimes' }))).toEqual([
      'topologySpreadConstraint 0 has whenUnsatisfiable "Sometimes": set DoNotSchedule or ScheduleAnyway',
    ]);
  });

  test("reports a Deployment's constraint, numbered by its place in the list", () => {
    const [deployment] = compliantWorkloadsOfEveryKind();
    podSpec(deployment).topologySpreadConstraints.push({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' });
    expect(check(deployment)).toEqual([
      "topologySpreadConstraint 1 has no labelSelector: select the workload's own pods, which it counts per domain",
    ]);
  });
});
