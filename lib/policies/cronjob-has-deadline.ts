import type { Policy } from './policy';

/**
 * A CronJob without startingDeadlineSeconds that missed more than 100 schedules (its controller was down,
 * or it was suspended) never starts again until someone recreates it; with a deadline, missed runs
 * older than it are skipped and the next one starts.
 */
export const cronjobHasDeadline: Policy = {
  name: 'cronjob-has-deadline',
  description: 'Every CronJob sets startingDeadlineSeconds.',
  severity: 'danger',
  follows: [{ tool: 'kube-score', check: 'cronjob-has-deadline' }],
  check: (manifest) =>
    manifest.kind === 'CronJob' && manifest.spec?.startingDeadlineSeconds === undefined
      ? ['has no startingDeadlineSeconds: set one so missed schedules cannot stop it for good']
      : [],
};
