import * as fs from 'fs';
import type { Type } from 'js-yaml';
import * as path from 'path';
import type { Document, LineCounter } from 'yaml';
import type { ProblemCollector } from '../errors';

/**
 * js-yaml from its single-file build: the same code as the package's entry point, which spreads over
 * 25 modules; loading one file instead saves more time than parsing all our YAML takes. The package's
 * exports map does not list that file, hence the path. Its declarations leave out `types`, which the
 * build exports.
 */
const jsYaml: typeof import('js-yaml') & { types: { merge: Type } } = require(
  path.join(path.dirname(require.resolve('js-yaml')), 'dist', 'js-yaml.js'),
);
const { CORE_SCHEMA, load, YAMLException } = jsYaml;
const { merge } = jsYaml.types;
/**
 * YAML 1.2 core types (strings, numbers, booleans, null; no timestamps or other implicit tags) plus
 * merge keys (`<<: *anchor`), which compose files use with `x-` anchors. Duplicate keys are errors.
 */
const COMPOSE_SCHEMA = CORE_SCHEMA.extend({ implicit: [merge] });

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
  ) {}

  /**
   * Reads and parses a file; with `cache`, a file read before in the same load is not parsed again.
   * A missing file or a syntax error becomes a problem in `problems`, and the returned file is empty,
   * so loading can go on and report everything else it finds.
   */
  static read(projectRoot: string, relativePath: string, problems: ProblemCollector, cache?: Map<string, YamlFile>): YamlFile {
    const cached = cache?.get(relativePath);
    if (cached) return cached;
    const displayPath = relativePath.split(path.sep).join('/');
    let file: YamlFile;
    try {
      file = YamlFile.parse(displayPath, fs.readFileSync(path.join(projectRoot, relativePath), 'utf8'), problems);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      problems.add({ file: displayPath, message: 'file not found' });
      file = new YamlFile(displayPath, undefined, '');
    }
    cache?.set(relativePath, file);
    return file;
  }

  /** Parses YAML text that claims to come from `displayPath`. */
  static parse(displayPath: string, text: string, problems: ProblemCollector): YamlFile {
    try {
      return new YamlFile(displayPath, load(text, { schema: COMPOSE_SCHEMA, filename: displayPath }), text);
    } catch (error) {
      if (!(error instanceof YAMLException)) throw error;
      problems.add({ file: displayPath, line: error.mark ? error.mark.line + 1 : undefined, message: `invalid YAML: ${error.reason}` });
      return new YamlFile(displayPath, undefined, text);
    }
  }

  /**
   * 1-based line of the field at `keys`: the line of its key where it is a mapping entry, else of its
   * value, else of its closest existing parent.
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
      const node = document.getIn(keys.slice(0, depth), true);
      if (yaml.isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  }
}
