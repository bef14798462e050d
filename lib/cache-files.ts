/**
 * The synth's caches of derived data (a pinned commit's render, parsed documents) live with the
 * installed packages in node_modules/.cache, as the transpile cache does: they go with `npm ci` and are
 * never committed. Each only saves time, so a caller treats any failure to write as a miss.
 */
import * as fs from 'fs';
import * as path from 'path';

/** This project's own root, whatever the working directory. */
const CODE_ROOT = path.resolve(__dirname, '..');

/** The folder of the cache called `name`. */
export function cacheDirectory(name: string): string {
  return path.join(CODE_ROOT, 'node_modules', '.cache', name);
}

/** Writes through a temporary file, so a concurrent synth never reads half an entry. */
export function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}
