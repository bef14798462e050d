import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { jsYaml } from '../../lib/js-yaml';
import { loadDocuments } from '../../lib/day2/parsed-documents';

/** The kept parses in a cache directory (not its `.pruned` marker). */
function keptEntries(directory: string): string[] {
  return fs.readdirSync(directory).filter((name) => name.endsWith('.json'));
}

const DOCUMENT = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  ports:\n    - port: 1433\n      name: mssql\n';

describe('loadDocuments', () => {
  let cache: string;
  beforeEach(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'parsed-documents-'));
  });
  afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

  test('reads a document as js-yaml does, and keeps the parse for the next synth', () => {
    const expected = jsYaml.loadAll(DOCUMENT, undefined, { schema: jsYaml.CORE_SCHEMA });
    expect(loadDocuments(DOCUMENT, cache)).toEqual(expected);
    const entries = keptEntries(cache);
    expect(entries).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(cache, entries[0]), 'utf8'))).toEqual({ value: expected });
  });

  test('a second read comes from the cache, not from the YAML', () => {
    loadDocuments(DOCUMENT, cache);
    const [entry] = keptEntries(cache);
    // Changing the cached parse shows which one the second read returns.
    fs.writeFileSync(path.join(cache, entry), JSON.stringify({ value: [{ kind: 'FromCache' }] }));
    expect(loadDocuments(DOCUMENT, cache)).toEqual([{ kind: 'FromCache' }]);
  });

  test('a damaged entry is parsed again and replaced', () => {
    loadDocuments(DOCUMENT, cache);
    const [entry] = keptEntries(cache);
    fs.writeFileSync(path.join(cache, entry), '{"kind": ');
    expect(loadDocuments(DOCUMENT, cache)).toEqual([expect.objectContaining({ kind: 'Service' })]);
    expect(JSON.parse(fs.readFileSync(path.join(cache, entry), 'utf8'))).toEqual({ value: [expect.objectContaining({ kind: 'Service' })] });
  });

  test('what JSON cannot say (.inf, .nan, -0) is never cached', () => {
    expect(loadDocuments('a: .inf\nb: .nan\n', cache)).toEqual([{ a: Infinity, b: NaN }]);
    expect(Object.is((loadDocuments('a: -0.0\n', cache)[0] as { a: number }).a, -0)).toBe(true);
    expect(keptEntries(cache)).toEqual([]);
  });

  test('an unwritable cache only costs the parse', () => {
    const file = path.join(cache, 'not-a-directory');
    fs.writeFileSync(file, '');
    expect(loadDocuments(DOCUMENT, file)).toEqual([expect.objectContaining({ kind: 'Service' })]);
  });
});
