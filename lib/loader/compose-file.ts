import { parseDurationSeconds, parseMemoryBytes, parseMillicores, UnitError } from '../units';
import { readNetworks, readServiceNetworking, type NetworkSpec, type ServiceNetworking } from './compose-networks';
import { SecretReference } from './interpolate';
import { checkKnownKeys, describeValue, DNS_LABEL, FileReporter, isRecord, isScalar, readMapping, readWholeNumber } from './report';
import { splitShellWords } from './shell-words';

/**
 * One compose file, validated and normalised so that overlays merge with compose's override rules
 * (see merge.ts). Values are checked here, where the file and line of each one are still known.
 */
export interface ComposeFileContent {
  readonly name?: string;
  readonly services: Map<string, ServiceFragment>;
  readonly volumes: string[];
  /** The top-level networks, by key. */
  readonly networks: Map<string, NetworkSpec>;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface PortSpec {
  readonly name?: string;
  readonly target: number;
  readonly published?: string;
  readonly protocol: 'TCP' | 'UDP';
}

export type VolumeSpec =
  | { readonly type: 'volume'; readonly source: string; readonly target: string; readonly readOnly: boolean }
  | { readonly type: 'bind'; readonly source: string; readonly target: string; readonly readOnly: boolean }
  | { readonly type: 'anonymous'; readonly target: string };

export interface HealthcheckSpec {
  readonly test?: string | readonly string[];
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly retries?: number;
  readonly startPeriodSeconds?: number;
  readonly startIntervalSeconds?: number;
  readonly disable?: boolean;
}

/** What one file says about one service; every field is optional because overlays say little. */
export interface ServiceFragment {
  /** The file that defined this fragment, for problems found after merging. */
  readonly report: FileReporter;
  image?: string;
  build?: boolean;
  entrypoint?: string[];
  command?: string[];
  environment: Map<string, string | SecretReference>;
  envFiles: string[];
  ports: PortSpec[];
  volumes: VolumeSpec[];
  dependsOn: Map<string, DependencyCondition>;
  healthcheck?: HealthcheckSpec;
  replicas?: number;
  limits: { cpuMillicores?: number; memoryBytes?: number };
  reservations: { cpuMillicores?: number; memoryBytes?: number };
  /** `networks:` and `network_mode` (compose-networks.ts). */
  networking: ServiceNetworking;
}

/**
 * The compose subset this project maps. Keys listed in IGNORED_SERVICE_KEYS are accepted with a warning
 * saying why they have no Kubernetes meaning; anything else is an error rather than silently dropped.
 */
export const SUPPORTED_SERVICE_KEYS = [
  'image', 'build', 'container_name', 'environment', 'env_file', 'ports', 'volumes', 'networks',
  'network_mode', 'depends_on', 'command', 'entrypoint', 'healthcheck', 'deploy',
] as const;

export const IGNORED_SERVICE_KEYS: Readonly<Record<string, string>> = {
  restart: 'Kubernetes restarts the containers of Deployments and StatefulSets by itself',
  stdin_open: 'an interactive terminal is a development convenience with no meaning in a cluster',
  tty: 'an interactive terminal is a development convenience with no meaning in a cluster',
};

const TOP_LEVEL_KEYS = ['version', 'name', 'services', 'networks', 'volumes'];
const DEPENDENCY_CONDITIONS: readonly DependencyCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

/**
 * Reads one compose file. Returns undefined, once the problem is reported, when the document is not
 * shaped like a compose file (not a mapping, or `services` not a mapping): checking it against the
 * other files would only repeat that problem in other words.
 */
export function readComposeFile(data: unknown, report: FileReporter): ComposeFileContent | undefined {
  if (!isRecord(data)) {
    report.error([], 'a compose file must be a mapping with a `services:` key');
    return undefined;
  }
  checkKnownKeys(report, [], withoutExtensions(data), TOP_LEVEL_KEYS);

  let name: string | undefined;
  if (data.name !== undefined) {
    // Only a scalar is turned into text: String() of a mapping can throw (a key named toString).
    name = isScalar(data.name) ? String(data.name) : undefined;
    if (name === undefined || !DNS_LABEL.test(name)) report.error(['name'], `${describeValue(data.name)} is not a valid project name (a DNS label)`);
  }

  const volumes = Object.keys(readMapping(report, ['volumes'], data.volumes));
  for (const volume of volumes) {
    if (!DNS_LABEL.test(volume)) report.error(['volumes', volume], `"${volume}" is not a valid Kubernetes name (a DNS label)`);
  }

  const serviceEntries = data.services === undefined ? {} : data.services;
  if (!isRecord(serviceEntries)) {
    report.error(['services'], 'must be a mapping of service names to services');
    return undefined;
  }
  const services = new Map<string, ServiceFragment>();
  for (const [serviceName, body] of Object.entries(serviceEntries)) {
    const serviceReport = report.forService(serviceName);
    if (!DNS_LABEL.test(serviceName)) {
      serviceReport.error([], `"${serviceName}" is not a valid Kubernetes name: use lower-case letters, digits and "-" (a DNS label)`);
    }
    services.set(serviceName, readService(readMapping(serviceReport, [], body), serviceReport));
  }
  return { name, services, volumes, networks: readNetworks(data.networks, report) };
}

/**
 * Compose allows `x-` keys anywhere as extension fields, mostly to hold YAML anchors for `<<:` merges;
 * they carry nothing to map, so they are neither errors nor warnings.
 */
function withoutExtensions(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('x-')));
}

function readService(body: Record<string, unknown>, report: FileReporter): ServiceFragment {
  for (const key of Object.keys(withoutExtensions(body))) {
    if (key in IGNORED_SERVICE_KEYS) {
      report.warn([key], `ignored: ${IGNORED_SERVICE_KEYS[key]}`);
    } else if (!(SUPPORTED_SERVICE_KEYS as readonly string[]).includes(key)) {
      report.error([key], `unsupported compose key; supported: ${SUPPORTED_SERVICE_KEYS.join(', ')}`);
    }
  }
  const fragment: ServiceFragment = {
    report,
    environment: readEnvironment(body.environment, report),
    envFiles: readEnvFiles(body.env_file, report),
    ports: readPorts(body.ports, report),
    volumes: readVolumes(body.volumes, report),
    dependsOn: readDependsOn(body.depends_on, report),
    networking: readServiceNetworking(body, report),
    limits: {},
    reservations: {},
  };
  if (body.image !== undefined) {
    if (typeof body.image === 'string' && body.image !== '') fragment.image = body.image;
    else report.error(['image'], 'must be an image reference');
  }
  if (body.build !== undefined) {
    if (typeof body.build === 'string' || isRecord(body.build)) fragment.build = true;
    else report.error(['build'], 'must be a build context path or a mapping (context, dockerfile)');
  }
  if (body.command !== undefined) fragment.command = readCommand(body.command, report, 'command');
  if (body.entrypoint !== undefined) fragment.entrypoint = readCommand(body.entrypoint, report, 'entrypoint');
  if (body.healthcheck !== undefined) fragment.healthcheck = readHealthcheck(body.healthcheck, report);
  if (body.deploy !== undefined) readDeploy(body.deploy, report, fragment);
  return fragment;
}

function readEnvironment(value: unknown, report: FileReporter): Map<string, string | SecretReference> {
  const environment = new Map<string, string | SecretReference>();
  if (value === undefined) return environment;
  const entries: Array<[string, unknown, string | number]> = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const text = String(item);
      const equals = text.indexOf('=');
      if (item instanceof SecretReference || equals < 0) {
        report.error(['environment', index], 'list entries must be KEY=VALUE; a variable without a value is taken from the shell, which a cluster does not have');
      } else {
        entries.push([text.slice(0, equals), text.slice(equals + 1), index]);
      }
    });
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) entries.push([key, item, key]);
  } else {
    report.error(['environment'], 'must be a mapping or a list of KEY=VALUE');
  }
  for (const [key, item, position] of entries) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      report.error(['environment', position], `"${key}" is not a valid environment variable name`);
    } else if (item instanceof SecretReference) {
      environment.set(key, item);
    } else if (item === null || item === undefined) {
      report.error(['environment', position], 'needs a value; a variable without one is taken from the shell, which a cluster does not have');
    } else if (!isScalar(item)) {
      report.error(['environment', position], `must be a string, number or boolean, not ${describeValue(item)}`);
    } else {
      environment.set(key, String(item));
    }
  }
  return environment;
}

function readEnvFiles(value: unknown, report: FileReporter): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === 'string')) {
    report.error(['env_file'], 'must be a path or a list of paths');
    return [];
  }
  return list as string[];
}

function readCommand(value: unknown, report: FileReporter, key: string): string[] | undefined {
  if (typeof value === 'string') {
    const words = splitShellWords(value);
    if (!words) report.error([key], 'has an unclosed quote');
    return words;
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return value.map(String);
  }
  report.error([key], 'must be a string or a list of strings');
  return undefined;
}

function readPorts(value: unknown, report: FileReporter): PortSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error(['ports'], 'must be a list');
    return [];
  }
  const ports: PortSpec[] = [];
  value.forEach((item, index) => {
    let port: PortSpec | undefined;
    if (isRecord(item)) {
      port = readLongPort(item, report, index);
    } else if (typeof item === 'string' || typeof item === 'number') {
      port = readShortPort(String(item), report, index);
    } else {
      report.error(['ports', index], `${describeValue(item)} is not a port: use "published:target", "target" or a mapping with target`);
    }
    if (port) ports.push(port);
  });
  return ports;
}

function readShortPort(text: string, report: FileReporter, index: number): PortSpec | undefined {
  // [ip:][published:]target[/protocol]; ranges are not supported (a Service lists ports one by one).
  const match = /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/.exec(text);
  const target = match ? Number(match[2]) : NaN;
  if (!match || !(target >= 1 && target <= 65535)) {
    report.error(['ports', index], `"${text}" is not a port mapping; use "published:target" or "target" (ranges are not supported)`);
    return undefined;
  }
  return { target, published: match[1], protocol: match[3] === 'udp' ? 'UDP' : 'TCP' };
}

function readLongPort(item: Record<string, unknown>, report: FileReporter, index: number): PortSpec | undefined {
  checkKnownKeys(report, ['ports', index], item, ['name', 'target', 'published', 'protocol', 'host_ip', 'app_protocol', 'mode']);
  if (item.target === undefined) {
    report.error(['ports', index, 'target'], 'is required: the container port (1-65535)');
    return undefined;
  }
  const target = readWholeNumber(item.target, 1, 65535);
  if (target === undefined) {
    report.error(['ports', index, 'target'], `${describeValue(item.target)} is not a port number (1-65535)`);
    return undefined;
  }
  const name = item.name === undefined ? undefined : String(item.name);
  if (name !== undefined && (!isScalar(item.name) || !PORT_NAME.test(name))) {
    report.error(['ports', index, 'name'], `${describeValue(item.name)} is not a valid port name (at most 15 lower-case letters, digits and "-")`);
  }
  const protocol = String(item.protocol ?? 'tcp').toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp') report.error(['ports', index, 'protocol'], 'must be tcp or udp');
  if (item.published !== undefined && typeof item.published !== 'string' && typeof item.published !== 'number') {
    report.error(['ports', index, 'published'], `must be a port number, not ${describeValue(item.published)}`);
  }
  return { name, target, published: item.published === undefined ? undefined : String(item.published), protocol: protocol === 'udp' ? 'UDP' : 'TCP' };
}

function readVolumes(value: unknown, report: FileReporter): VolumeSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error(['volumes'], 'must be a list');
    return [];
  }
  return value.flatMap((item, index) => readVolume(item, report, index) ?? []);
}

function readVolume(item: unknown, report: FileReporter, index: number): VolumeSpec | undefined {
  let source: string | undefined;
  let target: string;
  let readOnly = false;
  let type: string | undefined;
  if (isRecord(item)) {
    checkKnownKeys(report, ['volumes', index], item, ['type', 'source', 'target', 'read_only']);
    const notText = ['type', 'source', 'target'].find((key) => item[key] !== undefined && typeof item[key] !== 'string');
    if (notText) {
      report.error(['volumes', index, notText], `must be a string, not ${describeValue(item[notText])}`);
      return undefined;
    }
    if (item.read_only !== undefined && typeof item.read_only !== 'boolean') {
      report.error(['volumes', index, 'read_only'], 'must be true or false');
    }
    type = item.type as string | undefined;
    source = item.source as string | undefined;
    target = (item.target as string | undefined) ?? '';
    readOnly = item.read_only === true;
  } else if (typeof item === 'string') {
    const parts = item.split(':');
    if (parts.length > 3) {
      report.error(['volumes', index], `"${item}" is not a volume mapping; use "source:target[:ro]"`);
      return undefined;
    }
    [source, target] = parts.length === 1 ? [undefined, parts[0]] : [parts[0], parts[1]];
    if (parts[2] !== undefined && parts[2] !== 'ro' && parts[2] !== 'rw') {
      report.error(['volumes', index], `"${parts[2]}" is not a supported volume option; use ro or rw`);
    }
    readOnly = parts[2] === 'ro';
  } else {
    report.error(['volumes', index], `${describeValue(item)} is not a volume: use "source:target[:ro]" or a mapping with type, source and target`);
    return undefined;
  }
  if (!target.startsWith('/')) {
    report.error(['volumes', index], `the mount path "${target}" must be absolute`);
    return undefined;
  }
  if (source === '') {
    const written = typeof item === 'string' ? `"${item}"` : `the volume of "${target}"`;
    report.error(['volumes', index], `${written} has an empty source; write "name:${target}" for a named volume or "${target}" for an anonymous one`);
    return undefined;
  }
  const isPath = source !== undefined && /^[./~]/.test(source);
  if (type !== undefined && type !== 'volume' && type !== 'bind') {
    report.error(['volumes', index, 'type'], `"${type}" volumes are not supported; use a named volume, an anonymous volume or a bind mount`);
    return undefined;
  }
  if (source === undefined) {
    if (type !== 'bind') return { type: 'anonymous', target };
    report.error(['volumes', index, 'source'], 'a bind mount needs a source path');
    return undefined;
  }
  if (type === 'bind' || (type === undefined && isPath)) return { type: 'bind', source, target, readOnly };
  return { type: 'volume', source, target, readOnly };
}

function readDependsOn(value: unknown, report: FileReporter): Map<string, DependencyCondition> {
  const dependsOn = new Map<string, DependencyCondition>();
  if (value === undefined) return dependsOn;
  if (Array.isArray(value)) {
    value.forEach((service, index) => {
      if (typeof service === 'string') dependsOn.set(service, 'service_started');
      else report.error(['depends_on', index], `${describeValue(service)} is not a service name`);
    });
  } else if (isRecord(value)) {
    for (const [service, options] of Object.entries(value)) {
      // `db:` with nothing after it is the long form without options: wait for nothing but the start.
      if (options !== null && !isRecord(options)) {
        report.error(['depends_on', service], `must be a mapping with a condition, not ${describeValue(options)}`);
        continue;
      }
      checkKnownKeys(report, ['depends_on', service], options ?? {}, ['condition']);
      const condition = options?.condition ?? 'service_started';
      if (!DEPENDENCY_CONDITIONS.includes(condition as DependencyCondition)) {
        report.error(['depends_on', service, 'condition'], `${describeValue(condition)} is not a condition; use one of: ${DEPENDENCY_CONDITIONS.join(', ')}`);
      }
      dependsOn.set(service, condition as DependencyCondition);
    }
  } else {
    report.error(['depends_on'], 'must be a list of services or a mapping of services to conditions');
  }
  return dependsOn;
}

function readHealthcheck(value: unknown, report: FileReporter): HealthcheckSpec | undefined {
  if (!isRecord(value)) {
    report.error(['healthcheck'], 'must be a mapping');
    return undefined;
  }
  checkKnownKeys(report, ['healthcheck'], value, ['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable']);
  let test: string | string[] | undefined;
  if (typeof value.test === 'string') {
    test = value.test;
  } else if (Array.isArray(value.test) && value.test.length > 0 && value.test.every((word) => typeof word === 'string')) {
    test = value.test as string[];
    if (!['CMD', 'CMD-SHELL', 'NONE'].includes(test[0])) {
      report.error(['healthcheck', 'test'], 'a list test must start with CMD, CMD-SHELL or NONE');
    }
  } else if (value.test !== undefined) {
    report.error(['healthcheck', 'test'], 'must be a command string or a list starting with CMD or CMD-SHELL');
  }
  const duration = (key: string): number | undefined => {
    const seconds = readUnit(report, ['healthcheck', key], value[key], parseDurationSeconds);
    if (seconds !== undefined && key !== 'start_period' && seconds < 1) {
      report.error(['healthcheck', key], `"${value[key]}" is shorter than one second, the smallest probe period`);
      return undefined;
    }
    return seconds;
  };
  let retries: number | undefined;
  if (value.retries !== undefined) {
    retries = readWholeNumber(value.retries, 1);
    if (retries === undefined) report.error(['healthcheck', 'retries'], `${describeValue(value.retries)} is not a positive whole number`);
  }
  if (value.disable !== undefined && typeof value.disable !== 'boolean') report.error(['healthcheck', 'disable'], 'must be true or false');
  return {
    test,
    intervalSeconds: duration('interval'),
    timeoutSeconds: duration('timeout'),
    retries,
    startPeriodSeconds: duration('start_period'),
    startIntervalSeconds: duration('start_interval'),
    disable: value.disable === undefined ? undefined : value.disable === true,
  };
}

function readDeploy(value: unknown, report: FileReporter, fragment: ServiceFragment): void {
  if (!isRecord(value)) {
    report.error(['deploy'], 'must be a mapping');
    return;
  }
  checkKnownKeys(report, ['deploy'], value, ['replicas', 'resources']);
  if (value.replicas !== undefined) {
    fragment.replicas = readWholeNumber(value.replicas, 0);
    if (fragment.replicas === undefined) {
      report.error(['deploy', 'replicas'], `${describeValue(value.replicas)} is not a replica count (a whole number, 0 or more)`);
    }
  }
  if (value.resources === undefined) return;
  if (!isRecord(value.resources)) {
    report.error(['deploy', 'resources'], 'must be a mapping with limits and reservations');
    return;
  }
  checkKnownKeys(report, ['deploy', 'resources'], value.resources, ['limits', 'reservations']);
  for (const kind of ['limits', 'reservations'] as const) {
    const block = value.resources[kind];
    if (block === undefined) continue;
    if (!isRecord(block)) {
      report.error(['deploy', 'resources', kind], 'must be a mapping with cpus and memory');
      continue;
    }
    checkKnownKeys(report, ['deploy', 'resources', kind], block, ['cpus', 'memory']);
    const keys = ['deploy', 'resources', kind];
    fragment[kind].cpuMillicores = readUnit(report, [...keys, 'cpus'], block.cpus, parseMillicores);
    fragment[kind].memoryBytes = readUnit(report, [...keys, 'memory'], block.memory, parseMemoryBytes);
  }
}

/**
 * Reads a value in docker's unit notation with `parse`: undefined when it is absent, and undefined
 * after reporting when it is not a number or string, or `parse` refuses it.
 */
function readUnit<T>(report: FileReporter, keys: Array<string | number>, value: unknown, parse: (value: string | number) => T): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    report.error(keys, `must be a number or a string, not ${describeValue(value)}`);
    return undefined;
  }
  try {
    return parse(value);
  } catch (error) {
    if (!(error instanceof UnitError)) throw error;
    report.error(keys, error.message);
    return undefined;
  }
}
