import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as publish from '../lib/publish';
import * as render from '../lib/render';
import * as validation from '../lib/validation';
import { withTargetRevision } from '../lib/release/promote';
import { synthesize } from '../lib/synthesize';
import { copyProject, snapshotTree } from './support/project';

/** A project copy with a rendered dist/, as a user's checkout is. */
function renderedCopy(edit?: Parameters<typeof copyProject>[0]): { root: string; dist: string } {
  const root = copyProject(edit);
  const dist = path.join(root, 'dist');
  if (!synthesize(root, dist, () => undefined, { print: () => undefined })) throw new Error('test setup: the copy does not render');
  return { root, dist };
}

/** What lies beside dist/ besides the inputs: a staging or retired directory must never remain. */
function leftovers(root: string): string[] {
  return fs.readdirSync(root).filter((entry) => !['compose', 'environments', 'dist'].includes(entry));
}

afterEach(() => jest.restoreAllMocks());

describe('synthesize', () => {
  test('renders every environment into dist/ and leaves nothing beside it', () => {
    const { root, dist } = renderedCopy();
    expect(fs.readdirSync(dist).sort()).toEqual(['argocd', 'dev', 'prod', 'staging']);
    expect(fs.readdirSync(path.join(dist, 'prod'))).toEqual(['tramites.k8s.yaml']);
    expect(leftovers(root)).toEqual([]);
  });

  test('an input problem is logged one per line, returns false and leaves dist/ byte for byte as it was', () => {
    const { root, dist } = renderedCopy();
    const before = snapshotTree(dist);
    fs.writeFileSync(path.join(root, 'compose/docker-compose.yml'), fs.readFileSync(path.join(root, 'compose/docker-compose.yml'), 'utf8').replace('memory: 8G', 'memory: 8 GB'));
    const lines: string[] = [];
    expect(synthesize(root, dist, (line) => lines.push(line), { print: () => undefined })).toBe(false);
    expect(lines).toEqual([
      expect.stringMatching(/^error: compose\/docker-compose\.yml:\d+: service "db": field "deploy\.resources\.limits\.memory": "8 GB" is not a memory size/),
      '1 problem(s) found; dist/ was left unchanged.',
    ]);
    expect(snapshotTree(dist)).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });

  test('a failure while rendering, after some files were written, leaves dist/ untouched and removes the staging directory', () => {
    const { root, dist } = renderedCopy();
    // dist/ must differ from the render, or the synth has nothing to write.
    fs.writeFileSync(path.join(dist, 'dev', 'notes.txt'), 'stray');
    const before = snapshotTree(dist);
    jest.spyOn(render, 'writeOutput').mockImplementation((_folders, outdir) => {
      fs.mkdirSync(path.join(outdir, 'dev'));
      fs.writeFileSync(path.join(outdir, 'dev', 'tramites.k8s.yaml'), 'half written');
      throw new Error('rendering failed');
    });
    expect(() => synthesize(root, dist, () => undefined, { print: () => undefined })).toThrow('rendering failed');
    expect(snapshotTree(dist)).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });

  test('a failure of the swap itself leaves dist/ untouched and removes the staging directory', () => {
    const { root, dist } = renderedCopy();
    // dist/ must differ from the render, or the synth has nothing to write.
    fs.writeFileSync(path.join(dist, 'dev', 'notes.txt'), 'stray');
    const before = snapshotTree(dist);
    jest.spyOn(publish, 'publishDirectory').mockImplementation(() => {
      throw new Error('rename failed');
    });
    expect(() => synthesize(root, dist, () => undefined, { print: () => undefined })).toThrow('rename failed');
    expect(snapshotTree(dist)).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });

  test('a successful run replaces dist/ whole: an environment no longer listed disappears from it', () => {
    const { root, dist } = renderedCopy();
    fs.mkdirSync(path.join(dist, 'qa'));
    fs.writeFileSync(path.join(dist, 'qa', 'tramites.k8s.yaml'), 'stale');
    expect(synthesize(root, dist, () => undefined, { print: () => undefined })).toBe(true);
    expect(fs.readdirSync(dist).sort()).toEqual(['argocd', 'dev', 'prod', 'staging']);
  });

  test('a synth that changes nothing leaves dist/ as it is; a stray file, or any difference, makes it replace dist/', () => {
    const { root, dist } = renderedCopy();
    const synth = () => expect(synthesize(root, dist, () => undefined, { print: () => undefined })).toBe(true);
    // The swap renames a new directory into place: a new inode.
    const unchanged = fs.statSync(dist).ino;
    synth();
    expect(fs.statSync(dist).ino).toBe(unchanged);
    fs.writeFileSync(path.join(dist, 'dev', 'notes.txt'), 'stray');
    synth();
    expect(fs.readdirSync(path.join(dist, 'dev'))).toEqual(['tramites.k8s.yaml']);
    const replaced = fs.statSync(dist).ino;
    expect(replaced).not.toBe(unchanged);
    const file = path.join(dist, 'prod', 'tramites.k8s.yaml');
    const rendered = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, rendered.replace(/\n$/, ''));
    synth();
    expect(fs.readFileSync(file, 'utf8')).toBe(rendered);
    expect(fs.statSync(dist).ino).not.toBe(replaced);
  });

  test('a folder rendered as it was is not validated again, Argo CD\'s two files included; a changed one is', () => {
    const { root, dist } = renderedCopy();
    const validate = jest.spyOn(validation, 'validateManifests');
    expect(synthesize(root, dist, () => undefined, { print: () => undefined })).toBe(true);
    expect(validate).not.toHaveBeenCalled();
    fs.appendFileSync(path.join(dist, 'argocd', 'root.k8s.yaml'), '# edited by hand\n');
    expect(synthesize(root, dist, () => undefined, { print: () => undefined })).toBe(true);
    expect(validate.mock.calls.map(([folder]) => folder)).toEqual(['argocd', 'argocd']);
  });

  test('a pinned environment is compared with its commit on every synth, but validated only when its render changes', () => {
    const { root, dist } = renderedCopy();
    const git = (...args: string[]) => {
      const result = spawnSync('git', ['-C', root, '-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
      return result.stdout.trim();
    };
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'what prod runs');
    const settings = path.join(root, 'environments', 'prod.yaml');
    const edited = withTargetRevision(fs.readFileSync(settings, 'utf8'), git('rev-parse', 'HEAD')).replace(/(frontend: \{ repository: [^,]+, tag: )[^ }]+/, (_match, prefix: string) => `${prefix}1.1.0`);
    fs.writeFileSync(settings, edited);
    const validate = jest.spyOn(validation, 'validateManifests');
    const plans: string[] = [];
    const synth = () => expect(synthesize(root, dist, () => undefined, { print: (line) => plans.push(line) })).toBe(true);
    synth();
    expect(validate.mock.calls.map(([folder]) => folder)).toContain('prod');
    validate.mockClear();
    plans.length = 0;
    // dist/prod is now this render; its commit still holds the old one.
    synth();
    expect(validate.mock.calls.map(([folder]) => folder)).not.toContain('prod');
    expect(plans).toContainEqual(expect.stringMatching(/^plan: prod: 0 added, 1 changed, 0 removed; restarts Deployment\/frontend/));
  });
});
