import { jobValues } from '../../../lib/validation/rules/job-values';
import { compliantJob, problemsOf } from '../fixtures';

describe('job-values', () => {
  test('refuses restartPolicy Always, which a Job cannot have', () => {
    const job = compliantJob();
    job.spec.template.spec.restartPolicy = 'Always';
    expect(problemsOf(jobValues, job)).toEqual(['spec.template.spec.restartPolicy: "Always" must be Never or OnFailure for a Job']);
  });

  test('refuses a deadline of 0 and a negative backoffLimit', () => {
    const job = compliantJob();
    Object.assign(job.spec, { activeDeadlineSeconds: 0, backoffLimit: -1 });
    expect(problemsOf(jobValues, job)).toEqual([
      'spec.activeDeadlineSeconds: 0 must be a whole number above 0',
      'spec.backoffLimit: -1 must be a whole number, 0 or more',
    ]);
  });

  test('passes the stack’s Job settings', () => {
    const job = compliantJob();
    Object.assign(job.spec, { backoffLimit: 3, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 86400 });
    expect(problemsOf(jobValues, job)).toEqual([]);
  });
});
