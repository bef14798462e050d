import { cronjobRestartPolicy } from '../../lib/policies/cronjob-restart-policy';
import type { Manifest } from '../../lib/policies/policy';
import { compliantCronJob, compliantJob, contextOf, podSpec } from './fixtures';

const check = (manifest: Manifest) => cronjobRestartPolicy.check(manifest, contextOf([manifest]));

/** kube-score's score/testdata/cronjob-batchv1-restartpolicy-*.yaml, the CronJob they share, with the pod template's restartPolicy given. */
function kubeScoreCronJob(restartPolicy?: string): Manifest {
  return {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: { namespace: 'cronjobs', name: 'pwsh-test' },
    spec: {
      schedule: '0/1 * * * *',
      startingDeadlineSeconds: 5,
      jobTemplate: {
        spec: {
          template: {
            spec: {
              containers: [{ name: 'pwsh', imagePullPolicy: 'Always', image: 'mcr.microsoft.com/powershell:7', command: ['pwsh', '-Command', 'Start-Sleep -Seconds 5'] }],
              ...(restartPolicy === undefined ? {} : { restartPolicy }),
            },
          },
        },
      },
    },
  };
}

describe('cronjob-restart-policy', () => {
  test('passes a CronJob whose pods restart Never, or OnFailure', () => {
    expect(check(compliantCronJob())).toEqual([]);
    const onFailure = compliantCronJob();
    podSpec(onFailure).restartPolicy = 'OnFailure';
    expect(check(onFailure)).toEqual([]);
  });

  test("reports kube-score's examples: a CronJob without restartPolicy (restartpolicy-not-set) and one with Once (restartpolicy-invalid)", () => {
    expect(check(kubeScoreCronJob())).toEqual(['has no restartPolicy in its pod template: set Never or OnFailure']);
    expect(check(kubeScoreCronJob('Once'))).toEqual(['has restartPolicy "Once" in its pod template: set Never or OnFailure']);
  });

  test('reports Always, the pod default, which a Job may not use', () => {
    expect(check(kubeScoreCronJob('Always'))).toHaveLength(1);
  });

  test('ignores Jobs, which kube-score does not check either', () => {
    const job = compliantJob();
    delete podSpec(job).restartPolicy;
    expect(check(job)).toEqual([]);
  });
});
