import { loadAll } from 'js-yaml';
import { formatViolation, runPolicies } from '../../lib/policies';
import { parseRestoreArguments, renderRestoreJob, RestoreRefused } from '../../lib/restore/restore-job';
import { kubernetesSchemaProblems } from '../support/kubernetes-schema';
import { allowed, OUTSIDE, podsOf } from '../support/network-policy';
import { loadEnvironment, PROJECT_ROOT, runTypeScript, synthEnvironment, type Manifest } from '../support/project';

const BACKUP = 'TramitesMigratorios_20261201010000_6f1e2d3c4b5a69788796a5b4c3d2e1f0_full.bak';
const render = (args: string[]) => loadAll(renderRestoreJob(PROJECT_ROOT, parseRestoreArguments(args))) as Manifest[];
const environmentOf = (job: Manifest) =>
  Object.fromEntries(job.spec.template.spec.containers[0].env.map((variable: any) => [variable.name, variable.value ?? variable.valueFrom]));

describe('npm run restore', () => {
  const [job] = render(['--env', 'prod', '--backup', BACKUP]);

  test('renders one Job in the environment\'s namespace that runs restore.sh for the chosen backup into a new database', () => {
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'db-restore', namespace: 'tramites-prod' } });
    expect(job.spec.template.spec.containers[0].command).toEqual(['/bin/sh', '/opt/backup/restore.sh']);
    expect(environmentOf(job)).toMatchObject({
      DATABASE: 'TramitesMigratorios',
      BACKUP_FILE: BACKUP,
      TARGET_DATABASE: 'TramitesMigratorios_restored_20261201010000',
      DATA_DIRECTORY: '/var/opt/mssql/data',
      BACKUP_DIRECTORY: '/var/opt/mssql/backup',
      SQLCMDPASSWORD: { secretKeyRef: { name: 'tramites-secrets', key: 'DB_PASSWORD' } },
    });
    expect(environmentOf(job).STOP_AT).toBeUndefined();
    // Never retried (a retry would only fail on the half-restored database), bounded, kept a week for its log.
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 21600, ttlSecondsAfterFinished: 604800 });
  });

  test('takes another name and a point in time', () => {
    const [named] = render(['--env', 'staging', '--backup', BACKUP, '--as', 'Tramites_before_drop', '--stop-at', '2026-12-01T14:02:00']);
    expect(named.metadata.namespace).toBe('tramites-staging');
    expect(environmentOf(named)).toMatchObject({ TARGET_DATABASE: 'Tramites_before_drop', STOP_AT: '2026-12-01T14:02:00' });
  });

  test('is a valid Job for Kubernetes 1.27 and 1.34, and passes the policy suite beside the environment', () => {
    expect(kubernetesSchemaProblems(job, '1.27')).toEqual([]);
    expect(kubernetesSchemaProblems(job, '1.34')).toEqual([]);
    const stack = loadEnvironment('prod');
    expect(runPolicies('prod', [...synthEnvironment('prod'), job], stack.securityExceptions).map(formatViolation)).toEqual([]);
  });

  test('reaches db on its port through the rendered NetworkPolicies, and nothing else', () => {
    const manifests = synthEnvironment('prod');
    const policies = manifests.filter((m) => m.kind === 'NetworkPolicy');
    const [restore] = podsOf([job]);
    const open = podsOf(manifests).flatMap((server) => server.ports.filter((port) => allowed(policies, restore, server, port)).map((port) => `${server.workload}:${port}`));
    expect(open).toEqual(['StatefulSet/db:1433']);
    expect(podsOf(manifests).some((server) => server.ports.some((port) => allowed(policies, OUTSIDE, restore, port) || allowed(policies, server, restore, port)))).toBe(false);
  });

  test('mounts the backup claim and the scripts, on the db pod\'s node, as the backups do', () => {
    const full = synthEnvironment('prod').find((m) => m.kind === 'CronJob' && m.metadata.name === 'db-backup-full')!;
    const backupPod = full.spec.jobTemplate.spec.template.spec;
    expect(job.spec.template.spec.volumes).toEqual(backupPod.volumes);
    expect(job.spec.template.spec.affinity).toEqual(backupPod.affinity);
    expect(job.spec.template.spec.serviceAccountName).toBe('db-backup');
  });

  test.each([
    ['an environment without backups', ['--env', 'dev', '--backup', BACKUP], 'dev takes no database backups'],
    ['an unknown environment', ['--env', 'qa', '--backup', BACKUP], 'unknown environment "qa"'],
    ['a file that is not a full backup', ['--env', 'prod', '--backup', 'TramitesMigratorios_20261201011500_6f1e2d3c4b5a69788796a5b4c3d2e1f0_log.trn'], 'is not a full backup of TramitesMigratorios'],
    ['a file name without the family of the database', ['--env', 'prod', '--backup', 'TramitesMigratorios_20261201010000_full.bak'], 'is not a full backup of TramitesMigratorios'],
    ['a backup of another database', ['--env', 'prod', '--backup', 'Other_20261201010000_6f1e2d3c4b5a69788796a5b4c3d2e1f0_full.bak'], 'is not a full backup of TramitesMigratorios'],
    ['the running database as the target', ['--env', 'prod', '--backup', BACKUP, '--as', 'TramitesMigratorios'], 'is the running database'],
    ['a target that is not a plain name', ['--env', 'prod', '--backup', BACKUP, '--as', 'x]; DROP DATABASE [y'], 'is not a plain database name'],
    ['a stop time that is not a UTC time', ['--env', 'prod', '--backup', BACKUP, '--stop-at', 'yesterday'], 'is not a UTC time'],
    ['a stop time on a day that does not exist', ['--env', 'prod', '--backup', BACKUP, '--stop-at', '2026-02-31T00:00:00'], 'is not a UTC time'],
    ['a stop time at an hour that does not exist', ['--env', 'prod', '--backup', BACKUP, '--stop-at', '2026-12-01T24:30:00'], 'is not a UTC time'],
    ['a stop time before the backup', ['--env', 'prod', '--backup', BACKUP, '--stop-at', '2026-11-30T23:00:00'], 'is before the backup'],
    ['no backup named', ['--env', 'prod'], 'usage: restore'],
    ['an unknown option', ['--env', 'prod', '--backup', BACKUP, '--force', 'yes'], 'unexpected argument "--force"'],
  ])('refuses %s, naming why', (_name, args, message) => {
    expect(() => render(args)).toThrow(RestoreRefused);
    expect(() => render(args)).toThrow(message);
  });

  test('as the real command: the Job on stdout, or one line and exit 1', () => {
    const rendered = runTypeScript(PROJECT_ROOT, 'scripts/restore.ts', ['--env', 'prod', '--backup', BACKUP]);
    expect(rendered.status).toBe(0);
    expect(loadAll(rendered.stdout)).toEqual([job]);
    const refused = runTypeScript(PROJECT_ROOT, 'scripts/restore.ts', ['--env', 'dev', '--backup', BACKUP]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^restore refused: dev takes no database backups/)]);
  });
});
