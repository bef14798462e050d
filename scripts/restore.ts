/**
 * `npm run restore -- --env <environment> --backup <file> [--as <new database>] [--stop-at <UTC time>]`
 *
 * Prints the Job that restores a chosen full backup (and the log backups after it) into a new database
 * and checks it, for `kubectl apply -f` (README: "Restoring the database"). It changes no file and talks
 * to no cluster. Refusals print one line and exit 1.
 */
import * as path from 'path';
import { parseRestoreArguments, renderRestoreJob, RestoreRefused } from '../lib/restore/restore-job';

const PROJECT_ROOT = path.resolve(__dirname, '..');

function main(args: readonly string[]): number {
  try {
    process.stdout.write(renderRestoreJob(PROJECT_ROOT, parseRestoreArguments(args)));
    return 0;
  } catch (error) {
    if (!(error instanceof RestoreRefused)) throw error;
    console.error(`restore refused: ${error.message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
