import { KubeJob } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { DatabaseModel, ServiceModel } from '../model';
import { backupPodLabels, backupPodTemplate, SCRIPTS_PATH } from './database-backup-pod';
import type { LabelContext } from './labels';

export interface DatabaseRestoreJobProps {
  readonly context: LabelContext;
  /** The database, with its backups. */
  readonly database: DatabaseModel;
  /** The SQL Server service (image, user, Service port). */
  readonly databaseService: ServiceModel;
  /** The Secret holding the database password. */
  readonly secretName: string;
  /** The full backup to restore: a file name in the backup directory. */
  readonly backupFile: string;
  /** The new database to restore into; the running one is never touched. */
  readonly targetDatabase: string;
  /** Recover to this UTC moment (`YYYY-MM-DDTHH:MM:SS`) instead of the last log backup. @default the last log backup */
  readonly stopAt?: string;
  /** Where the restored database's files go, on the database's data volume. @default /var/opt/mssql/data */
  readonly dataDirectory?: string;
  /** A restore of a large database takes hours; one that hangs must still end. @default 6 hours */
  readonly activeDeadlineSeconds?: number;
}

/**
 * A one-off restore (README: "Restoring the database"): `restore.sh` of the backup ConfigMap, in the
 * same pod as the backups (so the same network path to the database and the same backup claim),
 * restoring a chosen full backup and the log backups after it into a new database and checking it.
 * It is rendered on demand by `npm run restore` and applied with kubectl, never kept in git: a sync must
 * not run a restore.
 */
export class DatabaseRestoreJob extends Construct {
  readonly kubeJob: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: DatabaseRestoreJobProps) {
    super(scope, id);
    const { context, database, databaseService } = props;
    if (!database.backup) throw new Error(`database "${database.name}" has no backups (database.backup): there is nothing to restore from`);
    const labels = backupPodLabels(context, database.backup.name, `${databaseService.name}-restore`);
    const environment: k8s.EnvVar[] = [
      { name: 'BACKUP_FILE', value: props.backupFile },
      { name: 'TARGET_DATABASE', value: props.targetDatabase },
      { name: 'DATA_DIRECTORY', value: props.dataDirectory ?? '/var/opt/mssql/data' },
      ...(props.stopAt ? [{ name: 'STOP_AT', value: props.stopAt }] : []),
    ];
    this.kubeJob = new KubeJob(this, 'job', {
      metadata: {
        name: `${databaseService.name}-restore`,
        labels,
        // Applied by hand, not from git: Argo CD must neither count it as drift nor prune it.
        annotations: { 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous', 'argocd.argoproj.io/sync-options': 'Prune=false' },
      },
      spec: {
        // A failed restore leaves a half-restored database to look at and drop; a retry would only fail on it.
        backoffLimit: 0,
        activeDeadlineSeconds: props.activeDeadlineSeconds ?? 6 * 3600,
        // Its log is the record of what was restored: kept a week.
        ttlSecondsAfterFinished: 7 * 86400,
        template: backupPodTemplate({
          context,
          database,
          databaseService,
          secretName: props.secretName,
          labels,
          command: ['/bin/sh', `${SCRIPTS_PATH}/restore.sh`],
          environment,
        }),
      },
    });
  }
}
