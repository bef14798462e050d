/**
 * The previous render: what is live. By default the dist/ the synth is about to replace (the committed
 * one, which Argo CD deploys); with a git revision, dist/ as committed there. Reading git spawns a
 * process, so it happens only when a revision is asked for.
 */
import type { SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DOCUMENT_SEPARATOR } from '../manifest-yaml';
import type { Manifest } from './objects';
import { loadDocuments } from './parsed-documents';

/** The manifest files of each folder of a render, by folder name (`dev`, `prod`, `argocd`…), in file-name order. */
export type RenderedTexts = ReadonlyMap<string, readonly string[]>;

/** A previous render that cannot be read: the message names what was asked for and why it failed. */
export class BaselineError extends Error {}

const MANIFEST_FILE = /\.ya?ml$/;

/** The manifest files of each folder of `distDirectory`; empty when there is none yet. */
export function readRenderedDirectory(distDirectory: string): RenderedTexts {
  const folders = new Map<string, string[]>();
  if (!fs.existsSync(distDirectory)) return folders;
  for (const entry of fs.readdirSync(distDirectory, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const folder = path.join(distDirectory, entry.name);
    const files = fs.readdirSync(folder).filter((file) => MANIFEST_FILE.test(file)).sort();
    folders.set(entry.name, files.map((file) => fs.readFileSync(path.join(folder, file), 'utf8')));
  }
  return folders;
}

function git(projectRoot: string, args: readonly string[]): string {
  // Loaded here: an ordinary synth never reads git, and need not load child_process either.
  const { spawnSync } = require('child_process') as typeof import('child_process');
  const result: SpawnSyncReturns<string> = spawnSync('git', args, { cwd: projectRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new BaselineError(`cannot run git: ${result.error.message}`);
  if (result.status !== 0) throw new BaselineError(result.stderr.trim().split('\n')[0] ?? '');
  return result.stdout;
}

/**
 * The manifest files of each folder of `dist/` as committed at `revision` in the git repository that
 * holds `projectRoot`. A revision without dist/ (or without one environment's folder) holds nothing
 * there: every object of that environment is new.
 */
export function readRenderedAtRevision(projectRoot: string, revision: string, distFolder = 'dist'): RenderedTexts {
  if (revision.startsWith('-')) throw new BaselineError(`"${revision}" is not a git revision`);
  let commit: string;
  try {
    commit = git(projectRoot, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]).trim();
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    throw new BaselineError(`"${revision}" is not a commit of this git repository${error.message ? ` (${error.message})` : ''}`);
  }
  const folders = new Map<string, string[]>();
  // Paths relative to the project root, which may lie below the repository's top.
  const listing = git(projectRoot, ['ls-tree', '-r', '-z', '--name-only', commit, '--', `${distFolder}/`]);
  for (const file of listing.split('\0').filter(Boolean).sort()) {
    const parts = path.posix.relative(distFolder, file).split('/');
    if (parts.length !== 2 || parts[0].startsWith('.') || !MANIFEST_FILE.test(parts[1])) continue;
    const texts = folders.get(parts[0]) ?? [];
    texts.push(git(projectRoot, ['show', `${commit}:./${file}`]));
    folders.set(parts[0], texts);
  }
  return folders;
}

/** Whether a folder's files at the previous render are exactly `text`, the new render's file. */
export function sameAsRendered(texts: readonly string[] | undefined, text: string): boolean {
  return sameFolder(texts, [text]);
}

/**
 * Whether a folder's files at the previous render are exactly `texts`, the new render's files of that
 * folder in file-name order (Argo CD's folder holds two).
 */
export function sameFolder(previous: readonly string[] | undefined, texts: readonly string[]): boolean {
  return previous !== undefined && previous.length === texts.length && previous.every((text, index) => text === texts[index]);
}

/**
 * The objects in manifest files. A document whose text is exactly one of `known` (the new render's
 * documents, by text) is that object and is not parsed: a synth that changes one object parses one
 * document. Anything else is read with js-yaml (once per text: see parsed-documents.ts), as any YAML:
 * a piece between two `---` lines that is not known may hold several documents (a file written by
 * another tool), and is read as a stream.
 */
export function parseRendered(texts: readonly string[], known: ReadonlyMap<string, Manifest> = new Map()): Manifest[] {
  const objects: Manifest[] = [];
  for (const text of texts) {
    for (const piece of text.replace(/\n$/, '').split(DOCUMENT_SEPARATOR)) {
      const object = known.get(piece);
      if (object) {
        objects.push(object);
        continue;
      }
      for (const document of loadDocuments(piece)) {
        if (document !== null && typeof document === 'object' && typeof (document as Manifest).kind === 'string') objects.push(document as Manifest);
      }
    }
  }
  return objects;
}
