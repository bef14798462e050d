import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parsePromoteArguments, PromotionRefused, withTargetRevision } from '../../lib/release/promote';
import { copyRunnableProject, PROJECT_ROOT, runTypeScript, snapshotTree } from '../support/project';

/** git in a test repository, as a fixed author, failing the test on any error. */
function git(root: string, ...args: string[]): string {
  const result = spawnSync('git', ['-C', root, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid' },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function commitAll(root: string, message: string): string {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD');
}

function edit(root: string, file: string, from: string | RegExp, to: string): void {
  const target = path.join(root, file);
  const before = fs.readFileSync(target, 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  fs.writeFileSync(target, after);
}

function promote(root: string, ...args: string[]) {
  return runTypeScript(root, 'scripts/promote.ts', args);
}

function synth(root: string): void {
  const result = runTypeScript(root, 'main.ts');
  if (result.status !== 0) throw new Error(`test setup: synth failed: ${result.stderr}`);
}

describe('parsePromoteArguments', () => {
  test('reads the environment and the commit', () => {
    expect(parsePromoteArguments(['prod', '--to', 'abc'])).toEqual({ environment: 'prod', to: 'abc' });
    expect(parsePromoteArguments(['staging'])).toEqual({ environment: 'staging', to: undefined });
  });

  test('refuses no environment, an unknown option, a --to without a commit', () => {
    expect(() => parsePromoteArguments([])).toThrow(new PromotionRefused('usage: promote <environment> [--to <commit>]'));
    expect(() => parsePromoteArguments(['prod', '--force'])).toThrow(/unknown option --force/);
    expect(() => parsePromoteArguments(['prod', '--to'])).toThrow(/--to needs a commit/);
  });
});

test('withTargetRevision changes only the revision, keeping the line and its comments', () => {
  const text = '# prod\ngitops: { targetRevision: main, automated: true, prune: false, selfHeal: true }\n# end\n';
  expect(withTargetRevision(text, 'a'.repeat(40))).toBe(`# prod\ngitops: { targetRevision: ${'a'.repeat(40)}, automated: true, prune: false, selfHeal: true }\n# end\n`);
});

/**
 * The whole flow on a local git repository made from a copy of the project: prod pinned to a first
 * commit; a commit whose dist/ was not re-rendered is refused; a good one is pinned with a one-line
 * change of the settings and of dist/argocd; a rollback pins back.
 */
describe('npm run promote on a local repository', () => {
  const root = copyRunnableProject();
  for (const file of ['.gitignore', 'package-lock.json']) fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(root, file));
  // The copy links node_modules, and `node_modules/` in .gitignore matches only a directory.
  fs.appendFileSync(path.join(root, '.gitignore'), 'node_modules\n');
  git(root, 'init', '-q', '-b', 'main');
  const first = commitAll(root, 'first');
  edit(root, 'environments/prod.yaml', /targetRevision: [0-9a-f]{40},/, `targetRevision: ${first},`);
  edit(root, 'environments/staging.yaml', /targetRevision: [0-9a-f]{40},/, `targetRevision: ${first},`);
  synth(root);
  commitAll(root, 'pin staging and prod');

  // A change of prod's output committed without rendering it: its dist/prod is stale.
  edit(root, 'environments/prod.yaml', 'ENVIRONMENT: production', 'ENVIRONMENT: production\n  LOG_LEVEL: WARNING');
  const stale = commitAll(root, 'log less in prod, dist/ not re-rendered');
  synth(root);
  const good = commitAll(root, 'render dist/');

  test('refuses a commit whose dist/<env> is not its fresh synth, naming the file, and changes nothing', () => {
    const before = snapshotTree(root);
    const result = promote(root, 'prod', '--to', stale);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `promote refused: dist/prod of commit ${stale} is not its fresh synth (dist/prod/tramites.k8s.yaml differ): promote a commit whose dist/ is up to date`,
    );
    expect(snapshotTree(root)).toEqual(before);
  });

  test('pins a good commit: one line of the settings and one of dist/argocd, and dist/ equals a fresh synth', () => {
    const result = promote(root, 'prod', '--to', good.slice(0, 10));
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    // The day-2 plan between what prod runs and the promoted commit, then what to commit.
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^plan: prod: 0 added, \d+ changed, 0 removed; restarts .*Deployment\/backend-blue/),
      `prod: pinned ${first.slice(0, 12)} -> ${good.slice(0, 12)}. Review and commit environments/prod.yaml and dist/argocd/.`,
    ]);
    expect(git(root, 'diff', '--numstat')).toBe(['1\t1\tdist/argocd/tramites.k8s.yaml', '1\t1\tenvironments/prod.yaml'].join('\n'));
    // The manifest writer quotes a commit id that YAML 1.1 could read as a number.
    expect(git(root, 'diff', '-U0', 'dist/argocd')).toMatch(new RegExp(`\\n\\+ {4}targetRevision: "?${good}"?(\\n|$)`));
    const promoted = snapshotTree(path.join(root, 'dist'));
    synth(root);
    expect(snapshotTree(path.join(root, 'dist'))).toEqual(promoted);
    commitAll(root, 'promote prod');
  });

  test('a rollback pins back to the earlier commit', () => {
    const result = promote(root, 'prod', '--to', first);
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(root, 'environments/prod.yaml'), 'utf8')).toContain(`targetRevision: ${first},`);
    git(root, 'checkout', '-q', '--', '.');
  });

  test('without --to, an environment gets what the one before it runs', () => {
    // staging follows what main holds now; prod would get staging's commit.
    const result = promote(root, 'staging');
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(root, 'environments/staging.yaml'), 'utf8')).toContain(`targetRevision: ${git(root, 'rev-parse', 'HEAD~0')},`);
    git(root, 'checkout', '-q', '--', '.');
  });

  test.each([
    [['dev'], 'promote refused: dev follows the branch main: every merge deploys it; only an environment pinned to a commit is promoted'],
    [['qa', '--to', 'main'], 'promote refused: unknown environment "qa"; known: dev, staging, prod'],
    [['prod', '--to', 'no-such-branch'], 'promote refused: "no-such-branch" is not a commit of this repository'],
  ])('refuses %j with one line and changes nothing', (args, message) => {
    const before = snapshotTree(root);
    const result = promote(root, ...args);
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 1, stderr: message });
    expect(snapshotTree(root)).toEqual(before);
  });

  test('refuses to pin the commit the environment already runs', () => {
    const result = promote(root, 'prod', '--to', good);
    expect(result.stderr.trim()).toBe(`promote refused: prod is already pinned to ${good}: nothing to promote`);
  });

  describe('the day-2 check between what prod runs and the promoted commit', () => {
    const growth = ['db-data: { size: 100Gi', 'db-data: { size: 200Gi'] as const;
    const acknowledgement =
      '\nacknowledgements:\n  - object: StatefulSet/db\n    field: "spec.volumeClaimTemplates[db-data].spec.resources.requests.storage"\n    before: "100Gi"\n    after: "200Gi"\n    reason: grown by the procedure\n';
    let acknowledged = '';
    let unacknowledged = '';
    beforeAll(() => {
      edit(root, 'environments/prod.yaml', ...growth);
      fs.appendFileSync(path.join(root, 'environments/prod.yaml'), acknowledgement);
      // The synth compares prod with what it runs (its pinned commit, read from this repository).
      const rendered = runTypeScript(root, 'main.ts');
      expect(rendered.stdout).toContain('acknowledged: prod: StatefulSet/db');
      acknowledged = commitAll(root, 'grow the database volume, acknowledged');
      // The same render with the acknowledgement dropped: its dist/ is still its fresh synth.
      edit(root, 'environments/prod.yaml', acknowledgement, '');
      unacknowledged = commitAll(root, 'drop the acknowledgement');
    });

    test('the synth compares prod with what it runs, its pinned commit, not with the dist/ beside it', () => {
      // dist/prod here already holds the growth; prod runs its pinned commit, where db-data is 100Gi.
      const before = snapshotTree(root);
      const result = runTypeScript(root, 'main.ts');
      expect(result.status).toBe(1);
      expect(result.stderr.split('\n').filter((line) => line.startsWith('error: '))).toEqual([
        expect.stringMatching(/^error: prod: StatefulSet\/db: field "spec\.volumeClaimTemplates\[db-data\]\.spec\.resources\.requests\.storage": 100Gi → 200Gi: /),
      ]);
      expect(snapshotTree(root)).toEqual(before);
    });

    test('refuses a change the cluster would refuse, one line per finding, and changes nothing', () => {
      const before = snapshotTree(root);
      const result = promote(root, 'prod', '--to', unacknowledged);
      expect(result.status).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines[0]).toBe(
        `promote refused: 1 day-2 problem(s) between ${good.slice(0, 12)} (what prod runs) and ${unacknowledged.slice(0, 12)}; acknowledge each in environments/prod.yaml of the promoted commit, or promote another:`,
      );
      expect(lines.slice(1)).toEqual([expect.stringMatching(/^error: prod: StatefulSet\/db: field "spec\.volumeClaimTemplates\[db-data\]\.spec\.resources\.requests\.storage": 100Gi → 200Gi: .*\[statefulset-claim-templates\]$/)]);
      expect(snapshotTree(root)).toEqual(before);
    });

    test('pins the acknowledged change and prints the procedure to run as it syncs', () => {
      const result = promote(root, 'prod', '--to', acknowledged);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^acknowledged: prod: StatefulSet\/db: field .*100Gi → 200Gi: .*kubectl -n tramites-prod patch pvc db-data-db-0/m);
      git(root, 'checkout', '-q', '--', '.');
    });

    describe('a pin edited by hand, without npm run promote, gets the same checks in CI (npm run check-pins)', () => {
      /** Commits prod pinned to `commit` by hand (settings only), runs the check since the commit before, and undoes it. */
      function checkHandEditedPin(commit: string) {
        edit(root, 'environments/prod.yaml', `targetRevision: ${good},`, `targetRevision: ${commit},`);
        commitAll(root, 'pin prod by hand');
        try {
          return runTypeScript(root, 'scripts/check-pins.ts', ['HEAD~1']);
        } finally {
          git(root, 'reset', '-q', '--hard', 'HEAD~1');
        }
      }

      test('nothing to check when no pin changed', () => {
        const result = runTypeScript(root, 'scripts/check-pins.ts', ['HEAD']);
        expect({ status: result.status, stdout: result.stdout.trim() }).toEqual({ status: 0, stdout: 'no pinned environment changed its commit since HEAD' });
      });

      test('refuses a pin to a commit whose dist/prod is stale', () => {
        const result = checkHandEditedPin(stale);
        expect(result.status).toBe(1);
        expect(result.stderr.trim()).toBe(`pin refused: dist/prod of commit ${stale} is not its fresh synth (dist/prod/tramites.k8s.yaml differ): promote a commit whose dist/ is up to date`);
      });

      test('refuses a pin that the day-2 check refuses, between what ran and the new commit', () => {
        const result = checkHandEditedPin(unacknowledged);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain(`pin refused: 1 day-2 problem(s) between ${good.slice(0, 12)} (what prod runs) and ${unacknowledged.slice(0, 12)}`);
      });

      test('passes a pin the checks accept, and prints its plan', () => {
        const result = checkHandEditedPin(acknowledged);
        expect(result.status).toBe(0);
        expect(result.stdout).toMatch(/^plan: prod: /m);
        expect(result.stdout).toContain(`prod: pin ${good.slice(0, 12)} -> ${acknowledged.slice(0, 12)} checked.`);
      });

      test('across a dependency upgrade, checks the day-2 comparison alone, with a note, where npm run promote refuses', () => {
        // A commit whose lock file names another version of a runtime dependency: it cannot be re-rendered here.
        const lockFile = path.join(root, 'package-lock.json');
        const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
        lock.packages['node_modules/yaml'].version = '2.0.0';
        fs.writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
        // With the acknowledgement back, so that the day-2 check passes and only the lock file differs.
        fs.appendFileSync(path.join(root, 'environments/prod.yaml'), acknowledgement);
        const otherLock = commitAll(root, 'lock another yaml');
        try {
          expect(promote(root, 'prod', '--to', otherLock).stderr).toContain(`locks other versions of yaml (2.0.0, here `);
          const result = checkHandEditedPin(otherLock);
          expect(result.stderr).toBe('');
          expect(result.status).toBe(0);
          expect(result.stdout).toContain(`note: commit ${otherLock} locks other versions of yaml (2.0.0, here `);
          expect(result.stdout).toContain(`prod: pin ${good.slice(0, 12)} -> ${otherLock.slice(0, 12)} checked.`);
        } finally {
          git(root, 'reset', '-q', '--hard', 'HEAD~1');
        }
      });
    });
  });
});
