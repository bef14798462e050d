/**
 * What runs in an environment pinned to a commit (staging, prod: `npm run promote`) is its dist/ folder
 * as committed there, not the dist/ of the checkout: the day-2 comparison of every synth compares such
 * an environment with that. A commit never changes, so its folders are read from git once and kept in
 * node_modules/.cache; an ordinary synth then spawns no process.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDirectory, writeCacheEntry } from '../cache-files';
import { BaselineError, readRenderedAtRevision, type RenderedTexts } from '../day2/baseline';

const CACHE_DIRECTORY = cacheDirectory('pinned-renders');

export interface Pin {
  readonly environment: string;
  /** A full commit id. */
  readonly commit: string;
}

export interface PinnedBaselines {
  /** Each pinned environment's previous render: its folder at its commit (empty if the commit has none). */
  readonly folders: ReadonlyMap<string, readonly string[]>;
  /** How each is named in messages: `dist/prod/ at 1234abcd…`. */
  readonly names: ReadonlyMap<string, string>;
  /** Pins that could not be read, one line each, for the synth to print. */
  readonly notes: readonly string[];
}

/** The repository holding `directory` (its `.git` file or directory), found without running git. */
function gitEntryOf(directory: string): string | undefined {
  for (let current = path.resolve(directory); ; current = path.dirname(current)) {
    const entry = path.join(current, '.git');
    if (fs.existsSync(entry)) return fs.realpathSync(entry);
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * The folders of each pin. A project outside any git repository (a copy of its files) has no history
 * to read: no pin applies, and its dist/ stays the previous render. A repository that lacks a pinned
 * commit (a shallow clone) gets a note, and the environment is compared with `fallbackName` instead.
 */
export function readPinnedBaselines(projectRoot: string, distFolder: string, pins: readonly Pin[], fallbackName: string): PinnedBaselines {
  const folders = new Map<string, readonly string[]>();
  const names = new Map<string, string>();
  const notes: string[] = [];
  const gitEntry = pins.length > 0 ? gitEntryOf(projectRoot) : undefined;
  if (!gitEntry) return { folders, names, notes };
  for (const { environment, commit } of pins) {
    const report = (message: string) =>
      notes.push(`note: ${environment} is pinned to ${commit}, which cannot be read here (${message}): compared with ${fallbackName} instead; fetch that commit to compare with what runs`);
    const texts = readThroughCache(projectRoot, gitEntry, distFolder, commit, environment, report);
    if (!texts) continue;
    folders.set(environment, texts);
    names.set(environment, `${distFolder}/ at ${commit.slice(0, 12)}`);
  }
  return { folders, names, notes };
}

/** Between the files of one folder in a cache entry: YAML text never holds a NUL. */
const FILE_SEPARATOR = '\0';

/**
 * One environment's folder at `commit`, from the cache or from git (then cached, every folder of that
 * commit at once); undefined, once reported, if git cannot read it. An entry holds the folder's files
 * as they are, so reading one is reading a file: no parsing.
 */
function readThroughCache(projectRoot: string, gitEntry: string, distFolder: string, commit: string, environment: string, report: (message: string) => void): readonly string[] | undefined {
  // Keyed by repository too: another repository may lack the commit, and must be told so.
  const key = crypto.createHash('sha256').update(`${gitEntry}\0${path.resolve(projectRoot)}\0${distFolder}`).digest('hex').slice(0, 16);
  const entryOf = (folder: string) => path.join(CACHE_DIRECTORY, `${commit}-${key}-${folder}.yaml`);
  const absent = path.join(CACHE_DIRECTORY, `${commit}-${key}.read`);
  try {
    return splitEntry(fs.readFileSync(entryOf(environment), 'utf8'));
  } catch {
    // Not cached: either the commit was read and has no such folder, or it was never read.
    if (fs.existsSync(absent)) return [];
  }
  let render: RenderedTexts;
  try {
    render = readRenderedAtRevision(projectRoot, commit, distFolder);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    report(error.message);
    return undefined;
  }
  try {
    for (const [folder, texts] of render) writeCacheEntry(CACHE_DIRECTORY, entryOf(folder), texts.join(FILE_SEPARATOR));
    writeCacheEntry(CACHE_DIRECTORY, absent, '');
  } catch {
    // A cache that cannot be written only costs the next synth a read from git.
  }
  return render.get(environment) ?? [];
}

function splitEntry(text: string): string[] {
  return text === '' ? [] : text.split(FILE_SEPARATOR);
}
