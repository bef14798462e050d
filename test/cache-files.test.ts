import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { keepParse, keptParse, parseKey, writeCacheEntry } from '../lib/cache-files';

const DAY_MS = 24 * 3600 * 1000;

/** A cache directory with an entry written 8 days ago, one written now, and a `.pruned` marker `markerAge` ago (none if undefined). */
function cacheWith(markerAge?: number): { directory: string; old: string; recent: string } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-files-'));
  const old = path.join(directory, 'old.json');
  const recent = path.join(directory, 'recent.json');
  fs.writeFileSync(old, '{}');
  fs.writeFileSync(recent, '{}');
  const eightDaysAgo = new Date(Date.now() - 8 * DAY_MS);
  fs.utimesSync(old, eightDaysAgo, eightDaysAgo);
  if (markerAge !== undefined) {
    const marker = path.join(directory, '.pruned');
    fs.writeFileSync(marker, '');
    const time = new Date(Date.now() - markerAge);
    fs.utimesSync(marker, time, time);
  }
  return { directory, old, recent };
}

describe('writeCacheEntry', () => {
  test('writes the entry, removes those older than a week, and notes when it pruned', () => {
    const { directory, old, recent } = cacheWith();
    writeCacheEntry(directory, path.join(directory, 'new.json'), '{"new": true}');
    expect(fs.readFileSync(path.join(directory, 'new.json'), 'utf8')).toBe('{"new": true}');
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    expect(fs.statSync(path.join(directory, '.pruned')).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    // Nothing but the entries and the marker: no temporary file is left.
    expect(fs.readdirSync(directory).sort()).toEqual(['.pruned', 'new.json', 'recent.json']);
  });

  test("prunes a directory at most once a day: reading every entry's time costs a synth", () => {
    const { directory, old } = cacheWith(DAY_MS / 2);
    writeCacheEntry(directory, path.join(directory, 'new.json'), '{}');
    expect(fs.existsSync(old)).toBe(true);
  });

  test('prunes again once the last pruning is a day old', () => {
    const { directory, old } = cacheWith(2 * DAY_MS);
    writeCacheEntry(directory, path.join(directory, 'new.json'), '{}');
    expect(fs.existsSync(old)).toBe(false);
  });

  test('makes the directory when it is missing', () => {
    const directory = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cache-files-')), 'not-yet');
    writeCacheEntry(directory, path.join(directory, 'new.json'), '{}');
    expect(fs.readdirSync(directory)).toContain('new.json');
  });
});

describe('keepParse and keptParse', () => {
  test('a kept parse reads back under its key, and only there', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-files-'));
    const key = parseKey('parser 1', 'a: 1');
    keepParse(directory, key, { a: 1 }, 4);
    expect(keptParse(directory, key)).toEqual({ value: { a: 1 } });
    expect(keptParse(directory, parseKey('parser 2', 'a: 1'))).toBeUndefined();
    expect(keptParse(directory, parseKey('parser 1', 'a: 2'))).toBeUndefined();
  });
});

describe('keepParse keeps only what reads back cheaply and exactly', () => {
  const directory = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cache-files-'));

  test('a parse whose JSON is many times its text (aliases spelled out) is not kept', () => {
    const cache = directory();
    const shared = 'x'.repeat(2048);
    keepParse(cache, parseKey('p', 'aliases'), Array.from({ length: 200 }, () => shared), 3000);
    expect(fs.readdirSync(cache).filter((name) => name.endsWith('.json'))).toEqual([]);
  });

  test('a value JSON cannot write (a cycle) is not kept, and does not throw', () => {
    const cache = directory();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => keepParse(cache, parseKey('p', 'cycle'), cyclic, 10)).not.toThrow();
    expect(fs.readdirSync(cache).filter((name) => name.endsWith('.json'))).toEqual([]);
  });
});
