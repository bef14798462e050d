import { BACKUP_SCRIPT, RESTORE_SCRIPT } from '../../lib/constructs/database-backup-scripts';
import { find, loadEnvironment, mainContainer, synthEnvironment, type Manifest } from '../support/project';

const KEEP = 'Prune=false,Delete=false';

describe.each(['staging', 'prod'])('the database backups of %s', (environment) => {
  const manifests = synthEnvironment(environment);
  const stack = loadEnvironment(environment);
  const backup = stack.database!.backup!;
  const cronJob = (kind: string) => find(manifests, 'CronJob', `db-backup-${kind}`);
  const podOf = (job: Manifest) => job.spec.jobTemplate.spec.template.spec;

  test('run full and log backups on the schedules of the settings, in UTC, never two of a kind at once', () => {
    for (const [kind, schedule] of [['full', backup.fullSchedule], ['log', backup.logSchedule]]) {
      expect(cronJob(kind).spec).toMatchObject({
        schedule,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
      });
      expect(cronJob(kind).spec.startingDeadlineSeconds).toBeGreaterThan(0);
      expect(cronJob(kind).spec.jobTemplate.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: expect.any(Number) });
      expect(podOf(cronJob(kind)).containers[0].command).toEqual(['/bin/sh', '/opt/backup/backup.sh', kind]);
    }
    // A log backup must end before the next one is due (every 15 minutes).
    expect(cronJob('log').spec.jobTemplate.spec.activeDeadlineSeconds).toBeLessThanOrEqual(15 * 60);
  });

  test('run the scripts the tests run, from a ConfigMap the pods mount read-only', () => {
    expect(find(manifests, 'ConfigMap', 'db-backup-scripts').data).toEqual({ 'backup.sh': BACKUP_SCRIPT, 'restore.sh': RESTORE_SCRIPT });
    expect(podOf(cronJob('full')).volumes).toContainEqual({ name: 'scripts', configMap: { name: 'db-backup-scripts' } });
  });

  test('connect to db with sqlcmd as the .env login, the password from the Secret and never rendered', () => {
    const environmentOf = Object.fromEntries(podOf(cronJob('full')).containers[0].env.map((variable: any) => [variable.name, variable.value ?? variable.valueFrom]));
    expect(environmentOf).toMatchObject({
      DATABASE: 'TramitesMigratorios',
      DB_HOST: 'db',
      DB_PORT: '1433',
      DB_USER: 'sa',
      SQLCMD: '/opt/mssql-tools18/bin/sqlcmd',
      SQLCMDPASSWORD: { secretKeyRef: { name: 'tramites-secrets', key: 'DB_PASSWORD' } },
      BACKUP_DIRECTORY: '/var/opt/mssql/backup',
      RETENTION_DAYS: String(backup.retentionDays),
      COMPRESSION: 'true',
    });
    expect(podOf(cronJob('full')).containers[0].image).toBe(mainContainer(find(manifests, 'StatefulSet', 'db')).image);
  });

  test('write to a claim of their own, retained when it leaves git, mounted on the db pod where SQL Server writes', () => {
    const claim = find(manifests, 'PersistentVolumeClaim', 'db-backup');
    expect(claim.metadata.annotations['argocd.argoproj.io/sync-options']).toBe(KEEP);
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: backup.claim.storageClass, resources: { requests: { storage: backup.claim.size } } });
    const db = find(manifests, 'StatefulSet', 'db');
    expect(mainContainer(db).volumeMounts).toContainEqual({ name: 'db-backup', mountPath: '/var/opt/mssql/backup' });
    expect(db.spec.template.spec.volumes).toContainEqual({ name: 'db-backup', persistentVolumeClaim: { claimName: 'db-backup' } });
    expect(db.spec.volumeClaimTemplates.map((template: Manifest) => template.metadata.name)).toEqual(['db-data']);
  });

  test('mount the same claim on the db pod node (a ReadWriteOnce volume is per node), for the retention', () => {
    for (const kind of ['full', 'log']) {
      const pod = podOf(cronJob(kind));
      expect(pod.volumes).toContainEqual({ name: 'backup', persistentVolumeClaim: { claimName: 'db-backup' } });
      expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'backup', mountPath: '/var/opt/mssql/backup' });
      expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
        { labelSelector: { matchLabels: find(manifests, 'StatefulSet', 'db').spec.selector.matchLabels }, topologyKey: 'kubernetes.io/hostname' },
      ]);
    }
  });

  test('run with the restricted profile: SQL Server\'s own user, no token, seccomp, no capabilities, read-only root with a scratch /tmp', () => {
    const pod = podOf(cronJob('full'));
    expect(pod).toMatchObject({
      serviceAccountName: 'db-backup',
      automountServiceAccountToken: false,
      restartPolicy: 'Never',
      securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    });
    expect(pod.containers[0].securityContext).toEqual({ privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(pod.priorityClassName).toBe(find(manifests, 'StatefulSet', 'db').spec.template.spec.priorityClassName);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    expect(Object.keys(pod.containers[0].resources.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
    expect(Object.keys(pod.containers[0].resources.requests).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
    expect(find(manifests, 'ServiceAccount', 'db-backup').automountServiceAccountToken).toBe(false);
  });
});

describe('the SQL Server edition', () => {
  const edition = (environment: string) =>
    mainContainer(find(synthEnvironment(environment), 'StatefulSet', 'db')).env.find((variable: { name: string }) => variable.name === 'MSSQL_PID').value;

  test('comes from each environment\'s settings: Standard in prod, Developer in dev and staging', () => {
    expect([edition('dev'), edition('staging'), edition('prod')]).toEqual(['Developer', 'Developer', 'Standard']);
  });
});

test('dev takes no backups: no CronJob, no backup claim or mount, no path to db', () => {
  const manifests = synthEnvironment('dev');
  expect(manifests.filter((m) => m.kind === 'CronJob' || m.metadata.name.startsWith('db-backup')).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([]);
  expect(mainContainer(find(manifests, 'StatefulSet', 'db')).volumeMounts.map((mount: { name: string }) => mount.name)).toEqual(['db-data', 'tmp']);
  // The path to db is a NetworkPolicy (allow-db-backup) and db's ingress from the backup pods: neither is there.
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
  expect(policies.length).toBeGreaterThan(0);
  expect(policies.filter((policy) => JSON.stringify(policy).includes('db-backup')).map((policy) => policy.metadata.name)).toEqual([]);
  // The same search finds them where backups are on: it can fail.
  const prodPolicies = synthEnvironment('prod').filter((m) => m.kind === 'NetworkPolicy');
  expect(prodPolicies.filter((policy) => JSON.stringify(policy).includes('db-backup')).map((policy) => policy.metadata.name)).toContain('allow-db-backup');
});
