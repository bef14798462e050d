import type { PodSecurityModel } from '../model';
import { checkKnownKeys, isRecord, readMapping, readString, readWholeNumber, type FileReporter } from './report';

/** `podSecurity.<service>` in stack.yaml: read straight into the model, as it renders. */
export type PodSecuritySettings = PodSecurityModel;

/** The one capability the Pod Security Standards' restricted profile lets a container add. */
const ALLOWED_CAPABILITIES = ['NET_BIND_SERVICE'];

/** `shutdown.<service>` in stack.yaml. */
export interface ShutdownSettings {
  /** Shell command run before the container is told to stop. */
  readonly preStop: string;
  readonly gracePeriodSeconds: number;
}

/** `securityExceptions` in stack.yaml: a policy rule that does not apply, and why. */
export interface SecurityExceptionSettings {
  readonly rule: string;
  readonly reason: string;
  readonly service?: string;
  readonly environment?: string;
}

/** `autoscaling.<service>` in an environment's settings. */
export interface AutoscalingSettings {
  readonly maxReplicas: number;
  readonly targetCPUUtilizationPercentage: number;
}

const KUBERNETES_SIZE = /^[1-9][0-9]*(Ki|Mi|Gi)$/;

/** A whole number of at least `minimum`; reports and returns `minimum` otherwise. */
function requireWholeNumber(report: FileReporter, keys: Array<string | number>, value: unknown, minimum: number): number {
  const number = readWholeNumber(value, minimum);
  if (number === undefined) report.error(keys, `"${value ?? ''}" is not a whole number of at least ${minimum}`);
  return number ?? minimum;
}

function entriesOf(report: FileReporter, key: string, value: unknown): Array<[string, Record<string, unknown>]> {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    report.error([key], 'must be a mapping of service names to settings');
    return [];
  }
  return Object.entries(value).map(([service, settings]) => [service, readMapping(report, [key, service], settings)]);
}

export function readPodSecurity(report: FileReporter, value: unknown): Map<string, PodSecuritySettings> {
  const result = new Map<string, PodSecuritySettings>();
  for (const [service, data] of entriesOf(report, 'podSecurity', value)) {
    checkKnownKeys(report, ['podSecurity', service], data, ['user', 'group', 'writablePaths', 'readOnlyRootFilesystem', 'addCapabilities']);
    if (data.readOnlyRootFilesystem !== undefined && typeof data.readOnlyRootFilesystem !== 'boolean') {
      report.error(['podSecurity', service, 'readOnlyRootFilesystem'], 'must be true or false');
    }
    const capabilities = data.addCapabilities === undefined ? [] : Array.isArray(data.addCapabilities) ? data.addCapabilities.map(String) : undefined;
    if (!capabilities || capabilities.some((capability) => !ALLOWED_CAPABILITIES.includes(capability))) {
      report.error(['podSecurity', service, 'addCapabilities'], `the restricted profile allows adding only ${ALLOWED_CAPABILITIES.join(', ')}`);
    }
    const paths = Array.isArray(data.writablePaths) ? data.writablePaths : [];
    if (!Array.isArray(data.writablePaths) || !paths.every((item) => typeof item === 'string' && item.startsWith('/'))) {
      report.error(['podSecurity', service, 'writablePaths'], 'must be a list of absolute paths');
    }
    result.set(service, {
      // Root (0) is what this setting exists to avoid.
      user: requireWholeNumber(report, ['podSecurity', service, 'user'], data.user, 1),
      group: requireWholeNumber(report, ['podSecurity', service, 'group'], data.group, 1),
      writablePaths: paths.map(String),
      readOnlyRootFilesystem: data.readOnlyRootFilesystem !== false,
      addCapabilities: (capabilities ?? []).filter((capability) => ALLOWED_CAPABILITIES.includes(capability)),
    });
  }
  return result;
}

export function readShutdown(report: FileReporter, value: unknown): Map<string, ShutdownSettings> {
  const result = new Map<string, ShutdownSettings>();
  for (const [service, data] of entriesOf(report, 'shutdown', value)) {
    checkKnownKeys(report, ['shutdown', service], data, ['preStop', 'gracePeriodSeconds']);
    result.set(service, {
      preStop: readString(report, data, 'preStop', ['shutdown', service]),
      gracePeriodSeconds: requireWholeNumber(report, ['shutdown', service, 'gracePeriodSeconds'], data.gracePeriodSeconds, 1),
    });
  }
  return result;
}

export function readEphemeralStorage(report: FileReporter, value: unknown): { request: string; limit: string } {
  if (!isRecord(value)) {
    report.error(['ephemeralStorage'], "is required: { request: 256Mi, limit: 1Gi } sizes every container's scratch disk");
    return { request: '', limit: '' };
  }
  checkKnownKeys(report, ['ephemeralStorage'], value, ['request', 'limit']);
  const size = (key: 'request' | 'limit') => {
    const text = String(value[key] ?? '');
    if (!KUBERNETES_SIZE.test(text)) report.error(['ephemeralStorage', key], `"${text}" is not a size; use e.g. 256Mi or 1Gi`);
    return text;
  };
  return { request: size('request'), limit: size('limit') };
}

export function readSecurityExceptions(report: FileReporter, value: unknown): SecurityExceptionSettings[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error(['securityExceptions'], 'must be a list of { rule, reason, service?, environment? }');
    return [];
  }
  return value.map((entry, index) => {
    const data = readMapping(report, ['securityExceptions', index], entry);
    checkKnownKeys(report, ['securityExceptions', index], data, ['rule', 'reason', 'service', 'environment']);
    const optional = (key: string) => (data[key] === undefined ? undefined : readString(report, data, key, ['securityExceptions', index]));
    return {
      rule: readString(report, data, 'rule', ['securityExceptions', index]),
      // An exception without a reason is how a rule quietly stops applying.
      reason: readString(report, data, 'reason', ['securityExceptions', index]),
      service: optional('service'),
      environment: optional('environment'),
    };
  });
}

export function readAutoscaling(report: FileReporter, value: unknown): Map<string, AutoscalingSettings> {
  const result = new Map<string, AutoscalingSettings>();
  for (const [service, data] of entriesOf(report, 'autoscaling', value)) {
    checkKnownKeys(report, ['autoscaling', service], data, ['maxReplicas', 'targetCPUUtilizationPercentage']);
    const target = requireWholeNumber(report, ['autoscaling', service, 'targetCPUUtilizationPercentage'], data.targetCPUUtilizationPercentage, 1);
    if (target > 100) report.error(['autoscaling', service, 'targetCPUUtilizationPercentage'], 'must be at most 100');
    result.set(service, { maxReplicas: requireWholeNumber(report, ['autoscaling', service, 'maxReplicas'], data.maxReplicas, 1), targetCPUUtilizationPercentage: target });
  }
  return result;
}
