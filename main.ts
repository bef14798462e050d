/**
 * Renders every environment of the stack into dist/<environment>/.
 *
 * Input problems are printed one per line and exit non-zero with dist/ untouched: rendering happens
 * in a staging directory that replaces dist/ only once everything succeeded, because Argo CD syncs
 * whatever dist/ holds and a half-written one could prune live objects.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, formatProblem } from './lib/errors';
import { loadStacks } from './lib/loader/load-stack';
import { makeStagingDirectory, publishDirectory } from './lib/publish';
import { renderStacks } from './lib/render';

const PROJECT_ROOT = __dirname;
const DIST_DIRECTORY = path.join(PROJECT_ROOT, 'dist');

function main(): number {
  let models;
  try {
    const loaded = loadStacks(PROJECT_ROOT);
    models = loaded.models;
    for (const warning of loaded.warnings) console.error(`warning: ${formatProblem(warning)}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`error: ${formatProblem(problem)}`);
    console.error(`${error.problems.length} problem(s) found; dist/ was left unchanged.`);
    return 1;
  }

  const staging = makeStagingDirectory(DIST_DIRECTORY);
  try {
    renderStacks(models, staging);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  publishDirectory(staging, DIST_DIRECTORY);

  // `cdk8s synth` wipes its output directory before running this app and lists the manifests it finds
  // there afterwards; dist/ is never its output directory (that wipe is what makes its own synth unsafe).
  const cliOutput = process.env.CDK8S_OUTDIR;
  if (cliOutput && path.resolve(cliOutput) !== DIST_DIRECTORY) {
    fs.cpSync(DIST_DIRECTORY, cliOutput, { recursive: true });
  }
  return 0;
}

process.exitCode = main();
