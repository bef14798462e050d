/**
 * What a validation rule is, and the formats the API server checks. The OpenAPI schema says which
 * fields exist and their types; the API server then refuses more: numbers out of range, names in the
 * wrong format, fields that disagree with each other. These rules check that before anything is
 * written, so an object it would refuse never reaches dist/.
 */
import type { Manifest } from '../policies/policy';

export type { Manifest } from '../policies/policy';

/** One field the API server would refuse, and why. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** What a rule may look at besides the object it checks. */
export interface ValidationContext {
  readonly environment: string;
  /** Every object of the environment, for rules that relate objects. */
  readonly manifests: readonly Manifest[];
}

export interface ValidationRule {
  /** Stable kebab-case name, printed with each problem. */
  readonly name: string;
  /** One sentence on what the API server demands. */
  readonly description: string;
  /** The kinds the rule looks at; the others are never passed to it. @default every kind */
  readonly kinds?: readonly string[];
  check(manifest: Manifest, context: ValidationContext): FieldProblem[];
}

/** Kinds whose objects carry a pod template (or are a Pod). */
export const POD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'];

/** DNS-1123 label: most names that become host names (namespaces, containers, volumes). */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain: the names of most objects. */
export const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** DNS-1035 label: a Service name, which must start with a letter. */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The name part of a label or annotation key, and a label value. */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why `name` is not a DNS-1123 label, or undefined when it is one. */
export function notDnsLabel(name: unknown, maxLength = 63): string | undefined {
  if (typeof name !== 'string' || !DNS_1123_LABEL.test(name)) return `${quote(name)} is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)`;
  if (name.length > maxLength) return `"${name}" is longer than ${maxLength} characters`;
  return undefined;
}

/** Why `name` is not a DNS-1123 subdomain, or undefined. */
export function notDnsSubdomain(name: unknown, maxLength = 253): string | undefined {
  if (typeof name !== 'string' || !DNS_1123_SUBDOMAIN.test(name)) return `${quote(name)} is not a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")`;
  if (name.length > maxLength) return `"${name}" is longer than ${maxLength} characters`;
  return undefined;
}

/** Keys and values found valid so far: a render repeats the same labels on most of its objects. */
const validKeys = new Set<string>();
const validLabelValues = new Set<string>();

/** Why `key` is not a label or annotation key (`[prefix/]name`), or undefined. */
export function notQualifiedName(key: string): string | undefined {
  if (validKeys.has(key)) return undefined;
  const problem = qualifiedNameProblem(key);
  if (!problem) validKeys.add(key);
  return problem;
}

function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && notDnsSubdomain(prefix)) return `"${key}" has a prefix that is not a DNS-1123 subdomain`;
  if (!QUALIFIED_NAME_PART.test(name)) return `"${key}" is not a valid key (letters, digits, "-", "_" and ".", starting and ending with a letter or digit, after an optional prefix/)`;
  if (name.length > 63) return `"${key}" has a name part longer than 63 characters`;
  return undefined;
}

/** Why `value` is not a label value, or undefined. */
export function notLabelValue(value: unknown): string | undefined {
  if (value === '' || validLabelValues.has(value as string)) return undefined;
  const problem = labelValueProblem(value);
  if (!problem) validLabelValues.add(value as string);
  return problem;
}

function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !QUALIFIED_NAME_PART.test(value)) return `${quote(value)} is not a valid label value (letters, digits, "-", "_" and ".", starting and ending with a letter or digit)`;
  if (value.length > 63) return `"${value}" is longer than 63 characters, the most a label value may hold`;
  return undefined;
}

/** A value as a message quotes it. */
export function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? 'nothing';
}

/** Whether `value` is a whole number from `minimum` to `maximum`. */
export function isWholeNumber(value: unknown, minimum: number, maximum = 2 ** 31 - 1): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= minimum && value <= maximum;
}

/** A pod template's pod spec with the path that names it in problems, or undefined for kinds without one. */
export function podSpecWithPath(manifest: Manifest): { spec: any; path: string; labelsPath?: string; labels?: any } | undefined {
  switch (manifest.kind) {
    case 'Pod':
      return { spec: manifest.spec, path: 'spec' };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return manifest.spec?.template && { spec: manifest.spec.template.spec, path: 'spec.template.spec', labelsPath: 'spec.template.metadata.labels', labels: manifest.spec.template.metadata?.labels };
    case 'CronJob': {
      const template = manifest.spec?.jobTemplate?.spec?.template;
      return template && { spec: template.spec, path: 'spec.jobTemplate.spec.template.spec', labelsPath: 'spec.jobTemplate.spec.template.metadata.labels', labels: template.metadata?.labels };
    }
    default:
      return undefined;
  }
}

/** Every container of a pod spec with the path that names it: `spec.template.spec.containers[web]`. */
export function containersWithPaths(pod: { spec: any; path: string }): Array<{ container: any; path: string }> {
  return ['initContainers', 'containers'].flatMap((list) =>
    (pod.spec?.[list] ?? []).map((container: any, index: number) => ({ container, path: `${pod.path}.${list}[${container?.name ?? index}]` })),
  );
}
