import { App } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { ArgoCdChart, type RenderedKind } from './argocd-chart';
import { joinManifestDocuments, toManifestDocument } from './manifest-yaml';
import type { StackModel } from './model';
import { withToolExemptions } from './policies/tool-exemptions';
import { RootChart } from './root-chart';
import { StackChart } from './stack-chart';

/** The folder of dist/ that holds Argo CD's objects (the AppProject and the Applications). */
export const ARGOCD_FOLDER = 'argocd';
/** The file of dist/argocd that holds the root Application, the one object applied by hand; the root syncs the rest of the folder. */
export const ROOT_FILE = 'root.k8s.yaml';

/** Kinds that are not namespaced, among those the charts render. */
const CLUSTER_SCOPED_KINDS = new Set(['Namespace']);

/** One folder of dist/ as rendered, before anything is written. */
export interface RenderedFolder {
  /** `dev`, `prod`… or `argocd`. */
  readonly folder: string;
  /** The environment the folder holds; undefined for Argo CD's folders. */
  readonly environment?: StackModel;
  readonly file: string;
  readonly manifests: readonly any[];
  /** Each object's YAML (toManifestDocument), in the same order. */
  readonly documents: readonly string[];
  /** The file: the documents, joined. */
  readonly text: string;
}

/**
 * Renders each environment, and Argo CD's objects when the stack uses Argo CD, in memory: the folders
 * of dist/ (`<environment>/<project>.k8s.yaml`, `argocd/<project>.k8s.yaml`, and beside it the root
 * Application that syncs the rest of that folder, `argocd/root.k8s.yaml`), checked before any is written. One file per environment keeps the objects in construct order (the sync-wave order,
 * Namespace first) for a single `kubectl apply -f`. The charts resolve their objects as `cdk8s synth`
 * would; writing them is ours (see manifest-yaml.ts).
 */
export function renderOutput(models: readonly StackModel[]): RenderedFolder[] {
  const folders: RenderedFolder[] = [];
  for (const stack of models) {
    folders.push(folderOf(stack.environment.name, `${stack.project}.k8s.yaml`, renderManifests(stack), stack));
  }
  const delivered = models.filter((stack) => stack.gitops);
  if (delivered.length > 0) {
    const { project, gitops } = delivered[0];
    const kinds = renderedKinds(folders.flatMap((folder) => folder.manifests));
    const argocd = new ArgoCdChart(new App(), 'argocd', { stacks: delivered, kinds }).toJson();
    folders.push(folderOf(ARGOCD_FOLDER, `${project}.k8s.yaml`, argocd));
    const root = new RootChart(new App(), 'root', {
      gitops: gitops!,
      project,
      path: `dist/${ARGOCD_FOLDER}`,
      exclude: ROOT_FILE,
      revision: gitops!.branch,
      kinds: renderedKinds(argocd),
    });
    folders.push(folderOf(ARGOCD_FOLDER, ROOT_FILE, root.toJson()));
  }
  return folders;
}

/** The kinds among `manifests`, sorted by code points (not by locale: the same on every machine). */
function renderedKinds(manifests: ReadonlyArray<{ apiVersion: string; kind: string }>): RenderedKind[] {
  const kinds = new Map<string, RenderedKind>();
  for (const { apiVersion, kind } of manifests) {
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    kinds.set(`${group}/${kind}`, { group, kind, namespaced: !CLUSTER_SCOPED_KINDS.has(kind) });
  }
  const key = (kind: RenderedKind) => `${kind.group}/${kind.kind}`;
  return [...kinds.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function folderOf(folder: string, file: string, manifests: readonly any[], environment?: StackModel): RenderedFolder {
  const documents = manifests.map(toManifestDocument);
  return { folder, environment, file, manifests, documents, text: joinManifestDocuments(documents) };
}

/** Writes rendered folders under `outdir`. */
export function writeOutput(folders: readonly RenderedFolder[], outdir: string): void {
  for (const { folder, file, text } of folders) {
    fs.mkdirSync(path.join(outdir, folder), { recursive: true });
    fs.writeFileSync(path.join(outdir, folder, file), text);
  }
}

/**
 * Whether `outdir` holds exactly what writeOutput would write there: the same folders and files, byte
 * for byte, and nothing else.
 */
export function holdsOutput(folders: readonly RenderedFolder[], outdir: string): boolean {
  const expected = new Map<string, Map<string, string>>();
  for (const { folder, file, text } of folders) expected.set(folder, (expected.get(folder) ?? new Map<string, string>()).set(file, text));
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(outdir, { withFileTypes: true });
  } catch {
    return false;
  }
  return (
    entries.length === expected.size &&
    entries.every((entry) => {
      const files = expected.get(entry.name);
      if (!files || !entry.isDirectory()) return false;
      const folder = path.join(outdir, entry.name);
      const names = fs.readdirSync(folder);
      return names.length === files.size && names.every((name) => files.has(name) && fs.readFileSync(path.join(folder, name), 'utf8') === files.get(name));
    })
  );
}

/** Renders every environment (see renderOutput) and writes it under `outdir`. */
export function renderStacks(models: readonly StackModel[], outdir: string): void {
  writeOutput(renderOutput(models), outdir);
}

/**
 * One environment's objects, as they are written to dist/: the chart's objects in wave order, each
 * carrying the linters' exemption annotations of the declared security exceptions that cover it.
 */
export function renderManifests(stack: StackModel): any[] {
  const manifests = inWaveOrder(new StackChart(new App(), stack.project, { stack }).toJson());
  return withToolExemptions(stack.environment.name, manifests, stack.securityExceptions);
}

/**
 * The objects in the order Argo CD applies them (stable: construct order within a wave), so that a
 * plain `kubectl apply -f` goes the same way. The Namespace is the first object of wave 0.
 */
function inWaveOrder(manifests: ReadonlyArray<{ metadata?: { annotations?: Record<string, string> } }>): any[] {
  const wave = (manifest: (typeof manifests)[number]) => Number(manifest.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
  return manifests.map((manifest, index) => ({ manifest, index })).sort((a, b) => wave(a.manifest) - wave(b.manifest) || a.index - b.index).map(({ manifest }) => manifest);
}
