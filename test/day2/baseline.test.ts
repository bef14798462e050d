import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BaselineError, parseRendered, readRenderedAtRevision, readRenderedDirectory } from '../../lib/day2/baseline';
import { toManifestDocument, toManifestYaml } from '../../lib/manifest-yaml';
import { deployment, service, statefulSet } from './fixtures';

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function writeDist(root: string, folder: string, objects: unknown[]): void {
  fs.mkdirSync(path.join(root, 'dist', folder), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist', folder, 'shop.k8s.yaml'), toManifestYaml(objects));
}

describe('parseRendered', () => {
  test('reads every object of a multi-document file', () => {
    expect(parseRendered([toManifestYaml([deployment(), service()])])).toEqual([deployment(), service()]);
  });

  test('takes a document whose text is known for that object without parsing it', () => {
    const known = deployment();
    const objects = parseRendered([toManifestYaml([deployment(), service()])], new Map([[toManifestDocument(deployment()), known], [toManifestDocument(service()), service()]]));
    expect(objects[0]).toBe(known);
  });

  test('parses only the documents that are not known', () => {
    const changed = deployment();
    changed.spec.replicas = 5;
    const known = service();
    const objects = parseRendered([toManifestYaml([changed, service()])], new Map([[toManifestDocument(service()), known]]));
    expect(objects).toEqual([changed, service()]);
    expect(objects[1]).toBe(known);
  });

  test('reads a file another tool wrote, with document markers of its own', () => {
    const text = `--- # web\n${toManifestDocument(deployment())}\n--- {apiVersion: v1, kind: Service, metadata: {name: web}}\n...\n`;
    expect(parseRendered([text]).map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(['Deployment/web', 'Service/web']);
  });
});

describe('readRenderedDirectory', () => {
  test('reads each folder of dist/, and nothing when there is no dist/', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'day2-dir-'));
    expect(readRenderedDirectory(path.join(root, 'dist')).size).toBe(0);
    writeDist(root, 'prod', [statefulSet()]);
    expect(readRenderedDirectory(path.join(root, 'dist'))).toEqual(new Map([['prod', [toManifestYaml([statefulSet()])]]]));
  });
});

describe('readRenderedAtRevision (a local git repository)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'day2-git-'));
  git(root, 'init', '-q');
  writeDist(root, 'prod', [statefulSet()]);
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'first render');
  const grown = statefulSet();
  grown.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '200Gi';
  writeDist(root, 'prod', [grown]);
  writeDist(root, 'qa', [deployment()]);
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'grow, add qa');

  test('reads dist/ as committed at a revision, not as the working tree has it', () => {
    fs.writeFileSync(path.join(root, 'dist', 'prod', 'shop.k8s.yaml'), 'not: committed\n');
    const previous = readRenderedAtRevision(root, 'HEAD~1');
    expect([...previous.keys()]).toEqual(['prod']);
    expect(parseRendered(previous.get('prod')!)).toEqual([statefulSet()]);
    expect(parseRendered(readRenderedAtRevision(root, 'HEAD').get('prod')!)).toEqual([grown]);
  });

  test('an environment with no folder at the revision has nothing there: everything in it is new', () => {
    expect(readRenderedAtRevision(root, 'HEAD~1').has('qa')).toBe(false);
    expect(readRenderedAtRevision(root, 'HEAD').has('qa')).toBe(true);
  });

  test('reads paths relative to a project below the top of the repository', () => {
    const top = fs.mkdtempSync(path.join(os.tmpdir(), 'day2-sub-'));
    git(top, 'init', '-q');
    const project = path.join(top, 'deploy');
    writeDist(project, 'prod', [service()]);
    git(top, 'add', '.');
    git(top, 'commit', '-qm', 'render');
    expect(parseRendered(readRenderedAtRevision(project, 'HEAD').get('prod')!)).toEqual([service()]);
  });

  test('refuses a revision that does not exist, one that looks like an option, and a directory outside git', () => {
    expect(() => readRenderedAtRevision(root, 'HEAD~5')).toThrow(new BaselineError('"HEAD~5" is not a commit of this git repository'));
    expect(() => readRenderedAtRevision(root, '--all')).toThrow(BaselineError);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'day2-nogit-'));
    expect(() => readRenderedAtRevision(outside, 'HEAD')).toThrow(/not a commit of this git repository \(fatal: not a git repository/);
  });
});
