import * as fs from 'fs';
import * as path from 'path';
import {
  applySwitch,
  checkTargetAvailable,
  parseSwitchArguments,
  planSwitch,
  SwitchRefused,
  withActiveColor,
  type KubectlRunner,
  type SwitchPlan,
} from '../../lib/release/switch-color';
import { synthesize } from '../../lib/synthesize';
import { copyProject, copyRunnableProject, runTypeScript, snapshotTree } from '../support/project';

/** A project copy with a rendered dist/, as a user's checkout would be. */
function renderedCopy(edit?: Parameters<typeof copyProject>[0]): { root: string; dist: string } {
  const root = copyProject(edit);
  const dist = path.join(root, 'dist');
  if (!synthesize(root, dist, () => undefined, { print: () => undefined })) throw new Error('test setup: the copy does not render');
  return { root, dist };
}

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof SwitchRefused) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseSwitchArguments', () => {
  test('reads the colour, the environment and the flags', () => {
    expect(parseSwitchArguments(['green', '--env', 'prod', '--check'])).toEqual({ color: 'green', environment: 'prod', service: undefined, check: true });
    expect(parseSwitchArguments(['--env', 'dev', 'blue', '--service', 'backend'])).toEqual({ color: 'blue', environment: 'dev', service: 'backend', check: false });
  });

  test('refuses a missing environment, an unknown option and a stray argument', () => {
    expect(refusal(() => parseSwitchArguments(['green']))).toMatch(/^usage: switch <blue\|green> --env/);
    expect(refusal(() => parseSwitchArguments(['green', '--env', 'prod', '--force']))).toMatch(/^unknown option --force/);
    expect(refusal(() => parseSwitchArguments(['green', 'blue', '--env', 'prod']))).toMatch(/^unexpected argument "blue"/);
  });
});

describe('planSwitch refuses, naming the reason', () => {
  const { root } = renderedCopy((replace) => {
    replace('environments/staging.yaml', 'green: { tag: 1.0.0-rc.1 }', 'green: { tag: 1.0.0-rc.1, replicas: 0 }');
    replace('environments/dev.yaml', 'green: { tag: dev }', 'green: {}');
  });
  const request = { color: 'green', environment: 'prod', check: false };

  test('an unknown colour', () => {
    expect(refusal(() => planSwitch(root, { ...request, color: 'purple' }))).toBe('"purple" is not a colour: use blue or green');
  });

  test('an unknown environment', () => {
    expect(refusal(() => planSwitch(root, { ...request, environment: 'qa' }))).toContain('unknown environment "qa"');
  });

  test('a switch to the colour already active', () => {
    expect(refusal(() => planSwitch(root, { ...request, color: 'blue' }))).toBe('backend in prod already sends traffic to blue: nothing to switch');
  });

  test('a target colour with zero replicas', () => {
    expect(refusal(() => planSwitch(root, { ...request, environment: 'staging' }))).toMatch(/^backend-green has zero replicas in staging/);
  });

  test('a target colour with no image', () => {
    expect(refusal(() => planSwitch(root, { ...request, environment: 'dev' }))).toMatch(/^backend-green has no image in dev/);
  });

  test('a service that is not blue/green', () => {
    expect(refusal(() => planSwitch(root, { ...request, service: 'frontend' }))).toMatch(/^"frontend" is not a blue\/green service in prod/);
  });
});

describe('switching', () => {
  test('changes one line of the settings and only the two Service selectors in dist/, and switching back restores dist/ byte for byte', () => {
    const { root, dist } = renderedCopy();
    const settingsBefore = fs.readFileSync(path.join(root, 'environments/prod.yaml'), 'utf8');
    const before = snapshotTree(dist);

    applySwitch(root, dist, planSwitch(root, { color: 'green', environment: 'prod', check: false }), () => undefined);

    const settingsAfter = fs.readFileSync(path.join(root, 'environments/prod.yaml'), 'utf8');
    const changedLines = settingsAfter.split('\n').filter((line, index) => line !== settingsBefore.split('\n')[index]);
    expect(changedLines).toEqual(['    activeColor: green']);
    const after = snapshotTree(dist);
    expect([...after.keys()].filter((file) => after.get(file) !== before.get(file))).toEqual(['prod/tramites.k8s.yaml']);
    const oldLines = before.get('prod/tramites.k8s.yaml')!.split('\n');
    const newLines = after.get('prod/tramites.k8s.yaml')!.split('\n');
    expect(newLines.length).toBe(oldLines.length);
    const changes = newLines.flatMap((line, index) => (line === oldLines[index] ? [] : [[oldLines[index], line]]));
    expect(changes).toEqual([
      ['    blue-green/color: blue', '    blue-green/color: green'],
      ['    blue-green/color: green', '    blue-green/color: blue'],
    ]);
    // Both changed lines are Service selectors: the objects they belong to are the two Services.
    for (const [index] of newLines.map((line, i) => [i, line] as const).filter(([i, line]) => line !== oldLines[i])) {
      const objectStart = newLines.lastIndexOf('---', index);
      expect(newLines.slice(objectStart + 1, objectStart + 3)).toEqual(['apiVersion: v1', 'kind: Service']);
    }

    applySwitch(root, dist, planSwitch(root, { color: 'blue', environment: 'prod', check: false }), () => undefined);
    expect(fs.readFileSync(path.join(root, 'environments/prod.yaml'), 'utf8')).toBe(settingsBefore);
    expect(snapshotTree(dist)).toEqual(before);
  });

  test('withActiveColor keeps comments and layout', () => {
    const text = '# keep me\nblueGreen:\n  backend:\n    activeColor: blue   # the live one\n    blue: { tag: 1 }\n';
    expect(withActiveColor(text, 'backend', 'green')).toBe('# keep me\nblueGreen:\n  backend:\n    activeColor: green   # the live one\n    blue: { tag: 1 }\n');
  });
});

describe('checkTargetAvailable (--check)', () => {
  const plan: SwitchPlan = { environment: 'prod', namespace: 'tramites-prod', service: 'backend', from: 'blue', to: 'green', targetReplicas: 3, settingsFile: 'environments/prod.yaml' };
  const live = (spec: number, available: number, updated = available, generations: [number, number] = [2, 2]): KubectlRunner => (args) => {
    expect(args).toEqual(['-n', 'tramites-prod', 'get', 'deployment', 'backend-green', '-o', 'json']);
    return {
      status: 0,
      stderr: '',
      stdout: JSON.stringify({ metadata: { generation: generations[0] }, spec: { replicas: spec }, status: { observedGeneration: generations[1], availableReplicas: available, updatedReplicas: updated } }),
    };
  };

  test('passes when every replica of the target runs its current spec and is available', () => {
    expect(() => checkTargetAvailable(plan, live(3, 3))).not.toThrow();
  });

  test('refuses when replicas are missing, outdated, or the spec is not yet observed', () => {
    expect(refusal(() => checkTargetAvailable(plan, live(3, 2)))).toBe('backend-green in tramites-prod is not fully available (2/3 available, 2/3 updated): not switching');
    expect(refusal(() => checkTargetAvailable(plan, live(3, 3, 1)))).toMatch(/not fully available/);
    expect(refusal(() => checkTargetAvailable(plan, live(3, 3, 3, [3, 2])))).toMatch(/not fully available/);
  });

  test('refuses a live Deployment scaled below the settings, even to zero', () => {
    expect(refusal(() => checkTargetAvailable(plan, live(0, 0)))).toBe('backend-green in tramites-prod is not fully available (0/3 available, 0/3 updated): not switching');
    expect(refusal(() => checkTargetAvailable(plan, live(2, 2)))).toMatch(/\(2\/3 available/);
  });

  test('refuses when kubectl cannot read the Deployment', () => {
    const failing: KubectlRunner = () => ({ status: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "backend-green" not found\n' });
    expect(refusal(() => checkTargetAvailable(plan, failing))).toBe(
      'cannot read deployment backend-green in tramites-prod: Error from server (NotFound): deployments.apps "backend-green" not found',
    );
  });
});

describe('npm run switch (the command itself)', () => {
  test('each refusal exits non-zero with one line and leaves the settings and dist/ unchanged', () => {
    const root = copyRunnableProject((replace) => replace('environments/staging.yaml', 'green: { tag: 1.0.0-rc.1 }', 'green: { tag: 1.0.0-rc.1, replicas: 0 }'));
    // The copy's dist/ must match its edited settings before the refusals are tried.
    expect(runTypeScript(root, 'main.ts').status).toBe(0);
    const settings = snapshotTree(path.join(root, 'environments'));
    const dist = snapshotTree(path.join(root, 'dist'));
    const cases: Array<[string[], RegExp]> = [
      [['purple', '--env', 'prod'], /^switch refused: "purple" is not a colour/],
      [['green', '--env', 'qa'], /^switch refused: .*unknown environment "qa"/],
      [['blue', '--env', 'prod'], /^switch refused: backend in prod already sends traffic to blue/],
      [['green', '--env', 'staging'], /^switch refused: backend-green has zero replicas in staging/],
    ];
    for (const [args, message] of cases) {
      const result = runTypeScript(root, 'scripts/switch.ts', args);
      expect({ args, status: result.status, lines: result.stderr.trim().split('\n') }).toEqual({ args, status: 1, lines: [expect.stringMatching(message)] });
      expect(snapshotTree(path.join(root, 'environments'))).toEqual(settings);
      expect(snapshotTree(path.join(root, 'dist'))).toEqual(dist);
    }
  });
});
