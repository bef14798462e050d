import { App, Chart } from 'cdk8s';
import { DatabaseRestoreJob } from '../constructs/database-restore-job';
import { ConfigError, formatProblem } from '../errors';
import { PLAIN_IDENTIFIER } from '../loader/database';
import { loadStacks } from '../loader/load-stack';
import { toManifestYaml } from '../manifest-yaml';
import type { StackModel } from '../model';

/** A refusal: one line for the user, nothing rendered. */
export class RestoreRefused extends Error {}

export interface RestoreRequest {
  readonly environment: string;
  /** A full backup file name, `<database>_<14 digits>_<family GUID, 32 hex digits>_full.bak`. */
  readonly backup: string;
  /** The database to restore into. @default `<database>_restored_<the backup's time>` */
  readonly as?: string;
  /** UTC `YYYY-MM-DDTHH:MM:SS`: recover to that moment. @default the last log backup */
  readonly stopAt?: string;
}

const USAGE = 'usage: restore --env <environment> --backup <database>_<time>_<family>_full.bak [--as <new database>] [--stop-at YYYY-MM-DDTHH:MM:SS]';
const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** Parses `--env <env> --backup <file> [--as <name>] [--stop-at <time>]`. */
export function parseRestoreArguments(args: readonly string[]): RestoreRequest {
  const values = new Map<string, string>();
  for (let index = 0; index < args.length; index++) {
    const option = args[index];
    if (!['--env', '--backup', '--as', '--stop-at'].includes(option)) throw new RestoreRefused(`unexpected argument "${option}"; ${USAGE}`);
    const value = args[++index];
    if (value === undefined || value.startsWith('--')) throw new RestoreRefused(`${option} needs a value; ${USAGE}`);
    values.set(option, value);
  }
  const environment = values.get('--env');
  const backup = values.get('--backup');
  if (environment === undefined || backup === undefined) throw new RestoreRefused(USAGE);
  return { environment, backup, as: values.get('--as'), stopAt: values.get('--stop-at') };
}

/**
 * The restore Job for one environment, as YAML for `kubectl apply -f`. Refuses, with the reason, an
 * environment without backups, a file that is not a full backup of its database, a target that is not a
 * new plain database name, and a stop time that is not a UTC time after the backup.
 */
export function renderRestoreJob(projectRoot: string, request: RestoreRequest): string {
  let stack: StackModel;
  try {
    stack = loadStacks(projectRoot, [request.environment]).models[0];
  } catch (error) {
    if (error instanceof ConfigError) throw new RestoreRefused(error.problems.map(formatProblem).join('\n'));
    throw error;
  }
  const database = stack.database;
  if (!database?.backup) throw new RestoreRefused(`${request.environment} takes no database backups (database.backup in environments/${request.environment}.yaml): there is nothing to restore`);
  const match = new RegExp(`^${database.name}_(\\d{14})_[0-9a-f]{32}_full\\.bak$`).exec(request.backup);
  if (!match) throw new RestoreRefused(`"${request.backup}" is not a full backup of ${database.name}: name a file ${database.name}_<UTC time, 14 digits>_<family>_full.bak of ${database.backup.path}`);
  const backupTime = match[1];
  const target = request.as ?? `${database.name}_restored_${backupTime}`;
  if (!PLAIN_IDENTIFIER.test(target)) throw new RestoreRefused(`--as "${target}" is not a plain database name (letters, digits and "_", not starting with a digit)`);
  if (target.toLowerCase() === database.name.toLowerCase()) {
    throw new RestoreRefused(`--as ${target} is the running database: restore into a new name, check it, then switch (README: "Restoring the database")`);
  }
  if (request.stopAt !== undefined) {
    const time = UTC_TIME.exec(request.stopAt);
    // A round trip, since Date.parse rolls 2026-02-31 over into March rather than refusing it.
    const parsed = new Date(`${request.stopAt}Z`);
    if (!time || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 19) !== request.stopAt) throw new RestoreRefused(`--stop-at "${request.stopAt}" is not a UTC time YYYY-MM-DDTHH:MM:SS`);
    if (time.slice(1).join('') < backupTime) throw new RestoreRefused(`--stop-at ${request.stopAt} is before the backup ${request.backup} was taken: choose an earlier full backup`);
  }
  const databaseService = stack.services.find((service) => service.name === database.service)!;
  const chart = new Chart(new App(), 'restore', { namespace: stack.environment.namespace, disableResourceNameHashes: true });
  new DatabaseRestoreJob(chart, 'restore', {
    context: { project: stack.project, environment: stack.environment.name },
    database,
    databaseService,
    secretName: stack.secret.name,
    backupFile: request.backup,
    targetDatabase: target,
    stopAt: request.stopAt,
  });
  return toManifestYaml(chart.toJson());
}
