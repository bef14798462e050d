import { App } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { ArgoCdChart, type RenderedKind } from './argocd-chart';
import { toManifestYaml } from './manifest-yaml';
import type { StackModel } from './model';
import { withToolExemptions } from './policies/tool-exemptions';
import { StackChart } from './stack-chart';

/** The folder of dist/ that holds Argo CD's objects (the AppProject and the Applications). */
export const ARGOCD_FOLDER = 'argocd';

/** Kinds that are not namespaced, among those the charts render. */
const CLUSTER_SCOPED_KINDS = new Set(['Namespace']);

/**
 * Synthesizes each environment into `<outdir>/<environment>/<project>.k8s.yaml`, and Argo CD's objects
 * into `<outdir>/argocd/<project>.k8s.yaml` when the stack uses Argo CD. One file per environment keeps
 * the objects in construct order (the sync-wave order, Namespace first) for a single `kubectl apply -f`.
 * The charts resolve their objects as `cdk8s synth` would; writing them is ours (see manifest-yaml.ts).
 */
export function renderStacks(models: readonly StackModel[], outdir: string): void {
  const kinds = new Map<string, RenderedKind>();
  for (const stack of models) {
    const manifests = renderManifests(stack);
    for (const { apiVersion, kind } of manifests) {
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
      kinds.set(`${group}/${kind}`, { group, kind, namespaced: !CLUSTER_SCOPED_KINDS.has(kind) });
    }
    writeManifests(path.join(outdir, stack.environment.name), `${stack.project}.k8s.yaml`, manifests);
  }
  const delivered = models.filter((stack) => stack.gitops);
  if (delivered.length > 0) {
    // Sorted by code points, not by locale, so the output is the same on every machine.
    const key = (kind: RenderedKind) => `${kind.group}/${kind.kind}`;
    const sortedKinds = [...kinds.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const chart = new ArgoCdChart(new App({ outdir }), 'argocd', { stacks: delivered, kinds: sortedKinds });
    writeManifests(path.join(outdir, ARGOCD_FOLDER), `${delivered[0].project}.k8s.yaml`, chart.toJson());
  }
}

function writeManifests(directory: string, file: string, manifests: readonly unknown[]): void {
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(path.join(directory, file), toManifestYaml(manifests));
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
