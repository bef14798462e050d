import type { ProblemCollector } from '../errors';
import type { YamlFile } from './yaml-file';

/**
 * Reports problems about values of one YAML file, turning a key path into the file's line and a
 * readable field name. `prefix` is the part of the path that is not shown as the field
 * (`services.<name>` in compose files, where the service is named separately).
 */
export class FileReporter {
  constructor(
    private readonly file: YamlFile,
    private readonly problems: ProblemCollector,
    private readonly prefix: ReadonlyArray<string | number> = [],
    private readonly service?: string,
  ) {}

  get path(): string {
    return this.file.displayPath;
  }

  /** A reporter for settings about one compose service: the problem names the service, at the same keys. */
  aboutService(name: string): FileReporter {
    return new FileReporter(this.file, this.problems, this.prefix, name);
  }

  /** A reporter for one compose service of this file. */
  forService(name: string): FileReporter {
    return new FileReporter(this.file, this.problems, ['services', name], name);
  }

  error(keys: ReadonlyArray<string | number>, message: string): void {
    this.problems.add(this.locate(keys, message));
  }

  /**
   * Reports at a path from the top of a compose file (what interpolation sees), naming the service
   * when the path lies inside one, as every other compose problem does.
   */
  errorAtDocumentPath(keys: ReadonlyArray<string | number>, message: string): void {
    if (this.prefix.length === 0 && keys[0] === 'services' && keys.length >= 2) {
      this.forService(String(keys[1])).error(keys.slice(2), message);
    } else {
      this.error(keys, message);
    }
  }

  /** Whether an error was already reported at `keys` or below it, in this file and service. */
  hasErrorAt(keys: ReadonlyArray<string | number>): boolean {
    const field = keys.join('.');
    return this.problems.has(
      (problem) =>
        problem.file === this.file.displayPath &&
        problem.service === this.service &&
        problem.field !== undefined &&
        (problem.field === field || problem.field.startsWith(`${field}.`)),
    );
  }

  warn(keys: ReadonlyArray<string | number>, message: string): void {
    this.problems.warn(this.locate(keys, message));
  }

  private locate(keys: ReadonlyArray<string | number>, message: string) {
    return {
      file: this.file.displayPath,
      line: this.file.lineOf([...this.prefix, ...keys]),
      service: this.service,
      field: keys.length > 0 ? keys.join('.') : undefined,
      message,
    };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A string, number or boolean: a YAML value without structure that reads the same as text. */
export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A value as a one-line message can quote it: a scalar as written, anything else by its kind. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  if (value === null) return 'an empty value';
  return `"${String(value)}"`;
}

/**
 * `value` as a mapping: empty when absent or null (YAML's "nothing here"); anything else that is not a
 * mapping is reported at `keys` and read as empty.
 */
export function readMapping(report: FileReporter, keys: ReadonlyArray<string | number>, value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  if (value !== undefined && value !== null) report.error(keys, `must be a mapping, not ${describeValue(value)}`);
  return {};
}

/** Kubernetes counts (replicas, failure thresholds) are 32-bit integers. */
const INT32_MAX = 2 ** 31 - 1;

/**
 * A whole number from `minimum` to `maximum`, written as a YAML integer or a string of digits;
 * undefined for anything else. Number() alone would take `true` as 1 and `[3]` as 3.
 */
export function readWholeNumber(value: unknown, minimum: number, maximum = INT32_MAX): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d+$/.test(text)) return undefined;
  const number = Number(text);
  return number >= minimum && number <= maximum ? number : undefined;
}

/** DNS-1123 label: what Kubernetes accepts as the name of a Service, and so of every object we derive. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A DNS subdomain (RFC 1123), as most object names must be: dot-separated labels, 253 characters at most. */
export const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Reports every key of `value` that is not in `known`, naming the keys that are. */
export function checkKnownKeys(
  report: FileReporter,
  keys: ReadonlyArray<string | number>,
  value: Record<string, unknown>,
  known: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      report.error([...keys, key], `unknown key; expected one of: ${known.join(', ')}`);
    }
  }
}

/** A required non-empty string at `keys.key`; reports and returns '' otherwise. */
export function readString(report: FileReporter, source: Record<string, unknown>, key: string, keys: Array<string | number> = []): string {
  const value = source[key];
  if (typeof value === 'string' && value !== '') return value;
  report.error([...keys, key], value === undefined ? 'is required' : 'must be a non-empty string');
  return '';
}

/** A required list of strings at `keys.key`; reports and returns undefined otherwise. */
export function readStringList(report: FileReporter, source: Record<string, unknown>, key: string, keys: Array<string | number> = []): string[] | undefined {
  const value = source[key];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  report.error([...keys, key], value === undefined ? 'is required: a list of strings' : 'must be a list of strings');
  return undefined;
}
