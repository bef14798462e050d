import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProblemCollector, type Problem } from '../../lib/errors';
import { YamlFile } from '../../lib/loader/yaml-file';

/** The kept parses in a cache directory (not its `.pruned` marker). */
function keptEntries(directory: string): string[] {
  return fs.readdirSync(directory).filter((name) => name.endsWith('.json'));
}

const FILE = 'compose/docker-compose.yml';

function problemsOf(collector: ProblemCollector): Problem[] {
  try {
    collector.throwIfAny();
    return [];
  } catch (error) {
    return [...(error as { problems: Problem[] }).problems];
  }
}

/** A parse cache of each test's own, so that every test parses its text. */
let cache: string;
beforeEach(() => {
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'parsed-inputs-'));
});
afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));

function parse(lines: string[]) {
  const collector = new ProblemCollector();
  const file = YamlFile.parse(FILE, lines.join('\n'), collector, cache);
  return { file, problems: problemsOf(collector) };
}

describe('YamlFile.parse', () => {
  test('reads valid YAML and can locate a key by path', () => {
    const { file, problems } = parse(['services:', '  db:', '    image: x']);
    expect(problems).toEqual([]);
    expect(file.readable).toBe(true);
    expect(file.lineOf(['services', 'db', 'image'])).toBe(3);
  });

  test('locates a name under a list at the list item with that value (depends_on: [- db])', () => {
    const { file } = parse(['services:', '  web:', '    depends_on:', '      - cache', '      - db']);
    expect(file.lineOf(['services', 'web', 'depends_on', 'db'])).toBe(5);
  });

  test('reports invalid YAML with its line, and marks the file unreadable', () => {
    const { file, problems } = parse(['services:', '  db:', '    image: x', '   bad: [']);
    expect(problems).toEqual([{ file: FILE, line: 4, message: 'invalid YAML: bad indentation of a mapping entry' }]);
    expect(file.readable).toBe(false);
    expect(file.data).toBeUndefined();
  });

  test('reports an alias inside the node it refers to, which would make the data endless', () => {
    const { file, problems } = parse(['services: {}', 'x-loop: &loop', '  again: *loop']);
    expect(problems).toEqual([{ file: FILE, line: 3, message: 'invalid YAML: an alias refers to a node that contains it' }]);
    expect(file.readable).toBe(false);
  });

  test('reports aliases chained deeper than the 100 levels YAML text may nest', () => {
    const chain = Array.from({ length: 120 }, (_, index) => `a${index + 1}: &a${index + 1} [*a${index}]`);
    const { problems } = parse(['a0: &a0 [x]', ...chain]);
    expect(problems).toEqual([expect.objectContaining({ message: 'invalid YAML: nested more than 100 levels deep through aliases' })]);
  });

  test('reports aliases that multiply into more than 100000 values (a "billion laughs")', () => {
    const levels = Array.from({ length: 8 }, (_, index) => `l${index + 1}: &l${index + 1} [${Array(10).fill(`*l${index}`).join(', ')}]`);
    const { problems } = parse(['l0: &l0 [x]', ...levels]);
    expect(problems).toEqual([expect.objectContaining({ message: 'invalid YAML: aliases expand it to more than 100000 values' })]);
  });

  test('accepts a long file without aliases, whatever its number of values', () => {
    const { file, problems } = parse(['values:', ...Array.from({ length: 120_000 }, (_, index) => `  - ${index}`)]);
    expect(problems).toEqual([]);
    expect(file.readable).toBe(true);
  });

  test('accepts a node shared by several aliases: compose files use anchors for common settings', () => {
    const { file, problems } = parse(['x-limits: &limits { cpus: "1" }', 'services:', '  a: { deploy: { resources: { limits: *limits } } }', '  b: { deploy: { resources: { limits: *limits } } }']);
    expect(problems).toEqual([]);
    expect(file.readable).toBe(true);
  });
});

describe('YamlFile.read', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-file-'));
  fs.mkdirSync(path.join(root, 'compose', 'a-directory'), { recursive: true });

  test('reports a missing file as not found', () => {
    const collector = new ProblemCollector();
    expect(YamlFile.read(root, 'compose/missing.yml', collector).readable).toBe(false);
    expect(problemsOf(collector)).toEqual([{ file: 'compose/missing.yml', message: 'file not found' }]);
  });

  test('reports a directory where a file was expected instead of failing with EISDIR', () => {
    const collector = new ProblemCollector();
    expect(YamlFile.read(root, 'compose/a-directory', collector).readable).toBe(false);
    expect(problemsOf(collector)).toEqual([{ file: 'compose/a-directory', message: 'is a directory, not a file' }]);
  });
});

describe('YamlFile.parse keeps the parse of a text that passed every check', () => {
  const TEXT = ['x-common: &common', '  restart: always', 'services:', '  db:', '    <<: *common', '    image: x'];

  test('the data is kept as JSON, keyed by the text', () => {
    const { file } = parse(TEXT);
    const entries = keptEntries(cache);
    expect(entries).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(cache, entries[0]), 'utf8'))).toEqual({ value: file.data });
    expect(file.data).toEqual({ 'x-common': { restart: 'always' }, services: { db: { restart: 'always', image: 'x' } } });
  });

  test('a second parse of the same text is the kept one, and still locates lines', () => {
    parse(TEXT);
    const [entry] = keptEntries(cache);
    // Changing the kept parse shows which one the second parse returns.
    fs.writeFileSync(path.join(cache, entry), JSON.stringify({ value: { services: { fromCache: {} } } }));
    const { file, problems } = parse(TEXT);
    expect(problems).toEqual([]);
    expect(file.data).toEqual({ services: { fromCache: {} } });
    expect(file.lineOf(['services', 'db', 'image'])).toBe(6);
  });

  test('another text is parsed, not taken from the kept parse of the first', () => {
    parse(TEXT);
    expect(parse([...TEXT, '    user: "1000"']).file.data).toEqual(expect.objectContaining({ services: { db: { restart: 'always', image: 'x', user: '1000' } } }));
    expect(keptEntries(cache)).toHaveLength(2);
  });

  test('a damaged entry is parsed again and replaced', () => {
    parse(TEXT);
    const [entry] = keptEntries(cache);
    fs.writeFileSync(path.join(cache, entry), '{"value": ');
    expect(parse(TEXT).file.data).toEqual(expect.objectContaining({ services: { db: { restart: 'always', image: 'x' } } }));
    expect(JSON.parse(fs.readFileSync(path.join(cache, entry), 'utf8')).value).toEqual(expect.objectContaining({ services: expect.anything() }));
  });

  test.each([
    ['invalid YAML', ['services:', '  db:', '   bad: [']],
    ['an alias inside the node it refers to', ['a: &a', '  - *a']],
  ])('%s is never kept, and reported again on every parse', (_name, lines) => {
    const first = parse(lines);
    expect(first.problems).toHaveLength(1);
    expect(keptEntries(cache)).toEqual([]);
    expect(parse(lines).problems).toEqual(first.problems);
  });

  test('a value JSON cannot say exactly (.inf) is never kept, and parsed again as what it is', () => {
    const lines = ['services:', '  db:', '    replicas: .inf'];
    expect(parse(lines).file.data).toEqual({ services: { db: { replicas: Infinity } } });
    expect(keptEntries(cache)).toEqual([]);
    expect(parse(lines).file.data).toEqual({ services: { db: { replicas: Infinity } } });
  });

  test.each([
    ['an empty file', [''], undefined],
    ['a file of comments', ['# nothing but a comment'], null],
  ])('%s is kept as it was read', (_name, lines, data) => {
    expect(parse(lines).file.data).toBe(data);
    expect(keptEntries(cache)).toHaveLength(1);
    expect(parse(lines).file.data).toBe(data);
  });
});
