import { ConfigError, formatProblem } from '../../lib/errors';
import { loadStacks } from '../../lib/loader/load-stack';
import { copyProject, loadEnvironment } from '../support/project';

/** The one-line problems a project copy with `edits` gives, for one environment. */
function problemsAfter(environment: string, edit: Parameters<typeof copyProject>[0]): string[] {
  try {
    loadStacks(copyProject(edit), [environment]);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

describe('the database model', () => {
  test('names the application database and login of the .env, the password key of the Secret, and each environment\'s edition', () => {
    const prod = loadEnvironment('prod').database!;
    expect(prod).toMatchObject({ service: 'db', name: 'TramitesMigratorios', user: 'sa', passwordSecretKey: 'DB_PASSWORD', edition: 'Standard' });
    expect(prod.backup).toEqual({
      name: 'db-backup',
      claim: { name: 'db-backup', size: '400Gi', storageClass: 'premium-rwo' },
      path: '/var/opt/mssql/backup',
      fullSchedule: '0 1 * * *',
      logSchedule: '*/15 * * * *',
      retentionDays: 14,
      compression: true,
    });
    expect(loadEnvironment('dev').database).toMatchObject({ edition: 'Developer', backup: undefined });
  });

  test('follows DB_NAME: a database renamed in the .env is the one backed up', () => {
    const root = copyProject((replace) => replace('compose/.env', 'DB_NAME=TramitesMigratorios', 'DB_NAME=Tramites2'));
    expect(loadEnvironment('prod', root).database!.name).toBe('Tramites2');
  });

  test('writes no compressed backups with an edition that has none (Express)', () => {
    const root = copyProject((replace) => replace('environments/staging.yaml', 'edition: Developer', 'edition: Express'));
    expect(loadEnvironment('staging', root).database!.backup!.compression).toBe(false);
  });
});

describe('the database settings refuse', () => {
  test.each(['Developer', 'Evaluation'])('%s in an environment marked production, naming the file and the field', (edition) => {
    expect(problemsAfter('prod', (replace) => replace('environments/prod.yaml', 'edition: Standard', `edition: ${edition}`))).toEqual([
      expect.stringMatching(
        new RegExp(`^environments/prod\\.yaml:\\d+: field "database\\.edition": "${edition}" is licensed for development and test only, and this environment is marked production \\(production: true\\): use Standard or Enterprise$`),
      ),
    ]);
  });

  // Without database: in stack.yaml, the environments' database: blocks are not read, and the compose
  // file's MSSQL_PID is what runs.
  const withoutDatabaseSettings = (replace: (file: string, from: string | RegExp, to: string) => void) =>
    ['stack', 'dev', 'staging', 'prod'].forEach((file) => replace(`environments/${file}.yaml`, /^database:\n(  .*\n)+/m, ''));

  test('the compose file\'s Developer in an environment marked production when stack.yaml names no database, naming the file, the service and the field', () => {
    expect(problemsAfter('prod', withoutDatabaseSettings)).toEqual([
      expect.stringMatching(/^compose\/docker-compose\.yml:\d+: service "db": field "environment\.MSSQL_PID": MSSQL_PID is "Developer", licensed for development and test only, and environment prod is marked production/),
    ]);
    expect(problemsAfter('staging', withoutDatabaseSettings)).toEqual([]);
  });

  test('the compose file\'s Evaluation, and a production edition passes', () => {
    const evaluation = (replace: (file: string, from: string | RegExp, to: string) => void) => {
      withoutDatabaseSettings(replace);
      replace('compose/docker-compose.yml', 'MSSQL_PID: "Developer"', 'MSSQL_PID: "Evaluation"');
    };
    expect(problemsAfter('prod', evaluation)).toEqual([expect.stringContaining('MSSQL_PID is "Evaluation", licensed for development and test only')]);
    expect(problemsAfter('prod', (replace) => { withoutDatabaseSettings(replace); replace('compose/docker-compose.yml', 'MSSQL_PID: "Developer"', 'MSSQL_PID: "Standard"'); })).toEqual([]);
  });

  test('Developer in the .env, for a service that reads the whole .env', () => {
    expect(problemsAfter('prod', (replace) => replace('compose/.env', /^DB_NAME=/m, 'MSSQL_PID=Developer\nDB_NAME='))).toEqual([
      expect.stringMatching(/^compose\/docker-compose\.yml:\d+: service "backend": field "env_file": reads the \.env, where MSSQL_PID is "Developer", licensed for development and test only/),
    ]);
  });

  test('Developer only where production is marked: the same edition passes in staging', () => {
    expect(problemsAfter('staging', () => undefined)).toEqual([]);
  });

  test('turning backups off in production', () => {
    expect(problemsAfter('prod', (replace) => replace('environments/prod.yaml', 'backup: { enabled: true,', 'backup: { enabled: false,'))).toEqual([
      expect.stringMatching(/^environments\/prod\.yaml:\d+: field "database\.backup\.enabled": this environment is marked production \(production: true\): its database must be backed up$/),
    ]);
  });

  test('an edition SQL Server does not know', () => {
    expect(problemsAfter('dev', (replace) => replace('environments/dev.yaml', 'edition: Developer', 'edition: Premium'))).toEqual([
      expect.stringMatching(/^environments\/dev\.yaml:\d+: field "database\.edition": "Premium" is not a SQL Server edition; use one of: Evaluation, Developer, Express, Web, Standard, Enterprise, EnterpriseCore$/),
    ]);
  });

  test('a bad schedule, retention, size and storage class, all in one run', () => {
    const problems = problemsAfter('staging', (replace) =>
      replace(
        'environments/staging.yaml',
        'backup: { enabled: true, fullSchedule: "0 2 * * *", logSchedule: "*/15 * * * *", retentionDays: 3, size: 40Gi, storageClass: premium-rwo }',
        'backup: { enabled: true, fullSchedule: "every night", logSchedule: "*/15 * * * *", retentionDays: 0, size: 40GB, storageClass: Premium_RWO }',
      ),
    );
    expect(problems.map((problem) => problem.replace(/^environments\/staging\.yaml:\d+: /, ''))).toEqual([
      'field "database.backup.fullSchedule": "every night" is not a cron schedule (five fields, e.g. "0 1 * * *")',
      'field "database.backup.retentionDays": "0" is not a number of days (1 to 3650)',
      'field "database.backup.size": "40GB" is not a storage size; use e.g. 100Gi',
      'field "database.backup.storageClass": "Premium_RWO" is not a valid storage class name',
    ]);
  });

  test('an environment without database settings when stack.yaml names the database', () => {
    expect(problemsAfter('dev', (replace) => replace('environments/dev.yaml', /database:\n {2}edition: Developer\n {2}backup: \{ enabled: false \}\n/, ''))).toEqual([
      'environments/dev.yaml: field "database": is required: stack.yaml names the database (service "db"), so each environment names its edition and backups',
    ]);
  });

  test('backups left unsaid', () => {
    expect(problemsAfter('dev', (replace) => replace('environments/dev.yaml', '  backup: { enabled: false }\n', ''))).toEqual([
      expect.stringMatching(/^environments\/dev\.yaml:\d+: field "database\.backup": is required: say how this environment backs up its database, or turn backups off with enabled: false$/),
    ]);
  });

  test('a database service that is not in compose, and a password key that is not in the Secret', () => {
    const problems = problemsAfter('prod', (replace) => {
      replace('environments/stack.yaml', 'service: db\n  databaseVariable', 'service: mssql\n  databaseVariable');
    });
    expect(problems).toEqual([expect.stringMatching(/^environments\/stack\.yaml:\d+: field "database\.service": there is no compose service "mssql"$/)]);
    expect(problemsAfter('prod', (replace) => replace('environments/stack.yaml', 'passwordKey: DB_PASSWORD', 'passwordKey: SA_PASSWORD'))).toEqual([
      expect.stringMatching(/^environments\/stack\.yaml:\d+: field "database\.passwordKey": "SA_PASSWORD" is not a key of the Secret tramites-secrets \(secret\.keys\)$/),
    ]);
  });

  test('a database name that cannot be used as it is in file names and statements', () => {
    expect(problemsAfter('prod', (replace) => replace('compose/.env', 'DB_NAME=TramitesMigratorios', "DB_NAME=Tramites'; DROP"))).toEqual([
      expect.stringMatching(/^environments\/stack\.yaml:\d+: field "database\.databaseVariable": DB_NAME is "Tramites'; DROP": backups need a plain database name/),
    ]);
  });
});
