import { rolloutValues } from '../../../lib/validation/rules/rollout-values';
import { compliantDeployment, compliantStatefulSet, problemsOf } from '../fixtures';

describe('rollout-values', () => {
  test('refuses a rolling update that could never progress, and maxUnavailable above 100%', () => {
    const stuck = compliantDeployment();
    stuck.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' };
    expect(problemsOf(rolloutValues, stuck)).toEqual(['spec.strategy.rollingUpdate: maxSurge and maxUnavailable are both 0: the rollout could never progress']);
    const over = compliantDeployment();
    over.spec.strategy.rollingUpdate = { maxSurge: 'lots', maxUnavailable: '150%' };
    expect(problemsOf(rolloutValues, over)).toEqual([
      'spec.strategy.rollingUpdate.maxSurge: "lots" must be a whole number or a percentage (e.g. 25%)',
      'spec.strategy.rollingUpdate.maxUnavailable: 150% must be at most 100%',
    ]);
  });

  test('refuses a progress deadline not above minReadySeconds, a negative history limit and partition', () => {
    const deployment = compliantDeployment();
    Object.assign(deployment.spec, { minReadySeconds: 30, progressDeadlineSeconds: 30, revisionHistoryLimit: -1 });
    expect(problemsOf(rolloutValues, deployment)).toEqual([
      'spec.progressDeadlineSeconds: must be greater than minReadySeconds (30)',
      'spec.revisionHistoryLimit: -1 must be a whole number, 0 or more',
    ]);
    const statefulSet = compliantStatefulSet();
    statefulSet.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -2 } };
    expect(problemsOf(rolloutValues, statefulSet)).toEqual(['spec.updateStrategy.rollingUpdate.partition: -2 must be a whole number, 0 or more']);
  });

  test('passes the stack’s rollout (maxSurge 1, maxUnavailable 0) and percentages', () => {
    expect(problemsOf(rolloutValues, compliantDeployment())).toEqual([]);
    const percent = compliantDeployment();
    percent.spec.strategy.rollingUpdate = { maxSurge: '25%', maxUnavailable: '25%' };
    expect(problemsOf(rolloutValues, percent)).toEqual([]);
  });
});
