/**
 * YAML documents of previous renders, parsed once. A pinned environment's previous render is the same
 * text on every synth until the next promotion, and its documents that differ from the new render are
 * parsed each time; js-yaml is the synth's slowest reader (it runs without the optimizing compiler), so
 * each document's parse is kept as JSON in node_modules/.cache, keyed by the document's text, and read
 * back with JSON.parse. The cache only saves time: a missing, unreadable or damaged entry is parsed
 * again.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDirectory, writeAtomically } from '../cache-files';
import { jsYaml } from '../js-yaml';

const CACHE_DIRECTORY = cacheDirectory('parsed-documents');

/** The documents of `text` (one `---` piece, or a stream), as js-yaml's core schema reads them. */
export function loadDocuments(text: string, cacheDirectory: string = CACHE_DIRECTORY): unknown[] {
  const entry = path.join(cacheDirectory, `${crypto.createHash('sha256').update(text).digest('hex')}.json`);
  try {
    const cached: unknown = JSON.parse(fs.readFileSync(entry, 'utf8'));
    if (Array.isArray(cached)) return cached;
  } catch {
    // Not cached yet, or damaged: parse it.
  }
  const documents = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
  const json = faithfulJson(documents);
  if (json !== undefined) {
    try {
      fs.mkdirSync(cacheDirectory, { recursive: true });
      writeAtomically(entry, json);
    } catch {
      // A cache that cannot be written only costs the next synth this parse.
    }
  }
  return documents;
}

/** JSON that reads back as exactly `value`, or undefined where JSON cannot say it (`.inf`, `.nan`). */
function faithfulJson(value: unknown): string | undefined {
  let faithful = true;
  const json = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && !Number.isFinite(item)) faithful = false;
    return item;
  });
  return faithful ? json : undefined;
}
