import type { FileReporter } from './report';
import { checkKnownKeys, describeValue, DNS_SUBDOMAIN, isRecord, readWholeNumber } from './report';

/**
 * Compose's top-level `secrets:` and `configs:` and the services' references to them, read as written.
 * What each becomes (a Secret created outside dist/, a ConfigMap) is decided in file-mounts.ts.
 */

/** Where a top-level secret's or config's content comes from. */
export type ContentSource =
  /** A file, relative to the stack folder. */
  | { readonly kind: 'file'; readonly path: string }
  /** A variable of the interpolation environment (the `.env` and the environment's `variables`). */
  | { readonly kind: 'environment'; readonly variable: string }
  /** An object that already exists in the cluster, by name. */
  | { readonly kind: 'external'; readonly name: string }
  /** Inline text (configs only). */
  | { readonly kind: 'content'; readonly text: string }
  /** Written wrong, and reported: the services that name it are not told again that it is missing. */
  | { readonly kind: 'refused' };

export interface SecretSpec {
  readonly source: ContentSource;
  /** Compose `name:`: the name of the object in the engine, so of the Secret. @default derived from the project and the key */
  readonly name?: string;
  readonly report: FileReporter;
  readonly keys: ReadonlyArray<string | number>;
}

export type ConfigSpec = SecretSpec;

/** A service's `secrets:` or `configs:` entry, short (`- name`) or long (`source`, `target`, `uid`, `gid`, `mode`). */
export interface FileReferenceSpec {
  readonly source: string;
  /** @default `/run/secrets/<source>` for a secret, `/<source>` for a config */
  readonly target?: string;
  /** File mode, written in octal as compose's documentation does (`0440`). @default 0444 */
  readonly mode?: number;
  /** Where it was written, for problems found once the top-level entry is looked up. */
  readonly report: FileReporter;
  readonly keys: ReadonlyArray<string | number>;
}

export function readTopLevelSecrets(value: unknown, report: FileReporter): Map<string, SecretSpec> {
  return readTopLevel('secrets', value, report, ['file', 'environment']);
}

export function readTopLevelConfigs(value: unknown, report: FileReporter): Map<string, ConfigSpec> {
  return readTopLevel('configs', value, report, ['file', 'environment', 'content']);
}

/** Swarm-only keys: no meaning outside a swarm, and dropping them changes nothing the service sees. */
const SWARM_KEYS = ['driver', 'driver_opts', 'template_driver', 'labels'];

function readTopLevel(section: 'secrets' | 'configs', value: unknown, report: FileReporter, sources: readonly string[]): Map<string, SecretSpec> {
  const entries = new Map<string, SecretSpec>();
  if (value === undefined || value === null) return entries;
  if (!isRecord(value)) {
    report.error([section], `must be a mapping of ${section} names to their source`);
    return entries;
  }
  for (const [key, body] of Object.entries(value)) {
    const keys = [section, key];
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key)) {
      report.error(keys, `"${key}" is not a valid ${section === 'secrets' ? 'secret' : 'config'} name (letters, digits, ".", "_" and "-")`);
      continue;
    }
    const refuse = () => entries.set(key, { source: { kind: 'refused' }, report, keys });
    if (!isRecord(body)) {
      report.error(keys, `must be a mapping with one of: ${[...sources, 'external'].join(', ')}`);
      refuse();
      continue;
    }
    checkKnownKeys(report, keys, body, [...sources, 'external', 'name', ...SWARM_KEYS]);
    for (const swarm of SWARM_KEYS.filter((candidate) => body[candidate] !== undefined)) report.warn([...keys, swarm], 'ignored: it only applies to Docker Swarm');
    if (body.name !== undefined && (typeof body.name !== 'string' || !DNS_SUBDOMAIN.test(body.name))) {
      report.error([...keys, 'name'], `${describeValue(body.name)} is not a valid Kubernetes object name (lower-case letters, digits, "-" and ".")`);
      refuse();
      continue;
    }
    const name = body.name as string | undefined;
    if (body.external !== undefined && typeof body.external !== 'boolean') {
      report.error([...keys, 'external'], 'must be true or false');
      refuse();
      continue;
    }
    const given = sources.filter((source) => body[source] !== undefined);
    if (body.external === true) {
      if (given.length > 0) {
        report.error([...keys, 'external'], `an external ${section === 'secrets' ? 'secret' : 'config'} exists already: remove ${given.join(', ')}`);
        refuse();
      } else if (name === undefined && !DNS_SUBDOMAIN.test(key)) {
        report.error([...keys, 'name'], `"${key}" is not a valid Kubernetes object name: give the existing object's name with name:`);
        refuse();
      } else {
        entries.set(key, { source: { kind: 'external', name: name ?? key }, report, keys });
      }
      continue;
    }
    if (given.length !== 1) {
      report.error(keys, given.length === 0 ? `needs one of: ${[...sources, 'external'].join(', ')}` : `has ${given.join(' and ')}: give one source`);
      refuse();
      continue;
    }
    const [kind] = given;
    const text = body[kind];
    if (typeof text !== 'string' || (text === '' && kind !== 'content')) {
      report.error([...keys, kind], `must be ${kind === 'file' ? 'a path' : kind === 'environment' ? 'a variable name' : 'text'}, not ${describeValue(text)}`);
      refuse();
      continue;
    }
    const source: ContentSource =
      kind === 'file' ? { kind, path: text } : kind === 'environment' ? { kind, variable: text } : { kind: 'content', text };
    entries.set(key, { source, name, report, keys });
  }
  return entries;
}

/** A service's `secrets:` or `configs:` list. */
export function readServiceFileReferences(section: 'secrets' | 'configs', value: unknown, report: FileReporter): FileReferenceSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error([section], `must be a list of ${section} names or of mappings with source and target`);
    return [];
  }
  return value.flatMap((item, index): FileReferenceSpec[] => {
    const keys = [section, index];
    if (typeof item === 'string' && item !== '') return [{ source: item, report, keys }];
    if (!isRecord(item)) {
      report.error(keys, `${describeValue(item)} is not a reference: use its name, or a mapping with source and target`);
      return [];
    }
    checkKnownKeys(report, keys, item, ['source', 'target', 'uid', 'gid', 'mode']);
    if (typeof item.source !== 'string' || item.source === '') {
      report.error([...keys, 'source'], `is required: the name of one of the top-level ${section}`);
      return [];
    }
    if (item.target !== undefined && (typeof item.target !== 'string' || item.target === '')) {
      report.error([...keys, 'target'], `must be a path, not ${describeValue(item.target)}`);
      return [];
    }
    for (const owner of ['uid', 'gid'] as const) {
      // The kubelet gives mounted files the pod's group (fsGroup) and no per-file owner.
      if (item[owner] !== undefined) report.warn([...keys, owner], "ignored: Kubernetes sets no owner per mounted file; the files belong to the pod's group (fsGroup) and are readable by its user");
    }
    let mode: number | undefined;
    if (item.mode !== undefined) {
      mode = readFileMode(item.mode);
      if (mode === undefined) report.error([...keys, 'mode'], `${describeValue(item.mode)} is not a file mode: write it in octal, as 0440`);
    }
    return [{ source: item.source, target: item.target as string | undefined, mode, report, keys }];
  });
}

/**
 * A file mode written in octal. YAML 1.2 reads `0440` as the number 440, so a number whose digits are
 * all octal is read as octal, as compose does; a string may also be written (`"0440"`).
 */
function readFileMode(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/^0o/, '') : '';
  if (!/^[0-7]{1,4}$/.test(text)) return readWholeNumber(value, 0, 0o777) === undefined || typeof value !== 'number' ? undefined : value;
  const mode = parseInt(text, 8);
  return mode <= 0o777 ? mode : undefined;
}
