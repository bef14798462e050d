import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, formatProblem } from '../../lib/errors';
import { loadStacks } from '../../lib/loader/load-stack';
import type { StackModel } from '../../lib/model';
import { renderManifests } from '../../lib/render';

/** The project root: tests read the project's own compose files and settings, never anything outside. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/** A Kubernetes object as rendered. */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [key: string]: any }; [key: string]: any };

/** Loads one environment of the project (or of a copy of it). */
export function loadEnvironment(environment: string, projectRoot = PROJECT_ROOT): StackModel {
  return loadStacks(projectRoot, [environment]).models[0];
}

/**
 * The one-line problems the load of a project (or of its `environments`) refuses it with, as the synth
 * prints them; fails the test when it loads.
 */
export function loadProblems(projectRoot: string, environments?: readonly string[]): string[] {
  try {
    loadStacks(projectRoot, environments);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('expected the load to fail');
}

/** Synthesizes a model the way main.ts does, in memory: the objects dist/ holds, in the same order. */
export function synthModel(stack: StackModel): Manifest[] {
  return renderManifests(stack) as Manifest[];
}

/** Synthesizes one environment of the project (or of a copy of it). */
export function synthEnvironment(environment: string, projectRoot = PROJECT_ROOT): Manifest[] {
  return synthModel(loadEnvironment(environment, projectRoot));
}

export function find(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}; have: ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found;
}

/**
 * A throw-away copy of the project's inputs (compose files and settings), for tests that edit them.
 * `edit` receives a function that rewrites one file by a text replacement that must match.
 */
export function copyProject(edit?: (replace: (file: string, from: string | RegExp, to: string) => void) => void): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-project-'));
  for (const directory of ['compose', 'environments']) {
    fs.cpSync(path.join(PROJECT_ROOT, directory), path.join(root, directory), { recursive: true });
  }
  edit?.((file, from, to) => {
    const target = path.join(root, file);
    const before = fs.readFileSync(target, 'utf8');
    const after = before.replace(from, to);
    if (after === before) throw new Error(`test setup: ${String(from)} not found in ${file}`);
    fs.writeFileSync(target, after);
  });
  return root;
}

/** The main container of a workload (the one named after the service). */
export function mainContainer(workload: Manifest): any {
  const containers = workload.spec.template.spec.containers as any[];
  return containers.find((container) => container.name === workload.metadata.labels['app.kubernetes.io/name']) ?? containers[0];
}

/**
 * A throw-away copy of the whole project that can run its own commands (`main.ts`, scripts): sources,
 * inputs and the committed dist/, with node_modules linked rather than copied.
 */
export function copyRunnableProject(edit?: (replace: (file: string, from: string | RegExp, to: string) => void) => void): string {
  const root = copyProject(edit);
  for (const entry of ['lib', 'scripts', 'tools', 'imports', 'dist', 'main.ts', 'tsconfig.json', 'package.json', 'cdk8s.yaml']) {
    const source = path.join(PROJECT_ROOT, entry);
    if (fs.existsSync(source)) fs.cpSync(source, path.join(root, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/** Runs a TypeScript entry point of a project copy the way the npm scripts and cdk8s.yaml do. */
export function runTypeScript(root: string, entry: string, args: readonly string[] = []): { status: number | null; stdout: string; stderr: string } {
  const result = require('child_process').spawnSync(process.execPath, ['--require', './tools/register-typescript.cjs', entry, ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under a directory with its bytes, to compare trees exactly. */
export function snapshotTree(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(directory)) return files;
  for (const entry of fs.readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files.set(path.relative(directory, file), fs.readFileSync(file, 'latin1'));
    }
  }
  return files;
}
