import { KubeConfigMap, KubeCronJob, KubePersistentVolumeClaim, KubeServiceAccount } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { DatabaseModel, ServiceModel } from '../model';
import { KEEP_WITH_DATA } from './argocd-annotations';
import { backupPodLabels, backupPodTemplate, SCRIPTS_PATH } from './database-backup-pod';
import { BACKUP_SCRIPT, RESTORE_SCRIPT } from './database-backup-scripts';
import type { LabelContext } from './labels';
import { objectLabels } from './labels';
import { databaseBackupScriptsName } from './names';

/** How one kind of backup runs: how late it may start, how long it may take, how often it is retried. */
export interface BackupRunLimits {
  /** A run that could not start within this many seconds of its time is skipped (and counts as missed). */
  readonly startingDeadlineSeconds: number;
  /** A run still going after this many seconds is stopped and fails. */
  readonly activeDeadlineSeconds: number;
  /** Retries of a failed run, each a new backup file. */
  readonly backoffLimit: number;
}

export interface DatabaseBackupProps {
  readonly context: LabelContext;
  /** The database; it must have backups (`database.backup`). */
  readonly database: DatabaseModel;
  /** The SQL Server service (image, user, Service port). */
  readonly databaseService: ServiceModel;
  /** The Secret holding the database password. */
  readonly secretName: string;
  /** Limits of the full backups: 100 GiB at a modest 50 MiB/s is 35 minutes, verifying it as long again. @default start within 1 h, finish within 4 h, 1 retry */
  readonly fullRun?: BackupRunLimits;
  /** Limits of the log backups, which must end before the next one is due. @default start within 5 min, finish within 10 min, 1 retry */
  readonly logRun?: BackupRunLimits;
  /** Finished Jobs kept per CronJob, for their logs and for Argo CD's health. @default 3 succeeded, 3 failed */
  readonly historyLimits?: { readonly successful: number; readonly failed: number };
}

/**
 * Backups of a SQL Server database with its own tools (README: "Backups"): the claim they are written
 * to (retained like every claim), the scripts, a ServiceAccount of their own, and two CronJobs, full
 * backups and transaction log backups, each run verified and followed by the retention. The claim is
 * mounted on the database pod by its pod template (the model's `claim` mount), never as a claim
 * template: those cannot change on a live StatefulSet.
 */
export class DatabaseBackup extends Construct {
  readonly claim: k8s.KubePersistentVolumeClaim;
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly scripts: k8s.KubeConfigMap;
  readonly fullBackups: k8s.KubeCronJob;
  readonly logBackups: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: DatabaseBackupProps) {
    super(scope, id);
    const { context, database, databaseService } = props;
    const backup = database.backup;
    if (!backup) throw new Error(`database "${database.name}" has no backups (database.backup): there is nothing to schedule`);
    const { name } = backup;
    const labels = objectLabels(context, name);

    this.claim = new KubePersistentVolumeClaim(this, 'claim', {
      metadata: { name: backup.claim.name, labels, annotations: { ...KEEP_WITH_DATA } },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: backup.claim.storageClass,
        resources: { requests: { storage: k8s.Quantity.fromString(backup.claim.size) } },
      },
    });
    this.serviceAccount = new KubeServiceAccount(this, 'service-account', {
      metadata: { name, labels },
      automountServiceAccountToken: false,
    });
    this.scripts = new KubeConfigMap(this, 'scripts', {
      metadata: { name: databaseBackupScriptsName(name), labels },
      data: { 'backup.sh': BACKUP_SCRIPT, 'restore.sh': RESTORE_SCRIPT },
    });

    const history = props.historyLimits ?? { successful: 3, failed: 3 };
    const cronJob = (kind: 'full' | 'log', schedule: string, limits: BackupRunLimits) => {
      const component = `${name}-${kind}`;
      const podLabels = backupPodLabels(context, name, component);
      return new KubeCronJob(this, kind, {
        metadata: { name: component, labels: podLabels },
        spec: {
          schedule,
          timeZone: 'Etc/UTC',
          // Two runs of one kind at once would race on the same files; a late run waits, a missed one is skipped.
          concurrencyPolicy: 'Forbid',
          startingDeadlineSeconds: limits.startingDeadlineSeconds,
          successfulJobsHistoryLimit: history.successful,
          failedJobsHistoryLimit: history.failed,
          jobTemplate: {
            metadata: { labels: podLabels },
            spec: {
              backoffLimit: limits.backoffLimit,
              activeDeadlineSeconds: limits.activeDeadlineSeconds,
              template: backupPodTemplate({
                context,
                database,
                databaseService,
                secretName: props.secretName,
                labels: podLabels,
                command: ['/bin/sh', `${SCRIPTS_PATH}/backup.sh`, kind],
                environment: [
                  { name: 'RETENTION_DAYS', value: String(backup.retentionDays) },
                  { name: 'COMPRESSION', value: String(backup.compression) },
                ],
              }),
            },
          },
        },
      });
    };
    this.fullBackups = cronJob('full', backup.fullSchedule, props.fullRun ?? { startingDeadlineSeconds: 3600, activeDeadlineSeconds: 14400, backoffLimit: 1 });
    this.logBackups = cronJob('log', backup.logSchedule, props.logRun ?? { startingDeadlineSeconds: 300, activeDeadlineSeconds: 600, backoffLimit: 1 });
  }
}
