import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isNode, isScalar, parseDocument } from 'yaml';
import { parseRendered, readRenderedAtRevision, BaselineError } from '../day2/baseline';
import { compare, formatFinding } from '../day2/compare';
import { formatPlan } from '../day2/plan';
import { ConfigError, formatProblem } from '../errors';
import { COMMIT_ID } from '../loader/delivery-settings';
import { loadStacks } from '../loader/load-stack';
import { SETTINGS_DIRECTORY } from '../loader/settings';
import type { StackModel } from '../model';
import { synthesize } from '../synthesize';

/** A refusal: one line for the user, nothing changed. */
export class PromotionRefused extends Error {}

export interface PromoteRequest {
  readonly environment: string;
  /** A commit or any name git resolves to one. @default the revision the environment before it runs */
  readonly to?: string;
}

export interface PromotionPlan {
  readonly environment: string;
  /** The commit the environment is pinned to now. */
  readonly from: string;
  /** The commit it is to be pinned to. */
  readonly to: string;
  /** Settings file to edit, relative to the project root. */
  readonly settingsFile: string;
}

/** Runs git in the project; injectable so that tests can see what is asked. */
export type GitRunner = (args: readonly string[], input?: Buffer) => { status: number | null; stdout: Buffer; stderr: string };

const USAGE = 'usage: promote <environment> [--to <commit>]';

/** Parses `<environment> [--to <commit>]`. */
export function parsePromoteArguments(args: readonly string[]): PromoteRequest {
  let environment: string | undefined;
  let to: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--to') {
      to = args[++index];
      if (to === undefined || to.startsWith('--')) throw new PromotionRefused(`--to needs a commit; ${USAGE}`);
    } else if (arg.startsWith('--')) {
      throw new PromotionRefused(`unknown option ${arg}; ${USAGE}`);
    } else if (environment === undefined) {
      environment = arg;
    } else {
      throw new PromotionRefused(`unexpected argument "${arg}"; ${USAGE}`);
    }
  }
  if (environment === undefined) throw new PromotionRefused(USAGE);
  return { environment, to };
}

/** git in `projectRoot`, its output as bytes (an archive is binary). */
export function gitIn(projectRoot: string): GitRunner {
  return (args, input) => {
    const result = spawnSync('git', ['-C', projectRoot, ...args], { input, maxBuffer: 1024 ** 3 });
    return { status: result.error ? null : result.status, stdout: result.stdout ?? Buffer.alloc(0), stderr: result.error?.message ?? result.stderr?.toString() ?? '' };
  };
}

/** The full commit id `name` resolves to, or a refusal naming it. */
function resolveCommit(git: GitRunner, name: string): string {
  const result = git(['rev-parse', '--verify', '--quiet', `${name}^{commit}`]);
  const commit = result.stdout.toString().trim();
  if (result.status !== 0 || !COMMIT_ID.test(commit)) throw new PromotionRefused(`"${name}" is not a commit of this repository`);
  return commit;
}

function loadAll(projectRoot: string): readonly StackModel[] {
  try {
    return loadStacks(projectRoot).models;
  } catch (error) {
    if (error instanceof ConfigError) throw new PromotionRefused(error.problems.map(formatProblem).join('\n'));
    throw error;
  }
}

/**
 * Decides what a promotion would change, or refuses with the reason: only an environment pinned to a
 * commit is promoted (dev follows its branch), to a commit of this repository other than its own.
 * Reads files and asks git; changes nothing.
 */
export function planPromotion(projectRoot: string, request: PromoteRequest, git: GitRunner): PromotionPlan {
  const models = loadAll(projectRoot);
  const index = models.findIndex((model) => model.environment.name === request.environment);
  const stack = models[index];
  if (!stack) throw new PromotionRefused(`unknown environment "${request.environment}"; known: ${models.map((model) => model.environment.name).join(', ')}`);
  if (!stack.gitops) throw new PromotionRefused(`${request.environment} has no gitops settings: Argo CD does not deploy it`);
  const from = stack.gitops.targetRevision;
  if (!COMMIT_ID.test(from)) {
    throw new PromotionRefused(`${request.environment} follows the branch ${from}: every merge deploys it; only an environment pinned to a commit is promoted`);
  }
  // By default an environment gets what the one before it runs: staging what main holds, prod staging's commit.
  const previous = models[index - 1]?.gitops?.targetRevision;
  const target = request.to ?? previous;
  if (target === undefined) throw new PromotionRefused(`${request.environment} is the first environment: name the commit with --to`);
  const to = resolveCommit(git, target);
  if (to === from) throw new PromotionRefused(`${request.environment} is already pinned to ${to}: nothing to promote`);
  return { environment: request.environment, from, to, settingsFile: path.posix.join(SETTINGS_DIRECTORY, `${request.environment}.yaml`) };
}

/**
 * The promotions a change makes since `base`: each environment whose pinned commit differs from the one
 * its Application names in dist/argocd at `base` (what ran then; an environment that followed a branch
 * there ran `base` itself). CI verifies each as `npm run promote` does, so a pin edited by hand passes
 * the same checks.
 */
export function pinChangesSince(projectRoot: string, base: string, git: GitRunner): PromotionPlan[] {
  const baseCommit = resolveCommit(git, base);
  let argocd: readonly string[];
  try {
    argocd = readRenderedAtRevision(projectRoot, baseCommit, 'dist').get('argocd') ?? [];
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    throw new PromotionRefused(`cannot read dist/argocd at ${base}: ${error.message}`);
  }
  const ranAtBase = new Map<string, string>();
  for (const application of parseRendered(argocd).filter((object) => object.kind === 'Application')) {
    const source = application.spec?.source;
    const environment = /^dist\/([^/]+)$/.exec(source?.path ?? '')?.[1];
    if (environment && typeof source.targetRevision === 'string') ranAtBase.set(environment, COMMIT_ID.test(source.targetRevision) ? source.targetRevision : baseCommit);
  }
  return loadAll(projectRoot).flatMap((stack) => {
    const environment = stack.environment.name;
    const to = stack.gitops?.targetRevision;
    const from = ranAtBase.get(environment);
    if (to === undefined || !COMMIT_ID.test(to) || from === undefined || from === to) return [];
    return [{ environment, from, to, settingsFile: path.posix.join(SETTINGS_DIRECTORY, `${environment}.yaml`) }];
  });
}

/**
 * The tree of a commit, extracted into a new temporary directory (removed by the caller): `git archive`,
 * so the repository's own checkout, index and worktree list are never touched.
 */
export function extractCommit(git: GitRunner, commit: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `promote-${commit.slice(0, 12)}-`));
  const archive = git(['archive', '--format=tar', commit]);
  if (archive.status !== 0) throw new PromotionRefused(`cannot read commit ${commit}: ${archive.stderr.trim().split('\n')[0]}`);
  const tar = spawnSync('tar', ['-x', '-C', directory], { input: archive.stdout });
  if (tar.status !== 0) throw new PromotionRefused(`cannot extract commit ${commit}: ${tar.stderr?.toString().trim().split('\n')[0]}`);
  return directory;
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The runtime dependencies (what the synth loads) whose version the checkout's lock file names and this
 * project's node_modules does not hold, as `name (locked, here installed)`.
 */
function packagesThatDiffer(projectRoot: string, checkout: string): string[] {
  const lock = readJson(path.join(checkout, 'package-lock.json'));
  const names = Object.keys(readJson(path.join(checkout, 'package.json'))?.dependencies ?? {});
  return names.flatMap((name) => {
    const locked = lock?.packages?.[`node_modules/${name}`]?.version;
    const installed = readJson(path.join(projectRoot, 'node_modules', name, 'package.json'))?.version;
    return locked === installed ? [] : [`${name} (${locked ?? 'not locked'}, here ${installed ?? 'not installed'})`];
  });
}

/** Every file under a directory with its bytes. */
function treeOf(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(directory)) return files;
  for (const entry of fs.readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(directory, path.join(entry.parentPath, entry.name)), fs.readFileSync(path.join(entry.parentPath, entry.name), 'latin1'));
  }
  return files;
}

/** The files where two trees differ, sorted. */
function differingFiles(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((file) => a.get(file) !== b.get(file)).sort();
}

export interface VerifyOptions {
  /**
   * A commit that locks other package versions than the ones installed cannot be re-rendered here.
   * `refuse` (a promotion: install that commit's packages first); `day-2 only` (CI's check of a pin,
   * which must not fail a promotion across a dependency upgrade: the commit's own CI compared its dist/
   * with a fresh synth): note it and run the day-2 check alone.
   * @default 'refuse'
   */
  readonly otherPackages?: 'refuse' | 'day-2 only';
}

/**
 * Checks a promotion before it is made, and returns the lines to print (the plan, and the procedures of
 * acknowledged changes, which the operator runs as the promotion syncs):
 *
 * 1. What a commit deploys is its committed `dist/<environment>`: it is promotable only if that equals a
 *    fresh synth of the same commit (its code, settings and synth command, with this project's installed
 *    packages, which must be the versions it locks).
 * 2. The day-2 check between what runs (`dist/<environment>` at the pinned commit) and the promoted
 *    one, with the promoted commit's acknowledgements: refused as the synth refuses.
 */
export function verifyPromotion(projectRoot: string, git: GitRunner, plan: PromotionPlan, options: VerifyOptions = {}): string[] {
  const { environment, from, to } = plan;
  const checkout = extractCommit(git, to);
  try {
    const committed = treeOf(path.join(checkout, 'dist', environment));
    if (committed.size === 0) throw new PromotionRefused(`commit ${to} has no dist/${environment}: nothing to deploy`);
    const day2 = () => day2Check(projectRoot, checkout, environment, from, to, [...committed.keys()].sort().map((file) => committed.get(file)!));
    const differ = packagesThatDiffer(projectRoot, checkout);
    if (differ.length > 0 && options.otherPackages === 'day-2 only') {
      return [`note: commit ${to} locks other versions of ${differ.join(', ')}: its dist/${environment} is taken as its CI checked it, and only the day-2 check runs here`, ...day2()];
    }
    if (differ.length > 0) {
      throw new PromotionRefused(`commit ${to} locks other versions of ${differ.join(', ')}: run the promotion where its packages are installed (npm ci)`);
    }
    fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
    // The commit's own synth command, so the render is exactly what its CI compared.
    const synth = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: checkout, encoding: 'utf8' });
    if (synth.status !== 0) {
      throw new PromotionRefused(`the synth of commit ${to} fails: ${(synth.stderr || synth.stdout).trim().split('\n')[0]}`);
    }
    const stale = differingFiles(committed, treeOf(path.join(checkout, 'dist', environment)));
    if (stale.length > 0) {
      throw new PromotionRefused(`dist/${environment} of commit ${to} is not its fresh synth (${stale.map((file) => `dist/${environment}/${file}`).join(', ')} differ): promote a commit whose dist/ is up to date`);
    }
    return day2();
  } finally {
    fs.rmSync(checkout, { recursive: true, force: true });
  }
}

/** The day-2 comparison of dist/<environment> at `from` (what runs) with the promoted render. */
function day2Check(projectRoot: string, checkout: string, environment: string, from: string, to: string, promoted: readonly string[]): string[] {
  let live: readonly string[];
  try {
    live = readRenderedAtRevision(projectRoot, from, 'dist').get(environment) ?? [];
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    throw new PromotionRefused(`cannot read what ${environment} runs, dist/${environment} at ${from}: ${error.message}`);
  }
  let stack: StackModel;
  try {
    stack = loadStacks(checkout, [environment]).models[0];
  } catch (error) {
    if (error instanceof ConfigError) throw new PromotionRefused(`the settings of commit ${to} do not load here: ${formatProblem(error.problems[0])}`);
    throw error;
  }
  const comparison = compare({
    environment,
    before: parseRendered(live),
    after: parseRendered(promoted),
    acknowledgements: stack.acknowledgements,
    replicableVolumes: stack.volumes.filter((volume) => volume.replicable).map((volume) => volume.name),
  });
  if (comparison.refused.length > 0) {
    const lines = comparison.refused.map((finding) => `error: ${formatFinding(finding)}`);
    throw new PromotionRefused(
      `${lines.length} day-2 problem(s) between ${from.slice(0, 12)} (what ${environment} runs) and ${to.slice(0, 12)}; acknowledge each in environments/${environment}.yaml of the promoted commit, or promote another:\n${lines.join('\n')}`,
    );
  }
  return [
    ...comparison.acknowledged.map((finding) => `acknowledged: ${formatFinding(finding, 'procedure')}`),
    ...comparison.notes.map((finding) => `note: ${formatFinding(finding, 'then')}`),
    formatPlan(comparison.plan),
  ];
}

/** The settings text with only the environment's `gitops.targetRevision` changed: a one-line diff. */
export function withTargetRevision(text: string, commit: string): string {
  const document = parseDocument(text);
  const node = document.getIn(['gitops', 'targetRevision'], true);
  if (!isNode(node) || !isScalar(node) || !node.range) throw new PromotionRefused('gitops.targetRevision not found');
  const [start, end] = node.range;
  return `${text.slice(0, start)}${commit}${text.slice(end)}`;
}

/**
 * Pins the environment: edits the one setting and re-renders dist/ (only dist/argocd changes: the
 * Application's targetRevision). If rendering fails, the settings file is restored.
 */
export function applyPromotion(projectRoot: string, distDirectory: string, plan: PromotionPlan, log: (line: string) => void): void {
  const file = path.join(projectRoot, plan.settingsFile);
  const before = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, withTargetRevision(before, plan.to));
  const lines: string[] = [];
  // The environments' plans are those of the commits already rendered; the promotion prints its own.
  if (!synthesize(projectRoot, distDirectory, (line) => lines.push(line), { print: () => undefined })) {
    fs.writeFileSync(file, before);
    throw new PromotionRefused(`rendering failed, settings restored: ${lines.join(' | ')}`);
  }
  lines.forEach(log);
}
