import type { DatabaseModel, ServiceModel } from '../model';
import { NON_PRODUCTION_EDITIONS, supportsBackupCompression } from './database-settings';
import type { FileReporter } from './report';
import type { EnvironmentSettings, StackSettings } from './settings';

/** A database name SQL Server, a file name and a shell word all take as it is: no quoting to get wrong. */
export const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/** The name of a database service's backups: their CronJobs' and the standalone claim that holds them. */
export function backupName(service: string): string {
  return `${service}-backup`;
}

/**
 * The database of one environment, and the services with what it changes on the SQL Server service:
 * the edition variable set from the environment's settings (the compose value is the local
 * docker-compose default), and the backup claim mounted where SQL Server writes its backups.
 */
export function toDatabase(
  stack: StackSettings,
  environment: EnvironmentSettings,
  services: readonly ServiceModel[],
  variables: ReadonlyMap<string, string>,
  volumeNames: readonly string[],
): { readonly database?: DatabaseModel; readonly services: readonly ServiceModel[] } {
  const settings = stack.database;
  const chosen = environment.database;
  if (!settings || !chosen) return { services };
  const problem = (key: string, message: string) => stack.report.error(['database', key], message);
  const service = services.find((candidate) => candidate.name === settings.service);
  if (!service) {
    problem('service', `there is no compose service "${settings.service}"`);
    return { services };
  }
  if (service.ports.length === 0) problem('service', `service "${settings.service}" needs a port: the backup pods connect to it`);

  const valueOf = (key: 'databaseVariable' | 'userVariable'): string => {
    const value = variables.get(settings[key]);
    if (value === undefined || value === '') problem(key, `${settings[key]} has no value in the .env file or the environment's variables`);
    return value ?? '';
  };
  const name = valueOf('databaseVariable');
  if (name && !PLAIN_IDENTIFIER.test(name)) {
    problem('databaseVariable', `${settings.databaseVariable} is "${name}": backups need a plain database name (letters, digits and "_", not starting with a digit)`);
  }
  const user = valueOf('userVariable');
  if (!stack.secret.keys.includes(settings.passwordKey)) {
    problem('passwordKey', `"${settings.passwordKey}" is not a key of the Secret ${stack.secret.name} (secret.keys)`);
  }

  const claim = backupName(service.name);
  if (chosen.backup && volumeNames.includes(claim)) {
    problem('service', `the backup claim "${claim}" would have the name of the compose volume "${claim}": rename the volume`);
  }
  const backup = chosen.backup && {
    name: claim,
    claim: { name: claim, size: chosen.backup.size, storageClass: chosen.backup.storageClass },
    path: settings.backupPath,
    fullSchedule: chosen.backup.fullSchedule,
    logSchedule: chosen.backup.logSchedule,
    retentionDays: chosen.backup.retentionDays,
    compression: supportsBackupCompression(chosen.edition),
  };

  // In place when compose sets it, so the variables keep their compose order.
  const edition = { name: settings.editionVariable, value: chosen.edition };
  const hasEdition = service.environment.some((variable) => variable.name === edition.name);
  const withDatabase: ServiceModel = {
    ...service,
    environment: hasEdition
      ? service.environment.map((variable) => (variable.name === edition.name ? edition : variable))
      : [...service.environment, edition],
    mounts: backup ? [...service.mounts, { kind: 'claim', claim, path: backup.path }] : service.mounts,
  };
  return {
    database: { service: service.name, name, user, passwordSecretKey: settings.passwordKey, edition: chosen.edition, backup },
    services: services.map((candidate) => (candidate === service ? withDatabase : candidate)),
  };
}

/** The variable of the SQL Server image that selects its edition, when stack.yaml names none. */
const DEFAULT_EDITION_VARIABLE = 'MSSQL_PID';

/**
 * An environment marked production runs no edition licensed for development and test only, wherever
 * the edition is set: `database.edition` is checked where it is read; this checks every other place a
 * SQL Server container gets it, a compose service's `environment` or, for a service that reads the
 * whole `.env` (`env_file`), the `.env` itself. Without a `database:` block in stack.yaml the compose
 * value is the one that runs.
 */
export function refuseUnlicensedEditions(
  stack: StackSettings,
  environment: EnvironmentSettings,
  database: DatabaseModel | undefined,
  services: readonly ServiceModel[],
  variables: ReadonlyMap<string, string>,
  reportFor: (service: string) => FileReporter,
): void {
  // A database block that did not give a model has been reported already.
  if (!environment.production || (stack.database && !database)) return;
  const variable = stack.database?.editionVariable ?? DEFAULT_EDITION_VARIABLE;
  const refusal = (edition: string) =>
    `${variable} is "${edition}", licensed for development and test only, and environment ${environment.name} is marked production (production: true): ` +
    'use Standard or Enterprise' + (stack.database ? '' : ' (or name the database in stack.yaml, database:, and its edition per environment)');
  for (const service of services) {
    // The database service's value is database.edition, already checked where it is read.
    if (service.name === database?.service) continue;
    const set = service.environment.find((candidate) => candidate.name === variable);
    if (set && 'value' in set && NON_PRODUCTION_EDITIONS.includes(set.value)) {
      reportFor(service.name).error(['environment', variable], refusal(set.value));
    } else if (!set && service.readsEnvFile && NON_PRODUCTION_EDITIONS.includes(variables.get(variable) ?? '')) {
      reportFor(service.name).error(['env_file'], `reads the .env, where ${refusal(variables.get(variable)!)}`);
    }
  }
}
