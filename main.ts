/**
 * The cdk8s app: renders every environment of the stack into dist/<environment>/ (see
 * lib/synthesize.ts for why dist/ is replaced only once everything succeeded).
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesize } from './lib/synthesize';

const PROJECT_ROOT = __dirname;
const DIST_DIRECTORY = path.join(PROJECT_ROOT, 'dist');

function main(): number {
  if (!synthesize(PROJECT_ROOT, DIST_DIRECTORY)) return 1;
  // `cdk8s synth` wipes its output directory before running this app and lists the manifests it finds
  // there afterwards; dist/ is never its output directory (that wipe is what makes its own synth unsafe).
  const cliOutput = process.env.CDK8S_OUTDIR;
  if (cliOutput && path.resolve(cliOutput) !== DIST_DIRECTORY) {
    fs.cpSync(DIST_DIRECTORY, cliOutput, { recursive: true });
  }
  return 0;
}

process.exitCode = main();
