/**
 * YAML documents of previous renders, parsed once. A pinned environment's previous render is the same
 * text on every synth until the next promotion, and its documents that differ from the new render are
 * parsed each time; js-yaml is the synth's slowest reader (it runs without the optimizing compiler), so
 * each document's parse is kept as JSON in node_modules/.cache, keyed by the document's text, and read
 * back with JSON.parse (see cache-files.ts). A missing, unreadable or damaged entry is parsed again.
 */
import { cacheDirectory, keepParse, keptParse, parseKey } from '../cache-files';
import { jsYaml, JS_YAML_VERSION } from '../js-yaml';

const CACHE_DIRECTORY = cacheDirectory('parsed-documents');
/** What reads the documents, as part of each entry's key. */
const PARSER = `js-yaml ${JS_YAML_VERSION} loadAll, core schema`;

/** The documents of `text` (one `---` piece, or a stream), as js-yaml's core schema reads them. */
export function loadDocuments(text: string, cacheDirectory: string = CACHE_DIRECTORY): unknown[] {
  const key = parseKey(PARSER, text);
  const kept = keptParse(cacheDirectory, key);
  if (kept && Array.isArray(kept.value)) return kept.value;
  const documents = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
  keepParse(cacheDirectory, key, documents, text.length);
  return documents;
}
