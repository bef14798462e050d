import * as fs from 'fs';
import * as path from 'path';
import type { Document, LineCounter } from 'yaml';
import { cacheDirectory, keepParse, keptParse, parseKey } from '../cache-files';
import type { ProblemCollector } from '../errors';
import { jsYaml, JS_YAML_VERSION } from '../js-yaml';

const { CORE_SCHEMA, load, YAMLException } = jsYaml;
const { merge } = jsYaml.types;
/**
 * YAML 1.2 core types (strings, numbers, booleans, null; no timestamps or other implicit tags) plus
 * merge keys (`<<: *anchor`), which compose files use with `x-` anchors. Duplicate keys are errors.
 */
const COMPOSE_SCHEMA = CORE_SCHEMA.extend({ implicit: [merge] });

/** Messages for the ways reading a file can fail, by Node's error code. */
const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'file not found',
  EISDIR: 'is a directory, not a file',
  EACCES: 'cannot be read: permission denied',
};

/** js-yaml's own nesting limit for the text, which aliases can get around. */
const MAX_DEPTH = 100;
/**
 * How many values aliases may expand a file to, at least: far more than any compose file holds, few
 * enough that walking them all stays quick. A file without aliases never reaches its own length in
 * characters, so that is the limit for longer files.
 */
const MAX_VALUES = 100_000;

/**
 * The parses of input files that passed every check here, kept as JSON (see cache-files.ts): js-yaml
 * runs without the optimizing compiler on a synth, and parsing the settings and compose files of the
 * three environments was a tenth of a synth. Keyed by the text and by what decides the result.
 */
const CACHE_DIRECTORY = cacheDirectory('parsed-inputs');
/** The version of the schema and the checks above, in the key: change it when they change. */
const CHECKS_VERSION = 1;
const PARSER = `js-yaml ${JS_YAML_VERSION} load, core schema and merge keys, checks ${CHECKS_VERSION}: at most ${MAX_DEPTH} levels and ${MAX_VALUES} values`;

/**
 * Where the data stops being a finite, reasonably sized tree, which every later step walks
 * recursively: a node that contains itself through an alias (endless), nesting deeper than js-yaml
 * allows in text, or aliases that multiply into more than `maxValues` values (a "billion laughs").
 * Shared nodes are measured once, so this walk stays linear in the size of the text.
 */
function findUnwalkableNode(root: unknown, maxValues: number): { keys: Array<string | number>; message: string } | undefined {
  type Size = { height: number; values: number };
  const sizes = new Map<object, Size>();
  const open = new Set<object>();
  const tooDeep = `nested more than ${MAX_DEPTH} levels deep through aliases`;
  let found: { keys: Array<string | number>; message: string } | undefined;
  const measure = (node: unknown, keys: Array<string | number>): Size => {
    const leaf = { height: 0, values: 1 };
    if (found || node === null || typeof node !== 'object') return leaf;
    if (open.has(node)) found = { keys, message: 'an alias refers to a node that contains it' };
    else if (keys.length > MAX_DEPTH) found = { keys, message: tooDeep };
    if (found) return leaf;
    let size = sizes.get(node);
    if (!size) {
      open.add(node);
      size = { height: 1, values: 1 };
      for (const [key, child] of Array.isArray(node) ? node.entries() : Object.entries(node)) {
        const inner = measure(child, [...keys, key]);
        size = { height: Math.max(size.height, inner.height + 1), values: size.values + inner.values };
      }
      open.delete(node);
      sizes.set(node, size);
    }
    // A shared node measured where it first appeared may sit deeper here.
    if (!found && keys.length + size.height > MAX_DEPTH + 1) found = { keys, message: tooDeep };
    if (!found && size.values > maxValues) found = { keys, message: `aliases expand it to more than ${maxValues} values` };
    return size;
  };
  measure(root, []);
  return found;
}

/**
 * A parsed YAML file that can still say on which line a value sits, for error messages.
 *
 * Two parsers, each for what it does best: js-yaml reads the data (it loads and parses several times
 * faster than `yaml`, and this runs on every synth); `yaml` keeps source positions, and is loaded only
 * when a problem needs a line number.
 */
export class YamlFile {
  private positions?: { document: Document; lines: LineCounter };

  private constructor(
    /** Path relative to the project root, as shown to users. */
    readonly displayPath: string,
    readonly data: unknown,
    private readonly text: string,
    /**
     * False when the file is missing, cannot be read or is not valid YAML. That one problem is
     * reported; `data` is then undefined and checks that need the file's content should not run.
     */
    readonly readable = true,
  ) {}

  /**
   * Reads and parses a file; with `cache`, a file read before in the same load is not parsed again.
   * A missing or unreadable file or a syntax error becomes a problem in `problems`, and the returned
   * file is empty, so loading can go on and report everything else it finds.
   */
  static read(projectRoot: string, relativePath: string, problems: ProblemCollector, cache?: Map<string, YamlFile>): YamlFile {
    const cached = cache?.get(relativePath);
    if (cached) return cached;
    const displayPath = relativePath.split(path.sep).join('/');
    let file: YamlFile;
    try {
      file = YamlFile.parse(displayPath, fs.readFileSync(path.join(projectRoot, relativePath), 'utf8'), problems);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      problems.add({ file: displayPath, message: READ_ERRORS[code] ?? `cannot be read (${code})` });
      file = new YamlFile(displayPath, undefined, '', false);
    }
    cache?.set(relativePath, file);
    return file;
  }

  /** Parses YAML text that claims to come from `displayPath` (or takes its kept parse from `cacheDirectory`). */
  static parse(displayPath: string, text: string, problems: ProblemCollector, cacheDirectory: string = CACHE_DIRECTORY): YamlFile {
    const key = parseKey(PARSER, text);
    const kept = keptParse(cacheDirectory, key);
    // A kept parse spells out what aliases share: the data is read-only for the loader, which copies
    // what it changes, so sharing never showed.
    if (kept) return new YamlFile(displayPath, kept.value, text);
    let data: unknown;
    try {
      data = load(text, { schema: COMPOSE_SCHEMA, filename: displayPath });
    } catch (error) {
      if (!(error instanceof YAMLException)) throw error;
      problems.add({ file: displayPath, line: error.mark ? error.mark.line + 1 : undefined, message: `invalid YAML: ${error.reason}` });
      return new YamlFile(displayPath, undefined, text, false);
    }
    const file = new YamlFile(displayPath, data, text);
    const unwalkable = findUnwalkableNode(data, Math.max(MAX_VALUES, text.length));
    if (unwalkable) {
      problems.add({ file: displayPath, line: file.lineOf(unwalkable.keys), message: `invalid YAML: ${unwalkable.message}` });
      return new YamlFile(displayPath, undefined, text, false);
    }
    keepParse(cacheDirectory, key, data, text.length);
    return file;
  }

  /**
   * 1-based line of the field at `keys`: the line of its key where it is a mapping entry, else of its
   * value, else of its closest existing parent. A name under a list is the list item with that value,
   * so `depends_on.db` finds `- db` as well as `db:`.
   */
  lineOf(keys: ReadonlyArray<string | number>): number | undefined {
    if (this.data === undefined) return undefined;
    const yaml: typeof import('yaml') = require('yaml');
    if (!this.positions) {
      const lines = new yaml.LineCounter();
      this.positions = { document: yaml.parseDocument(this.text, { lineCounter: lines, merge: true }), lines };
    }
    const { document, lines } = this.positions;
    for (let depth = keys.length; depth > 0; depth--) {
      const parent = depth === 1 ? document.contents : document.getIn(keys.slice(0, depth - 1), true);
      const last = keys[depth - 1];
      if (yaml.isMap(parent)) {
        const pair = parent.items.find((item) => yaml.isScalar(item.key) && String(item.key.value) === String(last));
        const keyNode = pair?.key;
        if (yaml.isNode(keyNode) && keyNode.range) return lines.linePos(keyNode.range[0]).line;
      }
      if (yaml.isSeq(parent) && typeof last === 'string') {
        const item = parent.items.find((candidate) => yaml.isScalar(candidate) && String(candidate.value) === last);
        if (yaml.isNode(item) && item.range) return lines.linePos(item.range[0]).line;
      }
      const node = document.getIn(keys.slice(0, depth), true);
      if (yaml.isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  }
}
