/**
 * `npm run switch -- <blue|green> --env <environment> [--service <name>] [--check]`
 *
 * Points a blue/green service's traffic at the other colour: changes `activeColor` in
 * environments/<environment>.yaml (one line) and re-renders dist/. Refusals print one line, exit 1
 * and change nothing. Only `--check` talks to a cluster (kubectl, current context).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { applySwitch, checkTargetAvailable, parseSwitchArguments, planSwitch, SwitchRefused } from '../lib/release/switch-color';

const PROJECT_ROOT = path.resolve(__dirname, '..');

function main(args: readonly string[]): number {
  try {
    const request = parseSwitchArguments(args);
    const plan = planSwitch(PROJECT_ROOT, request);
    if (request.check) {
      checkTargetAvailable(plan, (kubectlArgs) => {
        const result = spawnSync('kubectl', kubectlArgs, { encoding: 'utf8' });
        return { status: result.error ? null : result.status, stdout: result.stdout ?? '', stderr: result.error?.message ?? result.stderr ?? '' };
      });
    }
    applySwitch(PROJECT_ROOT, path.join(PROJECT_ROOT, 'dist'), plan, (line) => console.error(line));
    console.log(
      `${plan.service} in ${plan.environment}: traffic ${plan.from} -> ${plan.to}. Review and commit ${plan.settingsFile} and dist/${plan.environment}/.`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof SwitchRefused)) throw error;
    console.error(`switch refused: ${error.message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
