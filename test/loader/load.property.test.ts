import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { ConfigError, formatProblem } from '../../lib/errors';
import { loadStacks } from '../../lib/loader/load-stack';
import { renderStacks } from '../../lib/render';
import { IGNORED_SERVICE_KEYS, SUPPORTED_SERVICE_KEYS } from '../../lib/loader/compose-file';
import { copyProject, PROJECT_ROOT } from '../support/project';

/**
 * Property tests for the whole loader: whatever a user writes into a compose file or the settings, the
 * load ends in a model that renders, or in a ConfigError whose problems each print as one line. Any
 * other exception (a TypeError on an unexpected shape, a stack overflow) fails the property: it would
 * reach the user as a stack trace.
 */

const COMPOSE_FILE = 'compose/docker-compose.yml';
const INPUT_FILES = [COMPOSE_FILE, 'compose/docker-compose.dev.yml', 'compose/docker-compose.prod.yml', 'environments/dev.yaml', 'environments/stack.yaml'];
const FILES_OF_THE_PROJECT = new Set([...INPUT_FILES, 'compose/.env', 'compose/docker-compose.test.yml', 'environments/staging.yaml', 'environments/prod.yaml']);

/** Keys a compose file or the settings use, so random mappings often hit the code that reads them. */
const KNOWN_KEYS = [
  ...SUPPORTED_SERVICE_KEYS, ...Object.keys(IGNORED_SERVICE_KEYS),
  'services', 'name', 'version', 'x-common', 'resources', 'limits', 'reservations', 'cpus', 'memory', 'replicas',
  'test', 'interval', 'timeout', 'retries', 'start_period', 'disable', 'condition', 'target', 'published', 'protocol',
  'type', 'source', 'read_only', 'db', 'redis', 'backend', 'nginx', 'db-data', 'environments', 'namespace', 'composeFiles',
  'images', 'blueGreen', 'activeColor', 'blue', 'green', 'tag', 'storage', 'size', 'variables', 'secret', 'keys',
  'bindMounts', 'reverseProxy', 'routes', 'path', '<<', '__proto__', 'constructor', 'toString',
];

/** Strings that mean something to some reader: units, ports, volumes, references, conditions. */
const MEANINGFUL_STRINGS = [
  '512M', '4 GB', '-1', 'abc', '0', '0.5', '2.0', '10s', '1m30s', '80', '80:80', '1433:1433', '65536', 'db-data:/data',
  './backend:/app', '/app/node_modules', 'x:/y:ro', 'CMD', 'CMD-SHELL', 'NONE', 'service_healthy', 'service_started',
  '${DB_PASSWORD}', '${METRICS_PORT}', '${UNSET_VARIABLE}', '${X:-default}', '${X:?required}', '$', '$$', '${', 'latest',
  'redis:7', 'nginx@sha256:abc', 'My_Name', 'a\nb', '', ' ', 'blue', 'purple', '10Gi', '.env', 'docker-compose.yml',
];

const garbage = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...MEANINGFUL_STRINGS),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.string()), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** One edit at a path chosen by `steps` (each an index into the keys at that depth). */
type Mutation = { steps: number[]; edit: 'replace' | 'delete' | 'add-key' | 'wrap-in-list' | 'null'; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  steps: fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
  edit: fc.constantFrom('replace', 'delete', 'add-key', 'wrap-in-list', 'null'),
  key: fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.string()),
  value: garbage,
});

function applyMutation(document: unknown, { steps, edit, key, value }: Mutation): unknown {
  const root = { document };
  let parent: any = root;
  let at: string | number = 'document';
  for (const step of steps) {
    const node = parent[at];
    if (node === null || typeof node !== 'object') break;
    const keys: Array<string | number> = Array.isArray(node) ? node.map((_, index) => index) : Object.keys(node);
    if (keys.length === 0) break;
    parent = node;
    at = keys[step % keys.length];
  }
  if (edit === 'replace') parent[at] = value;
  else if (edit === 'null') parent[at] = null;
  else if (edit === 'wrap-in-list') parent[at] = [parent[at]];
  else if (edit === 'delete') Array.isArray(parent) ? parent.splice(Number(at), 1) : delete parent[at];
  else if (parent[at] !== null && typeof parent[at] === 'object' && !Array.isArray(parent[at])) parent[at][key] = value;
  return root.document;
}

/** Raw text for the YAML parser itself: token soup, deep nesting, aliases chained or looping. */
const yamlText = fc.oneof(
  fc
    .array(fc.constantFrom('a:', 'services:', '  db:', '    image: x', ' ', '\n', '- ', '[', ']', '{', '}', ',', '&x ', '*x', '<<: ', '!!str ', '!tag ', '"', "'", '|', '>', '#', ': ', '? ', '---', '...', '\t', 'null', '~', '1e3', '%YAML 1.2'), { maxLength: 30 })
    .map((tokens) => tokens.join('')),
  fc.integer({ min: 1, max: 300 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1, max: 150 }).map((length) =>
    ['a0: &a0 [x]', ...Array.from({ length }, (_, index) => `a${index + 1}: &a${index + 1} [*a${index}]`), 'services: {}'].join('\n'),
  ),
  fc.constantFrom('x-a: &a {b: *a}\nservices: {}', 'a: &a [*a]', 'services:\n  db: &db\n    deploy: *db', 'services: [a, b]'),
  fc.string(),
);

/** What a user could write into one input file: an edited project file, a random document, or raw text. */
function inputFor(file: string): fc.Arbitrary<string> {
  const original = parse(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'), { merge: true });
  // Deleting the whole document leaves nothing to write: an empty file.
  const edited = fc.array(mutation, { minLength: 1, maxLength: 4 }).map(
    (mutations) => stringify(mutations.reduce((document, edit) => applyMutation(document, edit), structuredClone(original))) ?? '',
  );
  return fc.oneof({ arbitrary: edited, weight: 4 }, { arbitrary: garbage.map((value) => stringify(value)), weight: 1 }, { arbitrary: yamlText, weight: 1 });
}

const input = fc.constantFrom(...INPUT_FILES).chain((file) => inputFor(file).map((text) => ({ file, text })));

describe('property: the loader never fails with anything but a ConfigError', () => {
  const root = copyProject();
  const originals = new Map(INPUT_FILES.map((file) => [file, fs.readFileSync(path.join(root, file), 'utf8')]));

  test('random and edited input files load into a model that renders, or give one-line problems naming a project file', () => {
    const outcomes = { loaded: 0, refused: 0 };
    const output = path.join(root, 'rendered');
    fc.assert(
      fc.property(input, ({ file, text }) => {
        fs.writeFileSync(path.join(root, file), text);
        try {
          const { models } = loadStacks(root);
          expect(models.length).toBeGreaterThan(0);
          renderStacks(models, output);
          outcomes.loaded++;
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          outcomes.refused++;
          expect(error.problems.length).toBeGreaterThan(0);
          for (const problem of error.problems) {
            expect(formatProblem(problem)).not.toMatch(/[\n\r\u2028\u2029]/);
            expect(problem.message).not.toBe('');
            expect(FILES_OF_THE_PROJECT.has(problem.file)).toBe(true);
          }
        } finally {
          fs.writeFileSync(path.join(root, file), originals.get(file)!);
          fs.rmSync(output, { recursive: true, force: true });
        }
      }),
      { numRuns: 200 },
    );
    // Both outcomes must occur, or the property says nothing about one of them.
    expect(outcomes.loaded).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
