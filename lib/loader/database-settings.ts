import { checkKnownKeys, describeValue, readMapping, readString, readWholeNumber, type FileReporter } from './report';

/** `database:` in stack.yaml: which service runs SQL Server, and where its name and login come from. */
export interface DatabaseStackSettings {
  /** The compose service that runs SQL Server. */
  readonly service: string;
  /** The .env variable naming the application database (the one backed up). */
  readonly databaseVariable: string;
  /** The .env variable naming the login the backup and restore pods use. */
  readonly userVariable: string;
  /** The key of the stack's Secret holding that login's password. */
  readonly passwordKey: string;
  /** The variable of the SQL Server image that selects its edition. */
  readonly editionVariable: string;
  /** Where the backup claim is mounted in the database pod (SQL Server writes its backups there). */
  readonly backupPath: string;
}

/** `database:` in an environment's settings. */
export interface DatabaseEnvironmentSettings {
  /** The SQL Server edition this environment runs (`MSSQL_PID`). */
  readonly edition: string;
  /** Absent when the environment takes no backups (`backup.enabled: false`). */
  readonly backup?: BackupSettings;
}

export interface BackupSettings {
  readonly fullSchedule: string;
  readonly logSchedule: string;
  readonly retentionDays: number;
  readonly size: string;
  /** @default the cluster's default StorageClass */
  readonly storageClass?: string;
}

/** The editions the SQL Server image accepts by name in `MSSQL_PID`. */
export const SQL_SERVER_EDITIONS = ['Evaluation', 'Developer', 'Express', 'Web', 'Standard', 'Enterprise', 'EnterpriseCore'] as const;
/** Editions whose licence covers development and test only: never in an environment marked production. */
export const NON_PRODUCTION_EDITIONS: readonly string[] = ['Evaluation', 'Developer'];
/** Editions without backup compression. */
const EDITIONS_WITHOUT_COMPRESSION: readonly string[] = ['Express', 'Web'];

/** Whether an edition can write compressed backups. */
export function supportsBackupCompression(edition: string): boolean {
  return !EDITIONS_WITHOUT_COMPRESSION.includes(edition);
}

/** Five cron fields (minute hour day month weekday), as the CronJob controller reads them, or a macro. */
const CRON_SCHEDULE = /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|([0-9A-Za-z*/,?-]+\s+){4}[0-9A-Za-z*/,?-]+)$/;
const KUBERNETES_STORAGE_SIZE = /^[1-9][0-9]*(Ki|Mi|Gi|Ti|Pi)$/;
const STORAGE_CLASS = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readDatabaseStack(report: FileReporter, value: unknown): DatabaseStackSettings | undefined {
  if (value === undefined) return undefined;
  const data = readMapping(report, ['database'], value);
  checkKnownKeys(report, ['database'], data, ['service', 'databaseVariable', 'userVariable', 'passwordKey', 'editionVariable', 'backupPath']);
  const variable = (key: string): string => {
    const name = readString(report, data, key, ['database']);
    if (name && !VARIABLE_NAME.test(name)) report.error(['database', key], `"${name}" is not a variable name`);
    return name;
  };
  const backupPath = readString(report, data, 'backupPath', ['database']);
  if (backupPath && !/^\/[^\s'"\\]*$/.test(backupPath)) report.error(['database', 'backupPath'], `"${backupPath}" is not an absolute path without spaces or quotes`);
  return {
    service: readString(report, data, 'service', ['database']),
    databaseVariable: variable('databaseVariable'),
    userVariable: variable('userVariable'),
    passwordKey: variable('passwordKey'),
    editionVariable: variable('editionVariable'),
    backupPath,
  };
}

/**
 * Reads `database:` of an environment. An environment marked production refuses an edition licensed
 * for development and test only, and refuses to run without backups.
 */
export function readDatabaseEnvironment(report: FileReporter, value: unknown, production: boolean): DatabaseEnvironmentSettings | undefined {
  if (value === undefined) return undefined;
  const data = readMapping(report, ['database'], value);
  checkKnownKeys(report, ['database'], data, ['edition', 'backup']);
  const edition = readString(report, data, 'edition', ['database']);
  if (edition && !(SQL_SERVER_EDITIONS as readonly string[]).includes(edition)) {
    report.error(['database', 'edition'], `"${edition}" is not a SQL Server edition; use one of: ${SQL_SERVER_EDITIONS.join(', ')}`);
  } else if (production && NON_PRODUCTION_EDITIONS.includes(edition)) {
    report.error(
      ['database', 'edition'],
      `"${edition}" is licensed for development and test only, and this environment is marked production (production: true): use Standard or Enterprise`,
    );
  }
  return { edition, backup: readBackup(report, data.backup, production) };
}

function readBackup(report: FileReporter, value: unknown, production: boolean): BackupSettings | undefined {
  const keys = ['database', 'backup'];
  if (value === undefined) {
    report.error(keys, 'is required: say how this environment backs up its database, or turn backups off with enabled: false');
    return undefined;
  }
  const data = readMapping(report, keys, value);
  checkKnownKeys(report, keys, data, ['enabled', 'fullSchedule', 'logSchedule', 'retentionDays', 'size', 'storageClass']);
  if (typeof data.enabled !== 'boolean') {
    report.error([...keys, 'enabled'], 'must be true or false');
    return undefined;
  }
  if (!data.enabled) {
    if (production) report.error([...keys, 'enabled'], 'this environment is marked production (production: true): its database must be backed up');
    return undefined;
  }
  const schedule = (key: string): string => {
    const text = readString(report, data, key, keys);
    if (text && !CRON_SCHEDULE.test(text.trim())) report.error([...keys, key], `"${text}" is not a cron schedule (five fields, e.g. "0 1 * * *")`);
    return text.trim();
  };
  const fullSchedule = schedule('fullSchedule');
  const logSchedule = schedule('logSchedule');
  const retentionDays = readWholeNumber(data.retentionDays, 1, 3650);
  if (retentionDays === undefined) report.error([...keys, 'retentionDays'], `${describeValue(data.retentionDays ?? '')} is not a number of days (1 to 3650)`);
  const size = typeof data.size === 'string' ? data.size : '';
  if (!KUBERNETES_STORAGE_SIZE.test(size)) report.error([...keys, 'size'], `${data.size === undefined ? 'nothing' : describeValue(data.size)} is not a storage size; use e.g. 100Gi`);
  const storageClass = data.storageClass === undefined ? undefined : String(data.storageClass);
  if (storageClass !== undefined && (typeof data.storageClass !== 'string' || !STORAGE_CLASS.test(storageClass))) {
    report.error([...keys, 'storageClass'], `${describeValue(data.storageClass)} is not a valid storage class name`);
  }
  return { fullSchedule, logSchedule, retentionDays: retentionDays ?? 1, size, storageClass };
}
