import { App, YamlOutputType } from 'cdk8s';
import * as path from 'path';
import type { StackModel } from './model';
import { StackChart } from './stack-chart';

/** The file each environment's manifests are written to, inside `<outdir>/<environment>/`. */
export const MANIFEST_FILE_SUFFIX = '.k8s.yaml';

/**
 * Synthesizes each environment into `<outdir>/<environment>/<project>.k8s.yaml`. One file per
 * environment keeps the objects in dependency order for a single `kubectl apply -f`.
 */
export function renderStacks(models: readonly StackModel[], outdir: string): void {
  for (const stack of models) {
    const app = new App({
      outdir: path.join(outdir, stack.environment.name),
      outputFileExtension: MANIFEST_FILE_SUFFIX,
      yamlOutputType: YamlOutputType.FILE_PER_CHART,
    });
    new StackChart(app, stack.project, { stack });
    app.synth();
  }
}
