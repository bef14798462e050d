/**
 * The shell scripts the backup and restore pods run, with SQL Server's own tools (sqlcmd, which the
 * SQL Server image ships). They are rendered into the ConfigMap the pods mount, and
 * test/constructs/database-backup-scripts.test.ts runs them under a POSIX shell against a stand-in
 * sqlcmd. They use POSIX sh and the date, mv, rm, sed, tail and tr of the image only.
 */

/**
 * What both scripts need: sqlcmd as the backup login, and the backup file names (their time and the
 * database's family). One copy, written into each script, so backup.sh and restore.sh read the same
 * names the same way.
 */
const SHARED_FUNCTIONS = `# -b: a SQL error ends sqlcmd with a non-zero status; -C: trust the server's self-signed certificate.
sql() {
  "$SQLCMD" -C -b -l 30 -S "tcp:$DB_HOST,$DB_PORT" -U "$DB_USER" -d master -Q "$1"
}
# Rows only, columns separated by "|", no padding: for reading results.
rows() {
  "$SQLCMD" -C -b -l 30 -S "tcp:$DB_HOST,$DB_PORT" -U "$DB_USER" -d master -h -1 -W -s '|' -Q "SET NOCOUNT ON; $1"
}

# Backup files are <database>_<UTC time, 14 digits>_<family>_full.bak or _log.trn: names sort by time.
# <family> is the database's family GUID: a database created anew under the same name (after its data
# volume was lost) has another one, so its backups never join the old database's chain, and the
# retention, which works per family, keeps the old database's newest full backup.
digits='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
family_pattern='${'[0-9a-f]'.repeat(32)}'
stamp_of() {
  name=\${1##*/}
  name=\${name#"\${DATABASE}_"}
  echo "\${name%%_*}"
}
family_of() {
  name=\${1##*/}
  name=\${name#"\${DATABASE}_"}
  name=\${name#*_}
  echo "\${name%%_*}"
}`;

/** `backup.sh full|log`: BACKUP … WITH CHECKSUM, RESTORE VERIFYONLY of it, then the retention. */
export const BACKUP_SCRIPT = `#!/bin/sh
# Backs up one SQL Server database with SQL Server's own tools: BACKUP ... WITH CHECKSUM, then
# RESTORE VERIFYONLY of the file it wrote, then removes the backups past the retention.
#   backup.sh full   a full backup (it starts a new log chain);
#   backup.sh log    a transaction log backup; it refuses (and fails) while there is no full backup to
#                    chain it to: the first full backup is taken by the full run (README: "Backups").
# SQL Server writes the file on its own filesystem: BACKUP_DIRECTORY is the backup claim, mounted on the
# database pod and, at the same path, on this one. Until it is verified a backup is named *.partial;
# only verified backups count, for the retention and for a restore. Any failure exits non-zero, so the
# Job fails, and nothing is removed.
set -eu
export LC_ALL=C

kind=\${1:-}
case "$kind" in
  full | log) ;;
  *) echo "usage: backup.sh full|log" >&2; exit 2 ;;
esac
: "\${DATABASE:?}" "\${BACKUP_DIRECTORY:?}" "\${RETENTION_DAYS:?}" "\${DB_HOST:?}" "\${DB_PORT:?}" "\${DB_USER:?}"
SQLCMD=\${SQLCMD:-/opt/mssql-tools18/bin/sqlcmd}
# The password comes from SQLCMDPASSWORD, which sqlcmd reads itself: it never shows in a process list.

${SHARED_FUNCTIONS}
# The verified backups of one family ("$family_pattern": any) and kind (full.bak or log.trn), oldest first
# (pathname expansion sorts).
backups() {
  for file in "$BACKUP_DIRECTORY/\${DATABASE}_"$digits"_"$1"_$2"; do
    if [ -f "$file" ]; then echo "$file"; fi
  done
}

now=$(date -u +%s)
stamp=$(date -u -d "@$now" +%Y%m%d%H%M%S)

if [ "$kind" = full ]; then
  # Log backups need the full recovery model. A database created with another one is switched to it
  # here; the full backup that follows starts its log chain.
  sql "IF (SELECT recovery_model_desc FROM sys.databases WHERE name = N'$DATABASE') <> N'FULL' ALTER DATABASE [$DATABASE] SET RECOVERY FULL;"
fi
# Whether the database has a log chain comes from SQL Server, not from the files: a database created
# anew under the same name has none (BACKUP LOG would fail with message 4214), whatever the claim holds.
status=$(rows "SELECT LOWER(REPLACE(CONVERT(char(36), family_guid), '-', '')), CASE WHEN last_log_backup_lsn IS NULL THEN 'none' ELSE 'open' END FROM sys.database_recovery_status WHERE database_id = DB_ID(N'$DATABASE');")
family=\${status%%|*}
chain=\${status#*|}
case "$family" in
  $family_pattern) ;;
  *) echo "error: there is no database $DATABASE on $DB_HOST (sys.database_recovery_status has no row for it); no backup was removed" >&2; exit 1 ;;
esac

# A log run never takes the first full backup itself: on a large database it would not finish within
# the log run's deadline, and every run would be killed and start again. It fails instead (a database
# without a full backup has no point of recovery at all: that must show, not pass as a success), and
# says what to do.
if [ "$kind" = log ]; then
  if [ "$chain" != open ]; then
    reason="$DATABASE has no log chain yet (no full backup since it was created or set to the full recovery model)"
  elif [ -z "$(backups "$family" full.bak)" ]; then
    reason="there is no verified full backup of this $DATABASE (family $family) in $BACKUP_DIRECTORY to chain a log backup to"
  else
    reason=''
  fi
  if [ -n "$reason" ]; then
    echo "error: no log backup taken: $reason. Take a full backup now: kubectl -n <namespace> create job --from=cronjob/db-backup-full db-backup-first; no backup was removed" >&2
    exit 1
  fi
fi

options='CHECKSUM, FORMAT, INIT'
if [ "\${COMPRESSION:-false}" = true ]; then options="$options, COMPRESSION"; fi
if [ "$kind" = full ]; then
  written="$BACKUP_DIRECTORY/\${DATABASE}_\${stamp}_\${family}_full.bak"
  backup="BACKUP DATABASE [$DATABASE] TO DISK = N'$written.partial' WITH $options, STATS = 10;"
else
  written="$BACKUP_DIRECTORY/\${DATABASE}_\${stamp}_\${family}_log.trn"
  backup="BACKUP LOG [$DATABASE] TO DISK = N'$written.partial' WITH $options;"
fi

echo "$kind backup of $DATABASE to $written"
if ! sql "$backup"; then
  echo "error: the $kind backup of $DATABASE failed; no backup was removed" >&2
  exit 1
fi
if ! sql "RESTORE VERIFYONLY FROM DISK = N'$written.partial' WITH CHECKSUM;"; then
  echo "error: the $kind backup $written.partial does not verify; no backup was removed" >&2
  exit 1
fi
mv "$written.partial" "$written"
echo "verified $written"

# Retention, for each family on its own: a backup older than RETENTION_DAYS is removed, except what a
# restore of the oldest full backup kept needs: the newest full backup of the family always stays (even
# when newer ones keep failing, and when the family's database is gone: those are its last copies), and
# so do the log backups after the oldest full backup kept, and the last one before it (a log backup
# taken while that full backup ran may be the one that continues its chain). A family's log backups
# without any full backup of it are left alone.
cutoff=$(date -u -d "@$((now - RETENTION_DAYS * 86400))" +%Y%m%d%H%M%S)
remove() {
  rm -f -- "$1"
  echo "removed $1 ($2)"
}
retain() {
  newest_full=$(backups "$1" full.bak | tail -n 1)
  oldest_kept=''
  for file in $(backups "$1" full.bak); do
    if [ "$(stamp_of "$file")" -ge "$cutoff" ] || [ "$file" = "$newest_full" ]; then
      oldest_kept=$(stamp_of "$file")
      break
    fi
  done
  [ -n "$oldest_kept" ] || return 0
  chain_start=''
  for file in $(backups "$1" log.trn); do
    if [ "$(stamp_of "$file")" -lt "$oldest_kept" ]; then chain_start=$file; fi
  done
  for file in $(backups "$1" full.bak); do
    if [ "$(stamp_of "$file")" -lt "$cutoff" ] && [ "$file" != "$newest_full" ] && [ "$file" != "$written" ]; then
      remove "$file" "older than $RETENTION_DAYS days"
    fi
  done
  for file in $(backups "$1" log.trn); do
    log_stamp=$(stamp_of "$file")
    if [ "$log_stamp" -lt "$cutoff" ] && [ "$log_stamp" -lt "$oldest_kept" ] && [ "$file" != "$chain_start" ] && [ "$file" != "$written" ]; then
      remove "$file" "older than $RETENTION_DAYS days and than the oldest full backup kept"
    fi
  done
}
families=''
for file in $(backups "$family_pattern" full.bak); do
  case " $families " in
    *" $(family_of "$file") "*) ;;
    *) families="$families $(family_of "$file")" ;;
  esac
done
for each in $families; do retain "$each"; done
# What a failed attempt left stays a day for diagnosis; a backup still being written is younger.
day_ago=$(date -u -d "@$((now - 86400))" +%Y%m%d%H%M%S)
for file in "$BACKUP_DIRECTORY/\${DATABASE}_"$digits"_"*.partial; do
  if [ -f "$file" ] && [ "$(stamp_of "$file")" -lt "$day_ago" ]; then remove "$file" "an unverified attempt older than a day"; fi
done
`;

/** `restore.sh`: a chosen full backup and the log backups after it, into a new database, checked. */
export const RESTORE_SCRIPT = `#!/bin/sh
# Restores a full backup of DATABASE, and the log backups after it, into a NEW database TARGET_DATABASE,
# then checks it with DBCC CHECKDB. The running database is not touched: switching to the restored one
# is a separate, deliberate step (README: "Restoring the database").
#   BACKUP_FILE  the full backup to start from, a file name in BACKUP_DIRECTORY
#   STOP_AT      optional, UTC "YYYY-MM-DDTHH:MM:SS": recover to that moment rather than to the last log backup
set -eu
export LC_ALL=C
: "\${DATABASE:?}" "\${BACKUP_DIRECTORY:?}" "\${BACKUP_FILE:?}" "\${TARGET_DATABASE:?}" "\${DATA_DIRECTORY:?}"
: "\${DB_HOST:?}" "\${DB_PORT:?}" "\${DB_USER:?}"
SQLCMD=\${SQLCMD:-/opt/mssql-tools18/bin/sqlcmd}
STOP_AT=\${STOP_AT:-}
target=$TARGET_DATABASE

${SHARED_FUNCTIONS}

fail() {
  echo "error: $1; $DATABASE was not touched (drop a half-restored $target before trying again)" >&2
  exit 1
}

full="$BACKUP_DIRECTORY/$BACKUP_FILE"
case "$BACKUP_FILE" in
  "\${DATABASE}_"$digits"_"$family_pattern"_full.bak") ;;
  *) fail "$BACKUP_FILE is not a full backup of $DATABASE (\${DATABASE}_<time>_<family>_full.bak)" ;;
esac
[ -f "$full" ] || fail "there is no backup $BACKUP_FILE in $BACKUP_DIRECTORY"
full_stamp=$(stamp_of "$full")
# Only the log backups of the same family continue this full backup's chain: another family's are of a
# database created anew under the same name.
family=$(family_of "$full")
stop_stamp=$(echo "$STOP_AT" | tr -d ':T-')
if [ -n "$STOP_AT" ] && [ "$stop_stamp" -lt "$full_stamp" ]; then fail "STOP_AT $STOP_AT is before the full backup $BACKUP_FILE"; fi

existing=$(rows "SELECT COUNT(*) FROM sys.databases WHERE name = N'$target';")
[ "$existing" = 0 ] || fail "a database $target exists already: restore under another name"

# The backup's logical files, each moved to a file of the new database (the old one keeps its own).
# FILELISTONLY's columns start LogicalName, PhysicalName, Type, FileGroupName, Size (bytes): the size
# the file had in the backed-up database, which the restored file takes whatever the backup's size.
moves=''
data_files=0
needed=0
filelist=$(rows "RESTORE FILELISTONLY FROM DISK = N'$full';")
while IFS='|' read -r logical physical type filegroup size rest; do
  [ -n "$logical" ] || continue
  case "$size" in
    '' | *[!0-9]*) fail "RESTORE FILELISTONLY of $BACKUP_FILE gave no size in bytes for $logical" ;;
  esac
  needed=$((needed + size))
  case "$type" in
    D) if [ "$data_files" -eq 0 ]; then extension=mdf; else extension=ndf; fi; data_files=$((data_files + 1)) ;;
    L) extension=ldf ;;
    *) fail "file $logical ($physical) is of type $type (FILESTREAM or full-text), which this restore does not move" ;;
  esac
  quoted=$(printf '%s' "$logical" | sed "s/'/''/g")
  # The new file is named by its place in the list, not by its logical name, which may hold any
  # character (a quote would end the literal).
  files=$((\${files:-0} + 1))
  moves="$moves, MOVE N'$quoted' TO N'$DATA_DIRECTORY/\${target}_$files.$extension'"
done <<FILES
$filelist
FILES
[ "$data_files" -gt 0 ] || fail "RESTORE FILELISTONLY of $BACKUP_FILE listed no data file"

# The new files go on the volume of DATA_DIRECTORY, by default the running database's own: a restore
# that filled it would stop the running database too. So it needs the files' size and a tenth more
# (the running database keeps growing while the restore runs), free before it starts; SQL Server
# reports the free space of the volume that holds its files there.
directory_literal=$(printf '%s/' "$DATA_DIRECTORY" | sed "s/'/''/g")
available=$(rows "SELECT TOP (1) volume.available_bytes FROM sys.master_files AS f CROSS APPLY sys.dm_os_volume_stats(f.database_id, f.file_id) AS volume WHERE LEFT(f.physical_name, LEN(N'$directory_literal')) = N'$directory_literal';")
case "$available" in
  '' | *[!0-9]*) fail "SQL Server has no file in $DATA_DIRECTORY, so the free space there cannot be checked: set the data directory to where db's data volume is mounted" ;;
esac
required=$((needed + needed / 10))
mib=1048576
if [ "$available" -lt "$required" ]; then
  fail "the restore needs $((required / mib)) MiB free on the volume of $DATA_DIRECTORY (the database's files, $((needed / mib)) MiB, and a tenth more) and $((available / mib)) MiB are free: grow db's data claim, or restore in place (README: \"Restoring the database\", when the data volume has no room)"
fi

# The log backups of its family to replay: the last one before the full backup (it may continue the
# chain when it ran during the full backup) and every one after it, up to the first that reaches STOP_AT.
logs=''
previous=''
for file in "$BACKUP_DIRECTORY/\${DATABASE}_"$digits"_\${family}_log.trn"; do
  [ -f "$file" ] || continue
  log_stamp=$(stamp_of "$file")
  if [ "$log_stamp" -lt "$full_stamp" ]; then previous=$file; continue; fi
  logs="$logs $file"
  if [ -n "$STOP_AT" ] && [ "$log_stamp" -ge "$stop_stamp" ]; then reached=yes; break; fi
done
if [ -n "$STOP_AT" ] && [ "\${reached:-}" != yes ]; then fail "no log backup reaches STOP_AT $STOP_AT yet"; fi
logs="$previous $logs"
stop=''
if [ -n "$STOP_AT" ]; then
  # STOPAT is read in SQL Server's local time, and STOP_AT is UTC (as the file names are): they agree
  # only on a server whose clock is UTC, the image's default. Refuse rather than stop at another moment.
  offset=$(rows "SELECT DATEDIFF(minute, GETUTCDATE(), GETDATE());")
  [ "$offset" = 0 ] || fail "SQL Server's local time is $offset minutes off UTC, and STOPAT is read in local time: give STOP_AT in the server's local time by hand, or run it in UTC (TZ unset)"
  stop=", STOPAT = N'$STOP_AT'"
fi

echo "restoring $BACKUP_FILE into $target"
sql "RESTORE DATABASE [$target] FROM DISK = N'$full' WITH CHECKSUM, NORECOVERY, STATS = 10$moves;" || fail "RESTORE DATABASE from $BACKUP_FILE failed"
for file in $logs; do
  # A log backup that ends before the full backup does is already in it: SQL Server says so with
  # message 4326 and restores nothing, which is fine. Any other error ends the restore.
  if output=$(sql "RESTORE LOG [$target] FROM DISK = N'$file' WITH CHECKSUM, NORECOVERY$stop;" 2>&1); then
    echo "replayed $file"
  else
    case "$output" in
      *"Msg 4326,"*) echo "skipped $file: it ends before the full backup" ;;
      *) echo "$output" >&2; fail "RESTORE LOG from $file failed" ;;
    esac
  fi
done
sql "RESTORE DATABASE [$target] WITH RECOVERY;" || fail "recovering $target failed"
sql "DBCC CHECKDB ([$target]) WITH NO_INFOMSGS, ALL_ERRORMSGS;" || fail "DBCC CHECKDB found errors in $target"
echo "restored $BACKUP_FILE as $target and checked it (DBCC CHECKDB); $DATABASE is unchanged. Switch as the README says."
`;
