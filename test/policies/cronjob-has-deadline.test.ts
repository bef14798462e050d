import { cronjobHasDeadline } from '../../lib/policies/cronjob-has-deadline';
import type { Manifest } from '../../lib/policies/policy';
import { compliantCronJob, compliantJob, contextOf } from './fixtures';

const check = (manifest: Manifest) => cronjobHasDeadline.check(manifest, contextOf([manifest]));

describe('cronjob-has-deadline', () => {
  test('passes a CronJob with startingDeadlineSeconds', () => {
    expect(check(compliantCronJob())).toEqual([]);
  });

  test("reports kube-score's documented example: a CronJob without startingDeadlineSeconds (cronjob-deadline-not-set)", () => {
    const cronJob = compliantCronJob();
    delete cronJob.spec.startingDeadlineSeconds;
    expect(check(cronJob)).toEqual(['has no startingDeadlineSeconds: set one so missed schedules cannot stop it for good']);
  });

  test('ignores Jobs', () => {
    expect(check(compliantJob())).toEqual([]);
  });
});
