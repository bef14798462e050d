/**
 * YAML for Kubernetes manifests, written directly from JSON-compatible values (objects, arrays,
 * strings, numbers, booleans, null). It replaces a general YAML library on the synth path, where that
 * library cost more than everything else the app does (see the README's benchmark).
 *
 * Strings are written plain only when no YAML 1.1 or 1.2 reader can take them for anything but that
 * string (kubectl's reader is YAML 1.1: `yes`, `on`, `0755`, `1:30` are not strings there); multi-line
 * strings become literal blocks so embedded files (nginx.conf) stay readable; everything else is
 * double-quoted with JSON escapes, which are valid YAML.
 */

/** Serializes documents as one multi-document YAML stream, separated by `---` lines. */
export function toManifestYaml(documents: readonly unknown[]): string {
  return joinManifestDocuments(documents.map(toManifestDocument));
}

/** One document's YAML, without a separator or final line break: the unit toManifestYaml joins. */
export function toManifestDocument(document: unknown): string {
  const lines: string[] = [];
  if (isCollection(document)) writeBlock(document, 0, lines);
  else writeInline(document, 0, '', lines);
  return lines.join('\n');
}

/**
 * The separator line between documents. It never occurs inside a document that is a mapping (every
 * manifest): the lines of a literal block are indented.
 */
export const DOCUMENT_SEPARATOR = '\n---\n';

/** The stream of documents made by toManifestDocument, as toManifestYaml writes it. */
export function joinManifestDocuments(documents: readonly string[]): string {
  return documents.length === 0 ? '' : `${documents.join(DOCUMENT_SEPARATOR)}\n`;
}

/** Booleans, nulls and other words YAML 1.1 or 1.2 resolves to a non-string (`=` and `<<` are 1.1 keys). */
const RESERVED_WORDS = /^(y|n|yes|no|true|false|on|off|null|~|=|<<)$/i;
/**
 * Strings that may read as a number or a timestamp in YAML 1.1 or 1.2 (`8000`, `1.0.0`, `0x1F`, `1:30`,
 * `1_000`, `._`, `.inf`, `2019-01-01`): a superset of both versions' forms, so they are always quoted.
 */
const NUMBER_FORMS = [
  /^[-+]?[0-9.][0-9a-fA-FxXoObB._:eE+-]*$/,
  // Some YAML 1.1 readers take an exponent without a mantissa (`e0`) for a float.
  /^[-+]?[0-9._]*[eE][-+]?[0-9]+$/,
  /^[-+]?\.(inf|nan)$/i,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
];
const FIRST_CHARACTER_INDICATORS = /^[,[\]{}#&*!|>'"%@`]/;

function isPlainSafe(text: string): boolean {
  return (
    text !== '' &&
    !/[\x00-\x1f\x7f\u0085\u2028\u2029\ufeff]/.test(text) &&
    text.trim() === text &&
    !RESERVED_WORDS.test(text) &&
    !NUMBER_FORMS.some((form) => form.test(text)) &&
    !FIRST_CHARACTER_INDICATORS.test(text) &&
    // `-`, `?` and `:` start a plain scalar only when a non-space follows them.
    !/^[-?:]( |$)/.test(text) &&
    !text.includes(': ') &&
    !text.includes(' #') &&
    !text.endsWith(':')
  );
}

/** Rendered scalars: manifests repeat the same keys and label values many times over. */
const renderedScalars = new Map<string, string>();

function scalar(text: string): string {
  let rendered = renderedScalars.get(text);
  if (rendered === undefined) {
    rendered = isPlainSafe(text) ? text : JSON.stringify(text);
    renderedScalars.set(text, rendered);
  }
  return rendered;
}

/** A multi-line string as a literal block whose lines sit at `column`. */
function literalBlock(text: string, column: number): string[] {
  const body = text.replace(/\n+$/, '');
  const trailingNewlines = text.length - body.length;
  const chomping = trailingNewlines === 0 ? '-' : trailingNewlines === 1 ? '' : '+';
  // An explicit indentation indicator keeps a first line that starts with spaces from setting the indentation.
  const indicator = /^[ \t]/.test(body) ? '2' : '';
  const content = trailingNewlines > 1 ? text.slice(0, -1) : body;
  const pad = ' '.repeat(column);
  return [`|${indicator}${chomping}`, ...content.split('\n').map((line) => (line === '' ? '' : pad + line))];
}

/** Whether a string can be a literal block: multi-line, and nothing a block cannot carry exactly. */
function isBlockable(text: string): boolean {
  return (
    text.includes('\n') &&
    !/[\x00-\x08\x0b-\x1f\x7f\u0085\u2028\u2029\ufeff]/.test(text) &&
    // Lines of only spaces, and spaces before the final newlines, are ambiguous in a block.
    !/(^|\n)[ \t]+(\n|$)/.test(text) &&
    !/^\n/.test(text)
  );
}

function isCollection(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  for (const key in value) if ((value as Record<string, unknown>)[key] !== undefined) return true;
  return false;
}

/** A value that fits after `key: ` or `- ` (scalars, empty collections, a block header): pushed to `lines`. */
function writeInline(value: unknown, column: number, prefix: string, lines: string[]): void {
  if (value === null || value === undefined) {
    lines.push(`${prefix}null`);
  } else if (typeof value === 'boolean' || typeof value === 'number') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} to a manifest`);
    lines.push(prefix + String(value));
  } else if (typeof value === 'string') {
    if (isBlockable(value)) {
      const [header, ...rest] = literalBlock(value, column);
      lines.push(prefix + header, ...rest);
    } else {
      lines.push(prefix + scalar(value));
    }
  } else {
    lines.push(prefix + (Array.isArray(value) ? '[]' : '{}'));
  }
}

/**
 * Pushes the lines of a non-empty collection whose entries start at `column`. `firstPrefix` replaces
 * the indentation of the first line: a sequence item's mapping starts on the `- ` line.
 */
function writeBlock(value: unknown, column: number, lines: string[], firstPrefix?: string): void {
  const pad = ' '.repeat(column);
  let prefix = firstPrefix ?? pad;
  if (Array.isArray(value)) {
    for (const item of value) {
      // Sequence items sit two columns in from their key, their content two columns further.
      if (isCollection(item)) writeBlock(item, column + 2, lines, `${prefix}- `);
      else writeInline(item, column + 2, `${prefix}- `, lines);
      prefix = pad;
    }
    return;
  }
  for (const key in value as Record<string, unknown>) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    if (isCollection(item)) {
      lines.push(`${prefix}${scalar(key)}:`);
      writeBlock(item, column + 2, lines);
    } else {
      writeInline(item, column + 2, `${prefix}${scalar(key)}: `, lines);
    }
    prefix = pad;
  }
}
