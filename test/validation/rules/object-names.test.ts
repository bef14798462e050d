import { objectNames } from '../../../lib/validation/rules/object-names';
import { compliantCronJob, compliantDeployment, compliantJob, compliantStatefulSet, problemsOf, service } from '../fixtures';

describe('object-names', () => {
  test('refuses a Service name starting with a digit, and one of 64 characters', () => {
    const digit = service();
    digit.metadata.name = '1backend';
    expect(problemsOf(objectNames, digit)).toEqual(['metadata.name: "1backend" must start with a letter (a Service name is a DNS-1035 label)']);
    const long = service();
    long.metadata.name = 'b'.repeat(64);
    expect(problemsOf(objectNames, long)).toEqual([`metadata.name: "${'b'.repeat(64)}" is longer than 63 characters`]);
  });

  test('refuses upper case, a Job name over 63 characters, a CronJob over 52 and a StatefulSet over 52', () => {
    const deployment = compliantDeployment();
    deployment.metadata.name = 'Backend';
    expect(problemsOf(objectNames, deployment)).toEqual([expect.stringContaining('is not a DNS-1123 subdomain')]);
    const job = compliantJob();
    job.metadata.name = 'j'.repeat(64);
    expect(problemsOf(objectNames, job)).toEqual([expect.stringContaining("a Job's name is its pods' job-name label")]);
    const cronJob = compliantCronJob();
    cronJob.metadata.name = 'c'.repeat(53);
    expect(problemsOf(objectNames, cronJob)).toEqual([expect.stringContaining('longer than 52')]);
    const statefulSet = compliantStatefulSet();
    statefulSet.metadata.name = 's'.repeat(53);
    expect(problemsOf(objectNames, statefulSet)).toEqual([expect.stringContaining('longer than 52')]);
  });

  test('refuses a namespace that is not a DNS label', () => {
    const deployment = compliantDeployment();
    deployment.metadata.namespace = 'tramites.prod';
    expect(problemsOf(objectNames, deployment)).toEqual([expect.stringMatching(/^metadata\.namespace: "tramites\.prod" is not a DNS-1123 label/)]);
  });

  test('passes the names the stack renders, and a dotted name where a subdomain is allowed', () => {
    expect(problemsOf(objectNames, service())).toEqual([]);
    const deployment = compliantDeployment();
    deployment.metadata.name = 'backend.v2';
    expect(problemsOf(objectNames, deployment)).toEqual([]);
    const job = compliantJob();
    job.metadata.name = 'j'.repeat(63);
    expect(problemsOf(objectNames, job)).toEqual([]);
  });
});
