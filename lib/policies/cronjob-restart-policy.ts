import type { Policy } from './policy';

/** What a Job's pods may do when a container ends; `Always` would restart a finished run forever. */
const JOB_RESTART_POLICIES = ['Never', 'OnFailure'];

/**
 * The API server refuses a CronJob whose pod template has no restartPolicy (the pod default, `Always`, is
 * not allowed for a Job) or any other value, so the CronJob and the sync that carries it fail. Saying it in
 * the manifest also says whether a failed run is retried in its pod (`OnFailure`) or by a new pod (`Never`).
 */
export const cronjobRestartPolicy: Policy = {
  name: 'cronjob-restart-policy',
  description: "Every CronJob's pod template sets restartPolicy to Never or OnFailure.",
  severity: 'danger',
  follows: [{ tool: 'kube-score', check: 'cronjob-restartpolicy' }],
  check: (manifest) => {
    if (manifest.kind !== 'CronJob') return [];
    const restartPolicy: unknown = manifest.spec?.jobTemplate?.spec?.template?.spec?.restartPolicy;
    if (typeof restartPolicy === 'string' && JOB_RESTART_POLICIES.includes(restartPolicy)) return [];
    return restartPolicy === undefined
      ? ['has no restartPolicy in its pod template: set Never or OnFailure']
      : [`has restartPolicy "${String(restartPolicy)}" in its pod template: set Never or OnFailure`];
  },
};
