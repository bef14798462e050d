/**
 * The cdk8s app: renders every environment of the stack into dist/<environment>/ (see
 * lib/synthesize.ts for why dist/ is replaced only once everything succeeded).
 *
 * `--against <git revision>`: compare with dist/ as committed at that revision (CI: the previous
 * commit) instead of the dist/ being replaced.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesize, type SynthesizeOptions } from './lib/synthesize';

const PROJECT_ROOT = __dirname;
const DIST_DIRECTORY = path.join(PROJECT_ROOT, 'dist');
const USAGE = 'usage: npm run synth [-- --against <git revision>]';

/** The options of the command line, or a message saying what is wrong with it. */
function parseArguments(args: readonly string[]): SynthesizeOptions | string {
  let against: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--against' && args[index + 1] !== undefined && !args[index + 1].startsWith('--')) against = args[++index];
    else if (arg.startsWith('--against=') && arg.length > '--against='.length) against = arg.slice('--against='.length);
    else return arg === '--against' || arg === '--against=' ? '--against needs a git revision (e.g. HEAD~1)' : `unknown argument "${arg}"`;
  }
  return { against };
}

function main(): number {
  const options = parseArguments(process.argv.slice(2));
  if (typeof options === 'string') {
    console.error(`error: ${options}; ${USAGE}`);
    return 2;
  }
  if (!synthesize(PROJECT_ROOT, DIST_DIRECTORY, console.error, options)) return 1;
  // `cdk8s synth` wipes its output directory before running this app and lists the manifests it finds
  // there afterwards; dist/ is never its output directory (that wipe is what makes its own synth unsafe).
  const cliOutput = process.env.CDK8S_OUTDIR;
  if (cliOutput && path.resolve(cliOutput) !== DIST_DIRECTORY) {
    fs.cpSync(DIST_DIRECTORY, cliOutput, { recursive: true });
  }
  return 0;
}

process.exitCode = main();
