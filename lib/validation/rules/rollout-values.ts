import { isWholeNumber, quote, type FieldProblem, type ValidationRule } from '../rule';

/** A whole number, or a percentage `N%`; with `maximumPercent` the percentage may not exceed it. */
function checkIntOrPercent(value: unknown, field: string, problems: FieldProblem[], maximumPercent?: number): number | undefined {
  if (value === undefined) return undefined;
  if (isWholeNumber(value, 0)) return value as number;
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  if (!percent) {
    problems.push({ field, message: `${quote(value)} must be a whole number or a percentage (e.g. 25%)` });
    return undefined;
  }
  const number = Number(percent[1]);
  if (maximumPercent !== undefined && number > maximumPercent) problems.push({ field, message: `${value} must be at most ${maximumPercent}%` });
  return number;
}

/**
 * Rollout settings the API server checks beyond their types: a rolling update may not have both
 * maxSurge and maxUnavailable at 0 (it could never progress), maxUnavailable is at most 100%,
 * counts are not negative, and progressDeadlineSeconds exceeds minReadySeconds.
 */
export const rolloutValues: ValidationRule = {
  name: 'rollout-values',
  description: 'Rolling updates can progress (maxSurge and maxUnavailable not both 0, within range) and rollout counts are in range.',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
  check: (manifest) => {
    const problems: FieldProblem[] = [];
    const spec = manifest.spec ?? {};
    if (manifest.kind === 'Deployment') {
      const rolling = spec.strategy?.rollingUpdate;
      if (rolling) {
        const surge = checkIntOrPercent(rolling.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', problems);
        const unavailable = checkIntOrPercent(rolling.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', problems, 100);
        if (surge === 0 && unavailable === 0) problems.push({ field: 'spec.strategy.rollingUpdate', message: 'maxSurge and maxUnavailable are both 0: the rollout could never progress' });
      }
      if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
        problems.push({ field: 'spec.progressDeadlineSeconds', message: `must be greater than minReadySeconds (${spec.minReadySeconds ?? 0})` });
      }
    }
    if (manifest.kind === 'StatefulSet' && spec.updateStrategy?.rollingUpdate?.partition !== undefined && !isWholeNumber(spec.updateStrategy.rollingUpdate.partition, 0)) {
      problems.push({ field: 'spec.updateStrategy.rollingUpdate.partition', message: `${quote(spec.updateStrategy.rollingUpdate.partition)} must be a whole number, 0 or more` });
    }
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(manifest.kind)) {
      for (const field of ['minReadySeconds', 'revisionHistoryLimit']) {
        if (spec[field] !== undefined && !isWholeNumber(spec[field], 0)) problems.push({ field: `spec.${field}`, message: `${quote(spec[field])} must be a whole number, 0 or more` });
      }
    }
    return problems;
  },
};

export { checkIntOrPercent };
