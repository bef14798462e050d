import { Testing } from 'cdk8s';
import { DatabaseBackup } from '../../lib/constructs/database-backup';
import { DatabaseRestoreJob } from '../../lib/constructs/database-restore-job';
import type { DatabaseModel } from '../../lib/model';
import { kubernetesSchemaProblems } from '../support/kubernetes-schema';
import { CONTEXT, only, rendered, serviceModel } from '../support/model-builder';

const sqlServer = serviceModel('sql', {
  image: 'mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04',
  ports: [{ name: 'mssql', containerPort: 1433, servicePort: 1433, protocol: 'TCP' }],
  security: { user: 10001, group: 10001, writablePaths: ['/tmp'], readOnlyRootFilesystem: false, addCapabilities: ['NET_BIND_SERVICE'] },
});
const database: DatabaseModel = {
  service: 'sql',
  name: 'Orders',
  user: 'sa',
  passwordSecretKey: 'sa-password',
  edition: 'Standard',
  backup: {
    name: 'sql-backup',
    claim: { name: 'sql-backup', size: '50Gi' },
    path: '/var/opt/mssql/backup',
    fullSchedule: '0 3 * * *',
    logSchedule: '*/30 * * * *',
    retentionDays: 7,
    compression: true,
  },
};

describe('DatabaseBackup', () => {
  const chart = Testing.chart();
  new DatabaseBackup(chart, 'backup', { context: CONTEXT, database, databaseService: sqlServer, secretName: 'orders-secrets' });
  const objects = rendered(chart);

  test('makes its claim, ServiceAccount, scripts and the two CronJobs, named after the backup tooling, all valid', () => {
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'PersistentVolumeClaim/sql-backup',
      'ServiceAccount/sql-backup',
      'ConfigMap/sql-backup-scripts',
      'CronJob/sql-backup-full',
      'CronJob/sql-backup-log',
    ]);
    for (const object of objects) expect(kubernetesSchemaProblems(object, '1.34')).toEqual([]);
  });

  test("its pods run as its own ServiceAccount, mount its claim and scripts, and carry the tooling's name for the network path", () => {
    const cronJob = only(objects, 'CronJob', 'sql-backup-full');
    const pod = cronJob.spec.jobTemplate.spec.template;
    expect(pod.spec.serviceAccountName).toBe('sql-backup');
    expect(pod.metadata.labels['app.kubernetes.io/name']).toBe('sql-backup');
    expect(pod.spec.volumes).toEqual([
      { name: 'backup', persistentVolumeClaim: { claimName: 'sql-backup' } },
      { name: 'scripts', configMap: { name: 'sql-backup-scripts' } },
      { name: 'tmp', emptyDir: {} },
    ]);
    expect(cronJob.spec).toMatchObject({ schedule: '0 3 * * *', startingDeadlineSeconds: 3600 });
    expect(only(objects, 'CronJob', 'sql-backup-log').spec.jobTemplate.spec).toMatchObject({ activeDeadlineSeconds: 600, backoffLimit: 1 });
  });

  test('the run limits and history are props', () => {
    const chart = Testing.chart();
    new DatabaseBackup(chart, 'backup', {
      context: CONTEXT,
      database,
      databaseService: sqlServer,
      secretName: 'orders-secrets',
      logRun: { startingDeadlineSeconds: 120, activeDeadlineSeconds: 900, backoffLimit: 0 },
      historyLimits: { successful: 1, failed: 5 },
    });
    expect(only(rendered(chart), 'CronJob', 'sql-backup-log').spec).toMatchObject({ startingDeadlineSeconds: 120, successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 5 });
  });

  test('a restore Job runs in the same pod as the backups; a database without backups has nothing to back up or restore', () => {
    const chart = Testing.chart();
    new DatabaseRestoreJob(chart, 'restore', { context: CONTEXT, database, databaseService: sqlServer, secretName: 'orders-secrets', backupFile: 'a_full.bak', targetDatabase: 'Orders_restored' });
    const pod = only(rendered(chart), 'Job', 'sql-restore').spec.template;
    expect(pod.spec.serviceAccountName).toBe('sql-backup');
    expect(pod.metadata.labels['app.kubernetes.io/name']).toBe('sql-backup');
    const without = { ...database, backup: undefined };
    expect(() => new DatabaseBackup(Testing.chart(), 'backup', { context: CONTEXT, database: without, databaseService: sqlServer, secretName: 's' })).toThrow('has no backups');
    expect(() => new DatabaseRestoreJob(Testing.chart(), 'restore', { context: CONTEXT, database: without, databaseService: sqlServer, secretName: 's', backupFile: 'a', targetDatabase: 'b' })).toThrow('nothing to restore from');
  });
});
