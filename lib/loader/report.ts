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

  /** A reporter for one compose service of this file. */
  forService(name: string): FileReporter {
    return new FileReporter(this.file, this.problems, ['services', name], name);
  }

  error(keys: ReadonlyArray<string | number>, message: string): void {
    this.problems.add(this.locate(keys, message));
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

/** DNS-1123 label: what Kubernetes accepts as the name of a Service, and so of every object we derive. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

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

/** A required list of strings at `key`; reports and returns [] otherwise. */
export function readStringList(report: FileReporter, source: Record<string, unknown>, key: string): string[] {
  const value = source[key];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  report.error([key], 'must be a list of strings');
  return [];
}
