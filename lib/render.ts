import { App } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { toManifestYaml } from './manifest-yaml';
import type { StackModel } from './model';
import { StackChart } from './stack-chart';

/** The file each environment's manifests are written to, inside `<outdir>/<environment>/`. */
export function manifestFileName(stack: StackModel): string {
  return `${stack.project}.k8s.yaml`;
}

/**
 * Synthesizes each environment into `<outdir>/<environment>/<project>.k8s.yaml`. One file per
 * environment keeps the objects in construct order (Namespace first) for a single `kubectl apply -f`.
 * The chart resolves its objects as `cdk8s synth` would; writing them is ours (see manifest-yaml.ts).
 */
export function renderStacks(models: readonly StackModel[], outdir: string): void {
  for (const stack of models) {
    const chart = new StackChart(new App({ outdir }), stack.project, { stack });
    const directory = path.join(outdir, stack.environment.name);
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(path.join(directory, manifestFileName(stack)), toManifestYaml(chart.toJson()));
  }
}
