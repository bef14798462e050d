import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BACKUP_SCRIPT, RESTORE_SCRIPT } from '../../lib/constructs/database-backup-scripts';

/**
 * The backup and restore scripts, exactly as rendered into the ConfigMap, run under a POSIX shell
 * (dash, and busybox's sh where it is installed) against STAND-INS: a stand-in `sqlcmd` that records
 * every statement it is sent and answers as SQL Server would for the few statements the scripts read
 * (it writes the backup file a BACKUP statement names, as SQL Server does on its filesystem), and a
 * stand-in `date` that gives a fixed time. No SQL Server runs here: whether SQL Server accepts these
 * statements is not proven by this test (see the README, "Backups").
 */

const STANDIN_SQLCMD = `#!/bin/sh
# Stand-in for sqlcmd: records each statement (-Q) and the other arguments, fails the statement that
# contains $STANDIN_FAIL with $STANDIN_MESSAGE, and answers the statements the scripts read.
args=''
while [ $# -gt 0 ]; do
  case "$1" in
    -Q) statement=$2; shift 2 ;;
    *) args="$args $1"; shift ;;
  esac
done
printf '%s\\n' "$args" >> "$STANDIN_DIRECTORY/arguments"
printf '%s\\n' "$statement" >> "$STANDIN_DIRECTORY/statements"
if [ -n "\${STANDIN_FAIL:-}" ]; then
  case "$statement" in *"$STANDIN_FAIL"*) echo "\${STANDIN_MESSAGE:-Msg 3201, Level 16, State 1: stand-in failure}"; exit 1 ;; esac
fi
case "$statement" in
  BACKUP*) file=\${statement#*"TO DISK = N'"}; echo "backup" > "\${file%%"'"*}" ;;
  *FILELISTONLY*) printf '%s\\n' "$STANDIN_FILELIST" ;;
  *"COUNT(*)"*) echo "\${STANDIN_EXISTING:-0}" ;;
  *database_recovery_status*) printf '%s\\n' "\${STANDIN_RECOVERY-$STANDIN_FAMILY|open}" ;;
  *"DATEDIFF(minute, GETUTCDATE(), GETDATE())"*) echo "\${STANDIN_UTC_OFFSET:-0}" ;;
  *dm_os_volume_stats*) printf '%s\\n' "\${STANDIN_AVAILABLE-107374182400}" ;;
esac
`;

const RECOVERY_STATUS =
  "SET NOCOUNT ON; SELECT LOWER(REPLACE(CONVERT(char(36), family_guid), '-', '')), CASE WHEN last_log_backup_lsn IS NULL THEN 'none' ELSE 'open' END " +
  "FROM sys.database_recovery_status WHERE database_id = DB_ID(N'TramitesMigratorios');";

const STANDIN_DATE = `#!/bin/sh
# Stand-in for date: "now" is STANDIN_NOW; any other use goes to the real date.
if [ "$*" = "-u +%s" ]; then echo "$STANDIN_NOW"; else exec $REAL_DATE "$@"; fi
`;

/** 2026-12-01 01:00:00 UTC. */
const NOW = Date.UTC(2026, 11, 1, 1, 0, 0) / 1000;
const DATABASE = 'TramitesMigratorios';
/** The database's family GUID, as the stand-in reports it from sys.database_recovery_status. */
const FAMILY = '6f1e2d3c4b5a69788796a5b4c3d2e1f0';
/** The family of a database created anew under the same name. */
const OTHER_FAMILY = '0123456789abcdef0123456789abcdef';

const available = (command: string[]) => spawnSync(command[0], [...command.slice(1), '-c', 'true']).status === 0;
const realDate = fs.existsSync('/usr/bin/date') ? '/usr/bin/date' : '/bin/date';
/** The POSIX shells to run under, with the real date the stand-in hands over to: dash (else sh), and busybox where installed. */
const SHELLS: Array<[string, string[], string]> = [available(['dash']) ? ['dash', ['dash'], realDate] : ['sh', ['sh'], realDate]];
if (available(['busybox', 'sh'])) SHELLS.push(['busybox sh', ['busybox', 'sh'], 'busybox date']);

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Statements sent to the stand-in sqlcmd, in order. */
  readonly statements: string[];
  /** The other sqlcmd arguments of each call. */
  readonly arguments: string[];
  /** The files of the backup directory afterwards. */
  readonly files: string[];
}

function stamp(daysAgo: number, hour = 1, minute = 0): string {
  const time = new Date((NOW - daysAgo * 86400) * 1000);
  time.setUTCHours(hour, minute, 0);
  return time.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
const full = (name: string, family = FAMILY) => `${DATABASE}_${name}_${family}_full.bak`;
const log = (name: string, family = FAMILY) => `${DATABASE}_${name}_${family}_log.trn`;

describe.each(SHELLS)('the backup scripts under %s', (_shell, shellCommand, realDate) => {
  function run(script: string, args: string[], existing: string[], environment: Record<string, string> = {}): Run {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-script-'));
    const directory = path.join(root, 'backup');
    const bin = path.join(root, 'bin');
    fs.mkdirSync(directory);
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'sqlcmd'), STANDIN_SQLCMD, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'date'), STANDIN_DATE, { mode: 0o755 });
    for (const file of existing) fs.writeFileSync(path.join(directory, file), 'backup');
    fs.writeFileSync(path.join(root, 'script.sh'), script);
    const result = spawnSync(shellCommand[0], [...shellCommand.slice(1), path.join(root, 'script.sh'), ...args], {
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        REAL_DATE: realDate,
        STANDIN_DIRECTORY: root,
        STANDIN_NOW: String(NOW),
        STANDIN_FAMILY: FAMILY,
        SQLCMD: path.join(bin, 'sqlcmd'),
        SQLCMDPASSWORD: 'secret-password',
        DATABASE,
        BACKUP_DIRECTORY: directory,
        DB_HOST: 'db',
        DB_PORT: '1433',
        DB_USER: 'sa',
        ...environment,
      },
    });
    const lines = (file: string) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8').trimEnd().split('\n') : []);
    const outcome = {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      statements: lines('statements'),
      arguments: lines('arguments'),
      files: fs.readdirSync(directory).sort(),
    };
    fs.rmSync(root, { recursive: true, force: true });
    return outcome;
  }

  const backup = (kind: string, existing: string[], environment: Record<string, string> = {}) =>
    run(BACKUP_SCRIPT, [kind], existing, { RETENTION_DAYS: '7', COMPRESSION: 'true', ...environment });
  const written = (kind: 'full' | 'log') => (kind === 'full' ? full(stamp(0)) : log(stamp(0)));

  describe('a full backup', () => {
    const result = backup('full', [full(stamp(1))]);

    test('sets the full recovery model, backs up WITH CHECKSUM to a .partial file, verifies it WITH CHECKSUM, then names it as a backup', () => {
      expect(result.status).toBe(0);
      const partial = `/backup/${written('full')}.partial`;
      expect(result.statements).toEqual([
        `IF (SELECT recovery_model_desc FROM sys.databases WHERE name = N'${DATABASE}') <> N'FULL' ALTER DATABASE [${DATABASE}] SET RECOVERY FULL;`,
        RECOVERY_STATUS,
        expect.stringMatching(new RegExp(`^BACKUP DATABASE \\[${DATABASE}\\] TO DISK = N'.*${partial.replace(/\./g, '\\.')}' WITH CHECKSUM, FORMAT, INIT, COMPRESSION, STATS = 10;$`)),
        expect.stringMatching(new RegExp(`^RESTORE VERIFYONLY FROM DISK = N'.*${partial.replace(/\./g, '\\.')}' WITH CHECKSUM;$`)),
      ]);
      expect(result.files).toEqual([full(stamp(1)), written('full')]);
    });

    test('connects to the db Service as the login, trusting its certificate, failing on any SQL error, with no password on the command line', () => {
      for (const args of result.arguments) {
        expect(args.trim()).toMatch(/^-C -b -l 30 -S tcp:db,1433 -U sa -d master( -h -1 -W -s \|)?$/);
        expect(args).not.toContain('secret-password');
      }
    });

    test('writes no COMPRESSION where the edition has none', () => {
      expect(backup('full', [], { COMPRESSION: 'false' }).statements[2]).toMatch(/WITH CHECKSUM, FORMAT, INIT, STATS = 10;$/);
    });
  });

  describe('a log backup', () => {
    test('backs up the log WITH CHECKSUM and verifies it, once a full backup exists', () => {
      const result = backup('log', [full(stamp(0, 0, 0))]);
      expect(result.status).toBe(0);
      expect(result.statements).toEqual([
        RECOVERY_STATUS,
        expect.stringMatching(new RegExp(`^BACKUP LOG \\[${DATABASE}\\] TO DISK = N'.*/${written('log')}\\.partial' WITH CHECKSUM, FORMAT, INIT, COMPRESSION;$`)),
        expect.stringMatching(new RegExp(`^RESTORE VERIFYONLY FROM DISK = N'.*/${written('log')}\\.partial' WITH CHECKSUM;$`)),
      ]);
      expect(result.files).toEqual([full(stamp(0, 0, 0)), written('log')]);
    });

    test.each([
      ['SQL Server says the database has no log chain yet, whatever files the claim holds', { STANDIN_RECOVERY: `${FAMILY}|none` }, [full(stamp(0, 0, 0))], /has no log chain yet/],
      ['there is no full backup of it on the claim', {}, [], /no verified full backup of this TramitesMigratorios \(family 6f1e/],
      // The database was created anew under the same name: the claim holds only the old one's full backups.
      ['the full backups on the claim are of another database of that name', { STANDIN_RECOVERY: `${OTHER_FAMILY}|open` }, [full(stamp(0, 0, 0))], /no verified full backup/],
    ])('refuses, failing the run with the command that takes a full backup, when %s; it never takes the full backup itself', (_name, environment, existing, reason) => {
      const result = backup('log', existing, environment);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(reason);
      expect(result.stderr).toContain('Take a full backup now: kubectl -n <namespace> create job --from=cronjob/db-backup-full db-backup-first');
      expect(result.statements).toEqual([RECOVERY_STATUS]);
      expect(result.files).toEqual(existing);
    });

    test('fails, naming it, when the database does not exist', () => {
      const result = backup('full', [], { STANDIN_RECOVERY: '' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('there is no database TramitesMigratorios on db');
      expect(result.statements.some((statement) => statement.startsWith('BACKUP'))).toBe(false);
    });
  });

  describe('a failure', () => {
    const old = [full(stamp(30)), log(stamp(30, 1, 15)), full(stamp(1))];

    test.each([
      ['BACKUP', 'BACKUP DATABASE'],
      ['RESTORE VERIFYONLY', 'RESTORE VERIFYONLY'],
    ])('of %s fails the run and removes nothing, and leaves no file that counts as a backup', (_name, failing) => {
      const result = backup('full', old, { STANDIN_FAIL: failing });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/^error: .*no backup was removed/m);
      // Old enough to go, yet still there; the failed attempt is only a .partial file, which no retention or restore counts.
      expect(result.files.filter((file) => !file.endsWith('.partial'))).toEqual([...old].sort());
      expect(result.files.filter((file) => file.endsWith('.partial'))).toEqual(failing === 'BACKUP DATABASE' ? [] : [`${written('full')}.partial`]);
    });

    test('of the verification stops before anything else is sent', () => {
      const result = backup('log', old, { STANDIN_FAIL: 'RESTORE VERIFYONLY' });
      expect(result.statements.slice(1).map((statement) => statement.split(' ').slice(0, 2).join(' '))).toEqual(['BACKUP LOG', 'RESTORE VERIFYONLY']);
    });

    test('to connect (the database is down) fails the run', () => {
      expect(backup('full', old, { STANDIN_FAIL: 'recovery_model_desc' }).status).not.toBe(0);
    });

    test('of a missing setting names it', () => {
      const result = backup('full', [], { RETENTION_DAYS: '' });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('RETENTION_DAYS');
      expect(result.statements).toEqual([]);
    });

    test('of an unknown kind of backup shows the usage', () => {
      expect(backup('differential', []).status).toBe(2);
    });
  });

  describe('the retention', () => {
    test('removes full and log backups past the retention, and keeps the newer ones and the one just written', () => {
      const existing = [
        full(stamp(10)), log(stamp(10, 1, 15)), log(stamp(9)), full(stamp(8)), log(stamp(8, 1, 15)),
        full(stamp(6)), log(stamp(6, 0, 45)), log(stamp(6, 1, 15)), full(stamp(1)), log(stamp(1, 2, 0)),
      ];
      const result = backup('full', existing);
      expect(result.status).toBe(0);
      expect(result.files).toEqual(
        [
          // 6 days old: kept, with the log backup taken just before it (it may continue that backup's chain).
          full(stamp(6)), log(stamp(6, 0, 45)), log(stamp(6, 1, 15)), full(stamp(1)), log(stamp(1, 2, 0)), written('full'),
        ].sort(),
      );
      expect(result.stdout).toMatch(/^removed .*_full\.bak \(older than 7 days\)$/m);
    });

    test('never removes the newest full backup, nor the log backups after it, when newer full backups have been failing', () => {
      const existing = [full(stamp(20)), log(stamp(14)), log(stamp(13)), full(stamp(12)), log(stamp(11)), log(stamp(10)), log(stamp(1))];
      const result = backup('log', existing);
      expect(result.status).toBe(0);
      // The log backup just before that full backup stays too: it may continue the full backup's chain.
      expect(result.files).toEqual([log(stamp(13)), full(stamp(12)), log(stamp(11)), log(stamp(10)), log(stamp(1)), written('log')].sort());
    });

    test('works per family: a database created anew under the same name never makes the old one\'s newest full backup, nor the log backups after it, go', () => {
      const old = [full(stamp(20)), log(stamp(20, 2, 0)), full(stamp(12)), log(stamp(12, 2, 0)), log(stamp(11))];
      const existing = [...old, full(stamp(9), OTHER_FAMILY), log(stamp(9, 2, 0), OTHER_FAMILY), full(stamp(1), OTHER_FAMILY)];
      const result = backup('full', existing, { STANDIN_RECOVERY: `${OTHER_FAMILY}|open` });
      expect(result.status).toBe(0);
      expect(result.files).toEqual(
        [
          // The old database's: its newest full backup, the log backups after it, and the last one before it.
          log(stamp(20, 2, 0)), full(stamp(12)), log(stamp(12, 2, 0)), log(stamp(11)),
          // The new database's, under the retention as usual.
          log(stamp(9, 2, 0), OTHER_FAMILY), full(stamp(1), OTHER_FAMILY), full(stamp(0), OTHER_FAMILY),
        ].sort(),
      );
    });

    test('keeps everything within the retention', () => {
      const existing = [full(stamp(6)), log(stamp(6, 1, 15)), full(stamp(3)), log(stamp(2))];
      expect(backup('log', existing).files).toEqual([...existing, written('log')].sort());
    });

    test('removes the .partial files of failed attempts once they are a day old, and never one still being written', () => {
      // 2 days, 25 hours, 23 hours 59 minutes and 30 minutes old: a day is the limit, not less.
      const existing = [full(stamp(1)), `${full(stamp(2))}.partial`, `${log(stamp(1, 0, 0))}.partial`, `${log(stamp(1, 1, 1))}.partial`, `${full(stamp(0, 0, 30))}.partial`];
      expect(backup('log', existing).files).toEqual([full(stamp(1)), `${log(stamp(1, 1, 1))}.partial`, `${full(stamp(0, 0, 30))}.partial`, written('log')].sort());
    });

    test('leaves files that are not backups of this database alone', () => {
      const existing = [full(stamp(1)), `Other_${stamp(30)}_${FAMILY}_full.bak`, 'notes.txt', `${DATABASE}_old_full.bak`, `${DATABASE}_${stamp(30)}_full.bak`];
      expect(backup('full', existing).files).toEqual([...existing, written('full')].sort());
    });
  });

  describe('the restore', () => {
    const FILELIST = [
      `${DATABASE}|/var/opt/mssql/data/${DATABASE}.mdf|D|PRIMARY|8388608`,
      `${DATABASE}_log|/var/opt/mssql/data/${DATABASE}_log.ldf|L||8388608`,
    ].join('\n');
    const backups = [log(stamp(1, 0, 45)), full(stamp(1)), log(stamp(1, 1, 15)), log(stamp(1, 1, 30)), log(stamp(1, 1, 45)), full(stamp(0))];
    const restore = (environment: Record<string, string> = {}) =>
      run(RESTORE_SCRIPT, [], backups, {
        BACKUP_FILE: full(stamp(1)),
        TARGET_DATABASE: 'TramitesMigratorios_restored',
        DATA_DIRECTORY: '/var/opt/mssql/data',
        STANDIN_FILELIST: FILELIST,
        ...environment,
      });
    const disk = (file: string) => `N'${'${dir}'}/${file}'`;
    const normalized = (result: Run) => result.statements.map((statement) => statement.replace(/N'[^']*\/backup\//g, "N'${dir}/"));

    test('restores into a new database with MOVE for every logical file, replays the log backups after it, recovers, then runs DBCC CHECKDB', () => {
      const result = restore();
      expect(result.status).toBe(0);
      const target = '[TramitesMigratorios_restored]';
      expect(normalized(result)).toEqual([
        "SET NOCOUNT ON; SELECT COUNT(*) FROM sys.databases WHERE name = N'TramitesMigratorios_restored';",
        `SET NOCOUNT ON; RESTORE FILELISTONLY FROM DISK = ${disk(full(stamp(1)))};`,
        'SET NOCOUNT ON; SELECT TOP (1) volume.available_bytes FROM sys.master_files AS f CROSS APPLY sys.dm_os_volume_stats(f.database_id, f.file_id) AS volume ' +
          "WHERE LEFT(f.physical_name, LEN(N'/var/opt/mssql/data/')) = N'/var/opt/mssql/data/';",
        `RESTORE DATABASE ${target} FROM DISK = ${disk(full(stamp(1)))} WITH CHECKSUM, NORECOVERY, STATS = 10, ` +
          `MOVE N'${DATABASE}' TO N'/var/opt/mssql/data/TramitesMigratorios_restored_1.mdf', ` +
          `MOVE N'${DATABASE}_log' TO N'/var/opt/mssql/data/TramitesMigratorios_restored_2.ldf';`,
        // The last log backup before the full one (it may hold the full backup's end), then every one after it.
        `RESTORE LOG ${target} FROM DISK = ${disk(log(stamp(1, 0, 45)))} WITH CHECKSUM, NORECOVERY;`,
        `RESTORE LOG ${target} FROM DISK = ${disk(log(stamp(1, 1, 15)))} WITH CHECKSUM, NORECOVERY;`,
        `RESTORE LOG ${target} FROM DISK = ${disk(log(stamp(1, 1, 30)))} WITH CHECKSUM, NORECOVERY;`,
        `RESTORE LOG ${target} FROM DISK = ${disk(log(stamp(1, 1, 45)))} WITH CHECKSUM, NORECOVERY;`,
        `RESTORE DATABASE ${target} WITH RECOVERY;`,
        `DBCC CHECKDB (${target}) WITH NO_INFOMSGS, ALL_ERRORMSGS;`,
      ]);
      expect(result.files).toEqual([...backups].sort());
    });

    test('replays only the log backups of the full backup\'s family: another database of the same name has other ones', () => {
      const result = run(RESTORE_SCRIPT, [], [...backups, log(stamp(1, 1, 20), OTHER_FAMILY), log(stamp(1, 0, 50), OTHER_FAMILY)], {
        BACKUP_FILE: full(stamp(1)),
        TARGET_DATABASE: 'TramitesMigratorios_restored',
        DATA_DIRECTORY: '/var/opt/mssql/data',
        STANDIN_FILELIST: FILELIST,
      });
      expect(result.status).toBe(0);
      const logs = result.statements.filter((statement) => statement.startsWith('RESTORE LOG'));
      expect(logs).toHaveLength(4);
      for (const statement of logs) expect(statement).toContain(`_${FAMILY}_log.trn`);
    });

    test('skips a log backup SQL Server calls too early (message 4326: it ends inside the full backup)', () => {
      const result = restore({ STANDIN_FAIL: log(stamp(1, 0, 45)), STANDIN_MESSAGE: 'Msg 4326, Level 16, State 1: The log in this backup set terminates at LSN 1, which is too early to apply to the database.' });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`skipped`);
      expect(result.statements.at(-1)).toMatch(/^DBCC CHECKDB/);
    });

    test('stops at a point in time: STOPAT on each log backup, up to the first that reaches it', () => {
      const result = restore({ STOP_AT: `${stamp(1).slice(0, 4)}-${stamp(1).slice(4, 6)}-${stamp(1).slice(6, 8)}T01:20:00` });
      expect(result.status).toBe(0);
      const logs = result.statements.filter((statement) => statement.startsWith('RESTORE LOG'));
      expect(logs).toHaveLength(3);
      for (const statement of logs) expect(statement).toMatch(/WITH CHECKSUM, NORECOVERY, STOPAT = N'\d{4}-\d\d-\d\dT01:20:00';$/);
      expect(logs[2]).toContain(log(stamp(1, 1, 30)));
    });

    test('quotes a logical name with a quote in MOVE, and names the new files by number, never by the logical name', () => {
      const result = restore({
        STANDIN_FILELIST: [
          `O'Brien|/var/opt/mssql/data/O'Brien.mdf|D|PRIMARY|8388608`,
          `O'Brien_2|/var/opt/mssql/data/O'Brien_2.ndf|D|PRIMARY|8388608`,
          `O'Brien_log|/var/opt/mssql/data/O'Brien_log.ldf|L||8388608`,
        ].join('\n'),
      });
      expect(result.status).toBe(0);
      const restoreStatement = result.statements.find((statement) => statement.startsWith('RESTORE DATABASE'))!;
      expect(restoreStatement).toContain(
        "MOVE N'O''Brien' TO N'/var/opt/mssql/data/TramitesMigratorios_restored_1.mdf', " +
          "MOVE N'O''Brien_2' TO N'/var/opt/mssql/data/TramitesMigratorios_restored_2.ndf', " +
          "MOVE N'O''Brien_log' TO N'/var/opt/mssql/data/TramitesMigratorios_restored_3.ldf';",
      );
    });

    test('refuses, before restoring anything, when the data volume has less room than the files and a tenth more', () => {
      // The two files are 8 MiB each: 17.6 MiB are needed.
      for (const [available, refused] of [['18454936', true], ['18454937', false]] as const) {
        const result = restore({ STANDIN_AVAILABLE: available });
        expect(result.status !== 0).toBe(refused);
        expect(result.statements.some((statement) => statement.startsWith('RESTORE DATABASE'))).toBe(!refused);
        if (refused) expect(result.stderr).toMatch(/^error: the restore needs 17 MiB free on the volume of \/var\/opt\/mssql\/data .* and 17 MiB are free: grow db's data claim, or restore in place/m);
      }
    });

    test.each([
      ['a log backup fails for another reason', { STANDIN_FAIL: log(stamp(1, 1, 30)) }, /RESTORE LOG from .* failed/],
      // 4305: the log backup starts after the one before it ends, a break in the chain; only 4326 is skipped.
      [
        'a log backup is too recent to apply (message 4305, a break in the chain)',
        { STANDIN_FAIL: log(stamp(1, 1, 30)), STANDIN_MESSAGE: 'Msg 4305, Level 16, State 1: The log in this backup set begins at LSN 9, which is too recent to apply to the database.' },
        /RESTORE LOG from .* failed/,
      ],
      ['the backup lists no data file, only a log file', { STANDIN_FILELIST: `${DATABASE}_log|/var/opt/mssql/data/${DATABASE}_log.ldf|L||8388608` }, /listed no data file/],
      ['DBCC CHECKDB finds errors', { STANDIN_FAIL: 'DBCC CHECKDB' }, /DBCC CHECKDB found errors/],
      ['the target database exists already', { STANDIN_EXISTING: '1' }, /exists already/],
      ['the backup is not in the directory', { BACKUP_FILE: full(stamp(5)) }, /there is no backup/],
      ['the file is not a full backup of the database', { BACKUP_FILE: log(stamp(1, 1, 15)) }, /is not a full backup of TramitesMigratorios/],
      ['SQL Server runs in another time zone than UTC, which STOPAT would be read in', { STOP_AT: `${stamp(1).slice(0, 4)}-${stamp(1).slice(4, 6)}-${stamp(1).slice(6, 8)}T01:20:00`, STANDIN_UTC_OFFSET: '-180' }, /local time is -180 minutes off UTC/],
      ['no log backup reaches STOP_AT yet', { STOP_AT: '2030-01-01T00:00:00' }, /no log backup reaches STOP_AT/],
      ['SQL Server has no file in the data directory, so its free space is unknown', { STANDIN_AVAILABLE: '' }, /free space there cannot be checked/],
      ['the backup lists a file without a size', { STANDIN_FILELIST: `${DATABASE}|/var/opt/mssql/data/${DATABASE}.mdf|D|PRIMARY|` }, /gave no size in bytes for TramitesMigratorios/],
    ])('fails, naming why, when %s, and never touches the running database', (_name, environment, message) => {
      const result = restore(environment);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.statements.some((statement) => statement.includes(`[${DATABASE}]`))).toBe(false);
      expect(result.files).toEqual([...backups].sort());
    });
  });
});
