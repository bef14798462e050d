import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readPinnedBaselines } from '../../lib/release/pinned-renders';

function git(root: string, ...args: string[]): string {
  const result = spawnSync('git', ['-C', root, '-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A repository whose first commit holds dist/prod with one file. */
function repository(): { root: string; commit: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pinned-renders-'));
  fs.mkdirSync(path.join(root, 'dist', 'prod'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist', 'prod', 'stack.k8s.yaml'), 'kind: ConfigMap\n');
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'first');
  return { root, commit: git(root, 'rev-parse', 'HEAD') };
}

describe('readPinnedBaselines', () => {
  test('reads a pinned environment at its commit, whatever dist/ holds now, and names it so', () => {
    const { root, commit } = repository();
    fs.writeFileSync(path.join(root, 'dist', 'prod', 'stack.k8s.yaml'), 'kind: Secret\n');
    const pinned = readPinnedBaselines(root, 'dist', [{ environment: 'prod', commit }], 'dist/');
    expect(pinned).toEqual({ folders: new Map([['prod', ['kind: ConfigMap\n']]]), names: new Map([['prod', `dist/ at ${commit.slice(0, 12)}`]]), notes: [] });
  });

  test('reads it again from its cache, with no git: the commit never changes', () => {
    const { root, commit } = repository();
    readPinnedBaselines(root, 'dist', [{ environment: 'prod', commit }], 'dist/');
    // Without git on the PATH, only the cache can answer.
    const path_ = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(readPinnedBaselines(root, 'dist', [{ environment: 'prod', commit }], 'dist/').folders.get('prod')).toEqual(['kind: ConfigMap\n']);
    } finally {
      process.env.PATH = path_;
    }
  });

  test('a repository without the pinned commit gets a note and no pin: the environment keeps the other baseline', () => {
    const { root } = repository();
    const missing = 'f'.repeat(40);
    const pinned = readPinnedBaselines(root, 'dist', [{ environment: 'prod', commit: missing }], 'dist/');
    expect(pinned.folders.size).toBe(0);
    expect(pinned.notes).toEqual([expect.stringMatching(new RegExp(`^note: prod is pinned to ${missing}, which cannot be read here \\(.+\\): compared with dist/ instead; fetch that commit to compare with what runs$`))]);
  });

  test('a project outside any git repository has no history: no pin applies, silently', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pinned-renders-plain-'));
    expect(readPinnedBaselines(root, 'dist', [{ environment: 'prod', commit: 'a'.repeat(40) }], 'dist/')).toEqual({ folders: new Map(), names: new Map(), notes: [] });
  });
});
