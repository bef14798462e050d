/**
 * The synth's caches of derived data (a pinned commit's render, parsed inputs and documents) live
 * with the installed packages in node_modules/.cache, as the transpile cache does: they go with `npm
 * ci` and are never committed. Each only saves time, so a caller treats any failure to read or write
 * as a miss.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** This project's own root, whatever the working directory. */
const CODE_ROOT = path.resolve(__dirname, '..');

/** The folder of the cache called `name`. */
export function cacheDirectory(name: string): string {
  return path.join(CODE_ROOT, 'node_modules', '.cache', name);
}

/**
 * Writing a cache entry (through a temporary file, so a concurrent synth never reads half of one) and
 * pruning its directory (entries a week old, at most once a day) are tools/cache-store.cjs', which
 * the TypeScript hook uses for its own caches: the hook runs before any TypeScript can be loaded, so
 * that plain JavaScript file is the one copy.
 */
const cacheStore: { store(directory: string, file: string, content: string | Buffer): void } = require('../tools/cache-store.cjs');

/** Writes `content` to `file` in the cache `directory` (made if missing), and prunes the directory when it is due. */
export function writeCacheEntry(directory: string, file: string, content: string): void {
  cacheStore.store(directory, file, content);
}

/**
 * The name of the kept parse of `text` by the parser `parser` (its name, and whatever rules change
 * its result: a change there is a new name).
 */
export function parseKey(parser: string, text: string): string {
  return crypto.createHash('sha256').update(`${parser}\0${text}`).digest('hex');
}

/** What keepParse kept under `key` in `directory`, or undefined when there is none (or it is damaged). */
export function keptParse(directory: string, key: string): { readonly value: unknown } | undefined {
  try {
    const entry: unknown = JSON.parse(fs.readFileSync(path.join(directory, `${key}.json`), 'utf8'));
    if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) return entry as { value: unknown };
  } catch {
    // Not kept yet, or damaged: the caller parses the text.
  }
  return undefined;
}

/**
 * Keeps `value`, the parse of a text of `textLength` characters named `key`, as JSON, if JSON reads it
 * back exactly (not `.inf`, `.nan` or -0) and is not much longer than the text: aliases, shared in the
 * parse, are spelled out in JSON, and an entry many times the size of its text would cost every later
 * synth more to read than the parse it saves (or not fit in a string at all). A value that cannot be
 * kept, or a cache that cannot be written, only costs the next synth that parse.
 */
export function keepParse(directory: string, key: string, value: unknown, textLength: number): void {
  try {
    const json = faithfulJson({ value });
    if (json === undefined || json.length > 4 * textLength + 64 * 1024) return;
    writeCacheEntry(directory, path.join(directory, `${key}.json`), json);
  } catch {
    // Only the next parse is lost.
  }
}

/** JSON that reads back as exactly `value`, or undefined where JSON cannot say it. */
function faithfulJson(value: unknown): string | undefined {
  let faithful = true;
  const json = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && (!Number.isFinite(item) || Object.is(item, -0))) faithful = false;
    return item;
  });
  return faithful ? json : undefined;
}
