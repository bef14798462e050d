import type { Manifest } from '../../lib/policies/policy';
import { stableApiVersion } from '../../lib/policies/stable-api-version';
import { compliantDeployment, compliantPodDisruptionBudget, compliantServiceAccount, contextOf } from './fixtures';

const check = (manifest: Manifest) => stableApiVersion.check(manifest, contextOf([manifest]));

describe('stable-api-version', () => {
  test('passes stable versions, core and grouped', () => {
    for (const manifest of [compliantDeployment(), compliantServiceAccount(), compliantPodDisruptionBudget()]) expect(check(manifest)).toEqual([]);
  });

  test("reports kube-score's and kube-linter's documented examples: extensions/v1beta1 and apps/v1beta2 Deployments", () => {
    const extensions = { ...compliantDeployment(), apiVersion: 'extensions/v1beta1' };
    expect(check(extensions)).toEqual(["uses extensions/v1beta1, removed from Kubernetes: use the kind's stable group (apps/v1, networking.k8s.io/v1)"]);
    const beta = { ...compliantDeployment(), apiVersion: 'apps/v1beta2' };
    expect(check(beta)).toEqual(["uses apps/v1beta2, not a stable API: use the kind's stable version"]);
  });

  test('reports an alpha API', () => {
    expect(check({ apiVersion: 'resource.k8s.io/v1alpha3', kind: 'DeviceTaintRule', metadata: { name: 'x' } })).toHaveLength(1);
  });
});
