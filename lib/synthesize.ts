import * as fs from 'fs';
import * as path from 'path';
import { BaselineError, readRenderedAtRevision, readRenderedDirectory, sameFolder, type RenderedTexts } from './day2/baseline';
import { reviewOutput } from './day2/review';
import { ConfigError, formatProblem } from './errors';
import { COMMIT_ID } from './loader/delivery-settings';
import { loadStacks } from './loader/load-stack';
import { makeStagingDirectory, publishDirectory } from './publish';
import { readPinnedBaselines } from './release/pinned-renders';
import { ARGOCD_FOLDER, holdsOutput, renderOutput, writeOutput } from './render';

export interface SynthesizeOptions {
  /**
   * A git revision whose dist/ is what is live: the day-2 comparison reads dist/ there instead of the
   * dist/ being replaced (CI compares with the previous commit). @default the dist/ being replaced
   */
  readonly against?: string;
  /**
   * Where the lines of a successful synth go: the plan of each environment, the acknowledged changes
   * with their procedures, notes. Problems and warnings go to `log`. @default console.log
   */
  readonly print?: (line: string) => void;
}

/**
 * Loads every environment of the project at `projectRoot` and renders it into `distDirectory`.
 *
 * Nothing reaches `distDirectory` unless everything passed: the input loads, every object of a changed
 * environment passes the checks the API server would make (lib/validation), and no change from the
 * previous render would be refused by the cluster or lose data unless acknowledged (lib/day2). Each problem is reported on one
 * line through `log`. Rendering happens in a staging directory that replaces dist/ only at the end,
 * because Argo CD syncs whatever dist/ holds and a half-written one could prune live objects.
 * Returns whether `distDirectory` now holds a fresh rendering.
 */
export function synthesize(projectRoot: string, distDirectory: string, log: (line: string) => void = console.error, options: SynthesizeOptions = {}): boolean {
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

  const rendered = renderOutput(models);
  let baseline: RenderedTexts;
  const distFolder = path.relative(projectRoot, distDirectory).split(path.sep).join('/');
  try {
    baseline = options.against === undefined ? readRenderedDirectory(distDirectory) : readRenderedAtRevision(projectRoot, options.against, distFolder);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    log(`error: --against ${options.against}: ${error.message}`);
    return false;
  }
  const baselineName = options.against === undefined ? `${distFolder}/` : `${distFolder}/ at ${options.against}`;
  // An environment pinned to a commit runs its dist/ of that commit: that is what it is compared with.
  const pins = models.flatMap((stack) => (stack.gitops && COMMIT_ID.test(stack.gitops.targetRevision) ? [{ environment: stack.environment.name, commit: stack.gitops.targetRevision }] : []));
  const pinned = readPinnedBaselines(projectRoot, distFolder, pins, baselineName);
  const previous: RenderedTexts = new Map([...baseline, ...pinned.folders]);
  // A folder rendered byte for byte as its previous render is what is live already, and one rendered
  // as dist/ holds it was validated by the synth that wrote it (a pinned environment, compared with
  // its commit on every synth, is the case): neither is validated again (npm test validates every
  // environment in full), nor are the rules loaded for it. Argo CD's folder holds two files, compared
  // together (one at a time, it always looked changed).
  const textsOf = (name: string) => rendered.filter((folder) => folder.folder === name).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).map((folder) => folder.text);
  const written = options.against === undefined ? baseline : undefined;
  const changed = rendered.filter((folder) => {
    const texts = textsOf(folder.folder);
    return !sameFolder(previous.get(folder.folder), texts) && !(written && sameFolder(written.get(folder.folder), texts));
  });
  if (changed.length > 0) {
    const { formatValidationProblem, validateManifests } = require('./validation') as typeof import('./validation');
    const invalid = changed.flatMap((folder) => validateManifests(folder.folder, folder.manifests));
    if (invalid.length > 0) {
      for (const problem of invalid) log(`error: ${formatValidationProblem(problem)}`);
      log(`${invalid.length} object(s) the API server would refuse; dist/ was left unchanged.`);
      return false;
    }
  }
  const review = reviewOutput({
    projectRoot,
    rendered,
    baseline: previous,
    baselineName,
    baselineNames: pinned.names,
    otherFolders: [ARGOCD_FOLDER],
  });
  if (review.errors.length > 0) {
    for (const line of [...pinned.notes, ...review.errors]) log(line);
    log(
      `${review.errors.length} day-2 problem(s) found; dist/ was left unchanged. Each line says how to make the change safely; to accept one knowingly, acknowledge it in environments/<environment>.yaml (README: "Changing a running stack").`,
    );
    return false;
  }

  // A dist/ that already holds exactly this render (a synth that changes nothing) is left as it is:
  // writing and swapping it would give the same files.
  if (!holdsOutput(rendered, distDirectory)) {
    const staging = makeStagingDirectory(distDirectory);
    try {
      writeOutput(rendered, staging);
      publishDirectory(staging, distDirectory);
    } finally {
      // Once published the staging directory is gone; after a failure it must not linger beside dist/.
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  for (const line of [...pinned.notes, ...review.messages]) (line.startsWith('warning: ') ? log : options.print ?? console.log)(line);
  return true;
}
