import type { PodSecurityModel, SecurityException } from '../model';
import { RESTRICTED_CAPABILITIES } from './pod-security';
import { checkKnownKeys, DNS_SUBDOMAIN, isRecord, readMapping, readString, readStringList, readWholeNumber, type FileReporter } from './report';

/** `podSecurity.<service>` in stack.yaml: read straight into the model, as it renders. */
export type PodSecuritySettings = PodSecurityModel;

/** The one capability the Pod Security Standards' restricted profile lets a container add. */

/** `shutdown.<service>` in stack.yaml. */
export interface ShutdownSettings {
  /** Shell command run before the container is told to stop. */
  readonly preStop: string;
  readonly gracePeriodSeconds: number;
}

/** `securityExceptions` in stack.yaml: read straight into the model. */
export type SecurityExceptionSettings = SecurityException;

/**
 * How a service runs when `podSecurity` does not name it: the restricted profile, as a user and group
 * from 10000 up (high-user-group-id: no user of a usual node has such an id), a read-only root with a
 * scratch `/tmp`, no capability. An image built to run as root, or as its own user writing elsewhere,
 * needs its own entry; the loader warns so a person checks it.
 */
export const DEFAULT_POD_SECURITY: PodSecuritySettings = { user: 10001, group: 10001, writablePaths: ['/tmp'], readOnlyRootFilesystem: true, addCapabilities: [] };

/**
 * The exceptions a stack gets when stack.yaml declares none: two deviations every stack rendered here
 * makes by design, so the linters' exemptions are written for them too. A stack that declares its own
 * list declares these itself (the Trámites stack does, with its own words).
 */
export const DEFAULT_SECURITY_EXCEPTIONS: readonly SecurityExceptionSettings[] = [
  {
    rule: 'instance-label-matches-name',
    reason:
      'app.kubernetes.io/instance names the installation of the whole stack in one environment (<project>-<environment>), as the recommended labels describe it, not each object; it is part of every immutable selector.',
  },
  {
    rule: 'pull-policy-always',
    reason:
      'A pinned tag never changes, so a node\'s cached copy is the same image: IfNotPresent runs it without making every restart depend on the registry. Moving tags (movingTags: true) are pulled Always. Where nodes are shared with tenants that must not run these images, the cluster\'s AlwaysPullImages admission plugin checks pull credentials.',
  },
];

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
    if (!capabilities || capabilities.some((capability) => !RESTRICTED_CAPABILITIES.includes(capability))) {
      report.error(['podSecurity', service, 'addCapabilities'], `the restricted profile allows adding only ${RESTRICTED_CAPABILITIES.join(', ')}`);
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
      addCapabilities: (capabilities ?? []).filter((capability) => RESTRICTED_CAPABILITIES.includes(capability)),
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
    report.error(['ephemeralStorage'], "must be a mapping, e.g. { request: 256Mi, limit: 1Gi }: every container's scratch disk");
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

/** The scopes an exception may narrow, each written as one name or a list: `service: db` or `services: [db, redis]`. */
const EXCEPTION_SCOPES = [
  ['service', 'services'],
  ['environment', 'environments'],
  ['object', 'objects'],
] as const;

export function readSecurityExceptions(report: FileReporter, value: unknown): SecurityExceptionSettings[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error(['securityExceptions'], 'must be a list of { rule, reason, service(s)?, environment(s)?, object(s)? }');
    return [];
  }
  return value.map((entry, index) => {
    const keys = ['securityExceptions', index];
    const data = readMapping(report, keys, entry);
    checkKnownKeys(report, keys, data, ['rule', 'reason', ...EXCEPTION_SCOPES.flat()]);
    const scope = (singular: string, plural: string): string[] | undefined => {
      if (data[singular] !== undefined && data[plural] !== undefined) report.error([...keys, plural], `give either ${singular} or ${plural}, not both`);
      if (data[singular] !== undefined) return [readString(report, data, singular, keys)];
      if (data[plural] === undefined) return undefined;
      const list = readStringList(report, data, plural, keys);
      if (list?.length === 0) report.error([...keys, plural], `must name at least one; leave ${plural} out to mean all`);
      return list;
    };
    const [services, environments, objects] = EXCEPTION_SCOPES.map(([singular, plural]) => scope(singular, plural));
    for (const [index2, object] of (objects ?? []).entries()) {
      if (!/^[A-Z][A-Za-z]+\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(object)) {
        report.error([...keys, data.object !== undefined ? 'object' : 'objects', ...(data.object !== undefined ? [] : [index2])], `"${object}" is not Kind/name (e.g. ConfigMap/tramites-env)`);
      }
    }
    return {
      rule: readString(report, data, 'rule', keys),
      // An exception without a reason is how a rule quietly stops applying.
      reason: readString(report, data, 'reason', keys),
      ...(services && { services }),
      ...(environments && { environments }),
      ...(objects && { objects }),
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

/** `priorityTiers.<tier>` in stack.yaml: the priority class a group of services runs at. */
export interface PriorityTierSettings {
  readonly priorityClass: string;
  readonly services: readonly string[];
}

/** Reads `priorityTiers`; a service named in two tiers is refused, as its class would depend on the order. */
export function readPriorityTiers(report: FileReporter, value: unknown): Map<string, PriorityTierSettings> {
  const result = new Map<string, PriorityTierSettings>();
  const tierOf = new Map<string, string>();
  for (const [tier, data] of entriesOf(report, 'priorityTiers', value)) {
    checkKnownKeys(report, ['priorityTiers', tier], data, ['priorityClass', 'services']);
    const priorityClass = readString(report, data, 'priorityClass', ['priorityTiers', tier]);
    if (priorityClass && !DNS_SUBDOMAIN.test(priorityClass)) report.error(['priorityTiers', tier, 'priorityClass'], `"${priorityClass}" is not a valid PriorityClass name`);
    const services = readStringList(report, data, 'services', ['priorityTiers', tier]) ?? [];
    services.forEach((service, index) => {
      const other = tierOf.get(service);
      if (other) report.error(['priorityTiers', tier, 'services', index], `service "${service}" is already in tier "${other}": a service has one priority`);
      tierOf.set(service, tier);
    });
    result.set(tier, { priorityClass, services });
  }
  return result;
}
