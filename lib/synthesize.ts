import * as fs from 'fs';
import { ConfigError, formatProblem } from './errors';
import { loadStacks } from './loader/load-stack';
import { makeStagingDirectory, publishDirectory } from './publish';
import { renderStacks } from './render';

/**
 * Loads every environment of the project at `projectRoot` and renders it into `distDirectory`.
 *
 * Input problems are reported one per line through `log` and leave `distDirectory` untouched:
 * rendering happens in a staging directory that replaces it only once everything succeeded, because
 * Argo CD syncs whatever dist/ holds and a half-written one could prune live objects.
 * Returns whether `distDirectory` now holds a fresh rendering.
 */
export function synthesize(projectRoot: string, distDirectory: string, log: (line: string) => void = console.error): boolean {
  let models;
  try {
    const loaded = loadStacks(projectRoot);
    models = loaded.models;
    for (const warning of loaded.warnings) log(`warning: ${formatProblem(warning)}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) log(`error: ${formatProblem(problem)}`);
    log(`${error.problems.length} problem(s) found; dist/ was left unchanged.`);
    return false;
  }

  const staging = makeStagingDirectory(distDirectory);
  try {
    renderStacks(models, staging);
    publishDirectory(staging, distDirectory);
  } finally {
    // Once published the staging directory is gone; after a failure it must not linger beside dist/.
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return true;
}
