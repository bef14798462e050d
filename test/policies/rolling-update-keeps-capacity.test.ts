import type { Manifest } from '../../lib/policies/policy';
import { rollingUpdateKeepsCapacity } from '../../lib/policies/rolling-update-keeps-capacity';
import { compliantDeployment, compliantStatefulSet, contextOf } from './fixtures';

const check = (manifest: Manifest) => rollingUpdateKeepsCapacity.check(manifest, contextOf([manifest]));
const ADVICE = 'set maxUnavailable: 0 and maxSurge above 0';

function deploymentWithStrategy(strategy: unknown): Manifest {
  const deployment = compliantDeployment();
  if (strategy === undefined) delete deployment.spec.strategy;
  else deployment.spec.strategy = strategy;
  return deployment;
}

describe('rolling-update-keeps-capacity', () => {
  test('passes a rolling update with maxUnavailable 0', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('passes a rolling update with maxUnavailable "0%"', () => {
    expect(check(deploymentWithStrategy({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '0%', maxSurge: '25%' } }))).toEqual([]);
  });

  test('reports the Recreate strategy', () => {
    expect(check(deploymentWithStrategy({ type: 'Recreate' }))).toEqual([
      'strategy Recreate stops every pod before the new ones start: use RollingUpdate with maxUnavailable: 0',
    ]);
  });

  test.each([
    ['no strategy', undefined],
    ['a RollingUpdate strategy without rollingUpdate', { type: 'RollingUpdate' }],
    ['rollingUpdate without maxUnavailable', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } }],
  ])('reports %s, which leaves maxUnavailable at its default of 25%%', (_case, strategy) => {
    expect(check(deploymentWithStrategy(strategy))).toEqual([
      `a rollout may stop pods before their replacements are ready (maxUnavailable: 25%, the default): ${ADVICE}`,
    ]);
  });

  test.each([1, '10%'])('reports maxUnavailable %s', (maxUnavailable) => {
    expect(check(deploymentWithStrategy({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge: 1 } }))).toEqual([
      `a rollout may stop pods before their replacements are ready (maxUnavailable: ${maxUnavailable}): ${ADVICE}`,
    ]);
  });

  test('ignores a StatefulSet, which has no strategy field', () => {
    expect(check(compliantStatefulSet())).toEqual([]);
  });

  test("reports kube-linter's documented example of a Deployment updated by Recreate (no-rolling-update-strategy)", () => {
    const deployment = compliantDeployment();
    deployment.spec.strategy = { type: 'Recreate' };
    expect(check(deployment)).toEqual(['strategy Recreate stops every pod before the new ones start: use RollingUpdate with maxUnavailable: 0']);
  });
});
