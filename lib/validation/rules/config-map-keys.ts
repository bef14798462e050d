import { quote, type FieldProblem, type ValidationRule } from '../rule';

/** What the API server accepts as a key of a ConfigMap or a Secret (it becomes a file name when mounted). */
const KEY = /^[-._a-zA-Z0-9]+$/;
const MAX_KEY_LENGTH = 253;
/** The API server refuses a ConfigMap or Secret whose values together exceed 1 MiB (etcd's object limit, with room). */
const MAX_DATA_BYTES = 1024 * 1024;

/** Why `key` is not a ConfigMap or Secret key, or undefined. */
export function notDataKey(key: string): string | undefined {
  if (!KEY.test(key)) return `${quote(key)} is not a valid key (letters, digits, "-", "_" and ".")`;
  if (key === '.' || key === '..' || key.startsWith('..')) return `${quote(key)} may not be "." or "..", nor start with ".."`;
  return key.length > MAX_KEY_LENGTH ? `"${key}" is longer than ${MAX_KEY_LENGTH} characters` : undefined;
}

/** The bytes a value holds: `data` of a Secret and `binaryData` of a ConfigMap are base64. */
function bytesOf(value: unknown, base64: boolean): number {
  const text = String(value ?? '');
  return base64 ? Buffer.from(text, 'base64').length : Buffer.byteLength(text);
}

/**
 * The keys of a ConfigMap's `data` and `binaryData` (a Secret's `data` and `stringData`) in the format
 * the API server accepts, each in one of them only, and all values together within 1 MiB. A key comes
 * from a compose variable or file name, which the schema takes as any string.
 */
export const configMapKeys: ValidationRule = {
  name: 'config-map-keys',
  description: 'ConfigMap and Secret keys are valid file names, none in two maps, and the values together hold at most 1 MiB.',
  kinds: ['ConfigMap', 'Secret'],
  check: (manifest) => {
    const problems: FieldProblem[] = [];
    const maps = manifest.kind === 'ConfigMap' ? (['data', 'binaryData'] as const) : (['data', 'stringData'] as const);
    const seen = new Set<string>();
    let bytes = 0;
    for (const map of maps) {
      for (const [key, value] of Object.entries((manifest as any)[map] ?? {})) {
        const problem = notDataKey(key);
        if (problem) problems.push({ field: `${map}[${key}]`, message: problem });
        // A Secret's stringData overrides its data on write; a ConfigMap's key may be in one map only.
        if (manifest.kind === 'ConfigMap' && seen.has(key)) problems.push({ field: `${map}[${key}]`, message: `"${key}" is also a key of data: a key may be in one of data and binaryData only` });
        seen.add(key);
        bytes += bytesOf(value, map === 'binaryData' || (manifest.kind === 'Secret' && map === 'data'));
      }
    }
    if (bytes > MAX_DATA_BYTES) problems.push({ field: maps[0], message: `the values hold ${bytes} bytes; the API server accepts at most ${MAX_DATA_BYTES}` });
    return problems;
  },
};
