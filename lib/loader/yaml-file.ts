import * as fs from 'fs';
import * as path from 'path';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { ProblemCollector } from '../errors';

/** A parsed YAML file that still knows where each value came from, for error messages. */
export class YamlFile {
  private constructor(
    /** Path relative to the project root, as shown to users. */
    readonly displayPath: string,
    readonly data: unknown,
    private readonly document: Document | undefined,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Reads and parses a file. A missing file or a syntax error becomes a problem in `problems`, and the
   * returned file is empty, so loading can go on and report everything else it finds.
   */
  static read(projectRoot: string, relativePath: string, problems: ProblemCollector): YamlFile {
    const displayPath = relativePath.split(path.sep).join('/');
    const lines = new LineCounter();
    let text: string;
    try {
      text = fs.readFileSync(path.join(projectRoot, relativePath), 'utf8');
    } catch {
      problems.add({ file: displayPath, message: 'file not found' });
      return new YamlFile(displayPath, undefined, undefined, lines);
    }
    return YamlFile.parse(displayPath, text, problems);
  }

  /** Parses YAML text that claims to come from `displayPath`. */
  static parse(displayPath: string, text: string, problems: ProblemCollector): YamlFile {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, merge: true });
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        problems.add({ file: displayPath, line: error.linePos?.[0].line, message: `invalid YAML: ${message}` });
      }
      return new YamlFile(displayPath, undefined, undefined, lines);
    }
    return new YamlFile(displayPath, document.toJS({ maxAliasCount: 100 }), document, lines);
  }

  /**
   * 1-based line of the field at `keys`: the line of its key where it is a mapping entry, else of its
   * value, else of its closest existing parent.
   */
  lineOf(keys: ReadonlyArray<string | number>): number | undefined {
    if (!this.document) return undefined;
    for (let depth = keys.length; depth > 0; depth--) {
      const parent = depth === 1 ? this.document.contents : this.document.getIn(keys.slice(0, depth - 1), true);
      const last = keys[depth - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
        const keyNode = pair?.key;
        if (isNode(keyNode) && keyNode.range) return this.lines.linePos(keyNode.range[0]).line;
      }
      const node = this.document.getIn(keys.slice(0, depth), true);
      if (isNode(node) && node.range) {
        return this.lines.linePos(node.range[0]).line;
      }
    }
    return undefined;
  }
}
