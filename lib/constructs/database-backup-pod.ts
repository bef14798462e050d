import * as k8s from '../k8s';
import type { DatabaseModel, ServiceModel } from '../model';
import { objectLabels, selectorLabels, type LabelContext } from './labels';
import { databaseBackupScriptsName } from './names';
import { podSecurityContext } from './pod-template';

/** Where the backup and restore pods mount the scripts ConfigMap. */
export const SCRIPTS_PATH = '/opt/backup';

/** What the backup and restore pods need to know, shared by the CronJobs and the restore Job. */
export interface BackupPodOptions {
  readonly context: LabelContext;
  /** The database, with its backups. */
  readonly database: DatabaseModel;
  /** The SQL Server service: its image (which ships sqlcmd), its user and group, its Service port. */
  readonly databaseService: ServiceModel;
  /** The Secret holding the database password. */
  readonly secretName: string;
  /** Labels of the pods; they must include the backup pods' selector labels (the network path to the database). */
  readonly labels: Record<string, string>;
  /** The script and its arguments. */
  readonly command: readonly string[];
  /** Variables for the script beyond the connection and the backup directory. @default none */
  readonly environment?: readonly k8s.EnvVar[];
  /** sqlcmd in the SQL Server image (2019 CU28 and later). @default /opt/mssql-tools18/bin/sqlcmd */
  readonly sqlcmdPath?: string;
  /** CPU and memory of the pod: sqlcmd only sends statements, SQL Server does the work. @default requests 50m/64Mi, limits 500m/256Mi */
  readonly resources?: { readonly requests: { readonly cpu: string; readonly memory: string }; readonly limits: { readonly cpu: string; readonly memory: string } };
}

/**
 * The pod of a backup or restore run: the SQL Server image's sqlcmd connects to the database's Service
 * and sends the statements; SQL Server reads and writes the backup files on its own filesystem. The pod
 * mounts the same backup claim, for the retention and for listing the files: a ReadWriteOnce volume
 * can be mounted by several pods of one node, so the pod is scheduled on the database pod's node. The
 * restricted profile applies as everywhere, with a read-only root.
 */
export function backupPodTemplate(options: BackupPodOptions): k8s.PodTemplateSpec {
  const { database, databaseService, context } = options;
  const backup = database.backup;
  if (!backup) throw new Error(`database "${database.name}" has no backups: the backup pods have nothing to mount`);
  const { security } = databaseService;
  const quantity = k8s.Quantity.fromString;
  const resources = options.resources ?? { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
  const port = databaseService.ports[0];
  const environment: k8s.EnvVar[] = [
    { name: 'DATABASE', value: database.name },
    { name: 'DB_HOST', value: databaseService.name },
    { name: 'DB_PORT', value: String(port?.servicePort ?? '') },
    { name: 'DB_USER', value: database.user },
    // sqlcmd reads the password from this variable: it is never on a command line.
    { name: 'SQLCMDPASSWORD', valueFrom: { secretKeyRef: { name: options.secretName, key: database.passwordSecretKey } } },
    { name: 'SQLCMD', value: options.sqlcmdPath ?? '/opt/mssql-tools18/bin/sqlcmd' },
    { name: 'BACKUP_DIRECTORY', value: backup.path },
    // The root is read-only; anything that writes to the home directory writes to the scratch volume.
    { name: 'HOME', value: '/tmp' },
    ...(options.environment ?? []),
  ];
  return {
    metadata: { labels: options.labels },
    spec: {
      serviceAccountName: backup.name,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      restartPolicy: 'Never',
      // The database's tier: a backup that cannot run is data at risk.
      priorityClassName: databaseService.priorityClassName,
      // SQL Server's own user: the backup files it writes are this user's, so the retention can remove them.
      securityContext: podSecurityContext(security),
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: selectorLabels(context, databaseService.name) }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
      containers: [
        {
          name: 'sqlcmd',
          image: databaseService.image,
          imagePullPolicy: databaseService.imagePullPolicy,
          command: [...options.command],
          env: environment,
          resources: {
            requests: {
              'cpu': quantity(resources.requests.cpu),
              'memory': quantity(resources.requests.memory),
              'ephemeral-storage': quantity(databaseService.resources.requests.ephemeralStorage),
            },
            limits: {
              'cpu': quantity(resources.limits.cpu),
              'memory': quantity(resources.limits.memory),
              'ephemeral-storage': quantity(databaseService.resources.limits.ephemeralStorage),
            },
          },
          securityContext: { privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
          volumeMounts: [
            { name: 'backup', mountPath: backup.path },
            { name: 'scripts', mountPath: SCRIPTS_PATH, readOnly: true },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: 'backup', persistentVolumeClaim: { claimName: backup.claim.name } },
        { name: 'scripts', configMap: { name: databaseBackupScriptsName(backup.name) } },
        { name: 'tmp', emptyDir: {} },
      ],
    },
  };
}

/** The labels of a backup or restore pod: the backup pods' selector (`BackupModel.name`, one network path), and its own component. */
export function backupPodLabels(context: LabelContext, backupName: string, component: string): Record<string, string> {
  return { ...objectLabels(context, backupName), 'app.kubernetes.io/component': component };
}
