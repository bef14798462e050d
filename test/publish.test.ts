import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeStagingDirectory, publishDirectory } from '../lib/publish';
import { snapshotTree } from './support/project';

/** A fresh parent directory holding nothing but what a test puts there. */
function workspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'publish-'));
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

describe('makeStagingDirectory', () => {
  test('creates an empty, world-readable directory beside the target, so the final rename stays on one filesystem', () => {
    const parent = workspace();
    const staging = makeStagingDirectory(path.join(parent, 'dist'));
    expect(path.dirname(staging)).toBe(parent);
    expect(path.basename(staging)).toMatch(/^\.dist-staging-/);
    expect(fs.readdirSync(staging)).toEqual([]);
    expect(fs.statSync(staging).mode & 0o777).toBe(0o755);
  });
});

describe('publishDirectory', () => {
  test('moves the staging directory into place when there is no target yet', () => {
    const parent = workspace();
    const target = path.join(parent, 'dist');
    const staging = makeStagingDirectory(target);
    writeTree(staging, { 'dev/app.yaml': 'new' });
    publishDirectory(staging, target);
    expect(snapshotTree(target)).toEqual(new Map([[path.join('dev', 'app.yaml'), 'new']]));
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('replaces an existing target whole: a file the new rendering lacks does not survive, nothing is left beside it', () => {
    const parent = workspace();
    const target = path.join(parent, 'dist');
    writeTree(target, { 'dev/app.yaml': 'old', 'qa/app.yaml': 'removed environment' });
    const staging = makeStagingDirectory(target);
    writeTree(staging, { 'dev/app.yaml': 'new' });
    publishDirectory(staging, target);
    expect(snapshotTree(target)).toEqual(new Map([[path.join('dev', 'app.yaml'), 'new']]));
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('puts the previous target back, byte for byte, when the swap itself fails', () => {
    const parent = workspace();
    const target = path.join(parent, 'dist');
    writeTree(target, { 'dev/app.yaml': 'old' });
    const before = snapshotTree(target);
    const vanished = path.join(parent, '.dist-staging-gone');
    expect(() => publishDirectory(vanished, target)).toThrow(/ENOENT/);
    expect(snapshotTree(target)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });
});
