/**
 * How the day-2 comparison names rendered objects and their fields, and compares their values. Plain
 * JSON objects as `kubectl` reads them, so a render from git compares with one made in memory.
 */
import { createHash } from 'crypto';
import type { Manifest } from '../policies/policy';
import { sameQuantity } from '../units';

export type { Manifest } from '../policies/policy';

/** The API group of an object: `apps` for `apps/v1`, `` for the core `v1`. */
export function groupOf(manifest: Manifest): string {
  return manifest.apiVersion?.includes('/') ? manifest.apiVersion.split('/')[0] : '';
}

/**
 * What makes two renders' objects the same object to the API server: group, kind, namespace and name.
 * The version is left out: `autoscaling/v1` and `autoscaling/v2` serve the same stored object.
 */
export function identityOf(manifest: Manifest): string {
  return `${groupOf(manifest)}/${manifest.kind}/${manifest.metadata?.namespace ?? ''}/${manifest.metadata?.name}`;
}

/**
 * `StatefulSet/db`: how findings, acknowledgements and the plan name an object. An object outside the
 * environment's namespace (`home`), as after a namespace rename, is `StatefulSet/tramites-prod/db`.
 */
export function objectName(manifest: Manifest, home?: string): string {
  const namespace = manifest.metadata?.namespace;
  return namespace !== undefined && home !== undefined && namespace !== home
    ? `${manifest.kind}/${namespace}/${manifest.metadata?.name}`
    : `${manifest.kind}/${manifest.metadata?.name}`;
}

/** The object objectName(…, home) names, among `objects`. */
export function findObject(objects: readonly Manifest[], name: string, home?: string): Manifest | undefined {
  return objects.find((manifest) => objectName(manifest, home) === name);
}

/** The namespace most objects of a render live in: the environment's. Undefined for an empty render. */
export function homeNamespace(objects: readonly Manifest[]): string | undefined {
  const counts = new Map<string, number>();
  for (const manifest of objects) {
    const namespace = manifest.metadata?.namespace;
    if (namespace !== undefined) counts.set(namespace, (counts.get(namespace) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * Field paths are dotted keys, where `[x]` is the item named `x` of a list (by its `name`, or
 * `metadata.name` for claim templates) or the key `x` of a mapping when that key holds dots or slashes
 * (`spec.selector.matchLabels[app.kubernetes.io/name]`).
 */
export function childPath(path: string, key: string): string {
  const segment = keySegment(key);
  return segment.startsWith('[') || path === '' ? `${path}${segment}` : `${path}.${segment}`;
}

/** `[x]`: a named list item or a key with dots, as a path segment. */
export function named(name: string): string {
  return `[${name}]`;
}

/** Path segments of a mapping key: plain when it has no dot or slash, bracketed otherwise. */
export function keySegment(key: string): string {
  return /[./[\]]/.test(key) ? named(key) : key;
}

/** The value at `path` (see childPath) in `object`; undefined when any step is absent. */
export function valueAt(object: unknown, path: string): unknown {
  let node: any = object;
  for (const [, key, name] of path.matchAll(/\.?([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (node === undefined || node === null) return undefined;
    if (key !== undefined) node = node[key];
    else if (Array.isArray(node)) node = node.find((item) => item?.name === name || item?.metadata?.name === name);
    else node = typeof node === 'object' ? node[name] : undefined;
  }
  return node;
}

/** Longest value quoted as it is in a finding; a longer one is named by a digest of its content. */
const MAX_QUOTED_LENGTH = 80;

/**
 * A value as a finding quotes it, on one line: `100Gi`, `[ReadWriteOnce]`, `{a: b}`, `(none)` for an
 * absent one. A value longer than a line (a pod template) is named by a short digest of its content, so
 * an acknowledgement can still name it exactly.
 */
export function describeValue(value: unknown): string {
  const text = inline(value);
  if (text.length <= MAX_QUOTED_LENGTH) return text;
  const kind = Array.isArray(value) ? 'a list' : isMapping(value) ? 'a mapping' : 'a text';
  return `${kind} #${createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex').slice(0, 12)}`;
}

function inline(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (isMapping(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, item]) => `${key}: ${inline(item)}`).join(', ')}}`;
  }
  return String(value);
}

/** Keys sorted and absent values dropped, so equal content digests the same however it was built. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isMapping(value)) return value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) if (value[key] !== undefined) result[key] = canonical(value[key]);
  return result;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Keys whose values are quantities (`resources.requests.storage`): compared by amount, not by text. */
const QUANTITY_PARENTS = new Set(['requests', 'limits', 'capacity']);

/**
 * Equality as the API server's semantic comparison sees it: absent keys and undefined values are the
 * same, and quantities compare by amount (`100Gi` equals `102400Mi`). `holdsQuantities`: the values
 * compared are the entries of a `requests`, `limits` or `capacity` mapping.
 */
export function sameValue(a: unknown, b: unknown, holdsQuantities = false): boolean {
  if (a === b) return true;
  if (holdsQuantities && isScalar(a) && isScalar(b)) return sameQuantity(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (isMapping(a) && isMapping(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!sameValue(a[key], b[key], holdsQuantities || QUANTITY_PARENTS.has(key))) return false;
    }
    return true;
  }
  // Absent and null are both "not set" in a manifest.
  return (a === undefined || a === null) && (b === undefined || b === null);
}

function isScalar(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

/**
 * The paths, below `path`, where two values differ (semantically, as sameValue): the leaves of a
 * mapping, named items of lists whose items carry names, and whole lists otherwise.
 */
export function differingPaths(before: unknown, after: unknown, path: string, holdsQuantities = false): string[] {
  if (sameValue(before, after, holdsQuantities)) return [];
  if (isMapping(before) && isMapping(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => differingPaths(before[key], after[key], childPath(path, key), holdsQuantities || QUANTITY_PARENTS.has(key)));
  }
  if (Array.isArray(before) && Array.isArray(after) && isNamedList(before) && isNamedList(after)) {
    const names = [...new Set([...before, ...after].map(itemName))];
    return names.flatMap((name) => differingPaths(before.find((item) => itemName(item) === name), after.find((item) => itemName(item) === name), `${path}${named(name)}`));
  }
  return [path];
}

function itemName(item: any): string {
  return item?.name ?? item?.metadata?.name;
}

function isNamedList(list: readonly unknown[]): boolean {
  const names = list.map(itemName);
  return names.every((name) => typeof name === 'string') && new Set(names).size === names.length;
}
