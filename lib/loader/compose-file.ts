import { parseDurationSeconds, parseMemoryBytes, parseMillicores, UnitError } from '../units';
import { readNetworks, readServiceNetworking, type NetworkSpec, type ServiceNetworking } from './compose-networks';
import { SecretReference } from './interpolate';
import { CONTAINER_KEYS, readContainerOptions, type ContainerOptions } from './compose-container';
import { kubernetesName } from './names';
import { checkKnownKeys, describeValue, DNS_LABEL, DNS_SUBDOMAIN, FileReporter, isRecord, isScalar, readMapping, readWholeNumber } from './report';
import { readServiceFileReferences, readTopLevelConfigs, readTopLevelSecrets, type ConfigSpec, type FileReferenceSpec, type SecretSpec } from './compose-secrets-configs';
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
  /** Volumes declared `external: true`: the name of the existing claim each one is (`name:`, else its own). */
  readonly externalVolumes: Map<string, string>;
  /** Top-level `secrets:`, by compose name. */
  readonly secrets: Map<string, SecretSpec>;
  /** Top-level `configs:`, by compose name. */
  readonly configs: Map<string, ConfigSpec>;
}

/** Where a value was written: a problem found after merging is reported at its own file and line. */
export interface Origin {
  readonly report: FileReporter;
  readonly keys: ReadonlyArray<string | number>;
}

/** One `env_file` entry, short (a path) or long (`{ path, required }`). */
export interface EnvFileSpec {
  readonly path: string;
  /** @default true, as in compose: a missing file is an error */
  readonly required: boolean;
  readonly origin: Origin;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface PortSpec {
  readonly name?: string;
  readonly target: number;
  readonly published?: string;
  readonly protocol: 'TCP' | 'UDP';
  /** The host address it is published on (`127.0.0.1:8080:80`, `host_ip`). @default every address of the host */
  readonly hostIp?: string;
}

export type VolumeSpec =
  | { readonly type: 'volume'; readonly source: string; readonly target: string; readonly readOnly: boolean; readonly subPath?: string; readonly origin?: Origin }
  | {
      readonly type: 'bind';
      readonly source: string;
      readonly target: string;
      readonly readOnly: boolean;
      /** Compose creates a missing source directory unless `bind.create_host_path: false`. @default true */
      readonly createHostPath?: boolean;
      readonly origin?: Origin;
    }
  | { readonly type: 'anonymous'; readonly target: string }
  | { readonly type: 'tmpfs'; readonly target: string; readonly sizeBytes?: number };

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
  envFiles: EnvFileSpec[];
  ports: PortSpec[];
  /** Compose `expose`: container ports other services reach, published nowhere. */
  expose: PortSpec[];
  volumes: VolumeSpec[];
  /** The service's `secrets:`, each a file under /run/secrets (or its absolute target). */
  secrets: FileReferenceSpec[];
  /** The service's `configs:`, each a file at its target (@default `/<name>`). */
  configs: FileReferenceSpec[];
  dependsOn: Map<string, DependencyCondition>;
  healthcheck?: HealthcheckSpec;
  replicas?: number;
  limits: { cpuMillicores?: number; memoryBytes?: number };
  reservations: { cpuMillicores?: number; memoryBytes?: number };
  /** `networks:` and `network_mode` (compose-networks.ts). */
  networking: ServiceNetworking;
  /** User, capabilities, working directory, tmpfs, stop, host name and entries, labels. */
  container: ContainerOptions;
  /** Compose `profiles`: the service runs only where the environment enables one of them. @default always runs */
  profiles?: string[];
}

/**
 * The compose subset this project maps. Keys listed in IGNORED_SERVICE_KEYS are accepted with a warning
 * saying why they have no Kubernetes meaning; anything else is an error rather than silently dropped.
 */
export const SUPPORTED_SERVICE_KEYS = [
  'image', 'build', 'container_name', 'environment', 'env_file', 'ports', 'volumes', 'networks',
  'network_mode', 'depends_on', 'command', 'entrypoint', 'healthcheck', 'deploy', 'secrets', 'configs', 'expose', 'profiles', ...CONTAINER_KEYS,
] as const;

export const IGNORED_SERVICE_KEYS: Readonly<Record<string, string>> = {
  restart: 'Kubernetes restarts the containers of Deployments and StatefulSets by itself',
  stdin_open: 'an interactive terminal is a development convenience with no meaning in a cluster',
  tty: 'an interactive terminal is a development convenience with no meaning in a cluster',
};

const TOP_LEVEL_KEYS = ['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs'];
const DEPENDENCY_CONDITIONS: readonly DependencyCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;
/** Every port of a range becomes a container, Service and NetworkPolicy port: a long range is a mistake. */
const MAX_PORT_RANGE = 100;
const PROFILE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

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

  const declaredVolumes = readMapping(report, ['volumes'], data.volumes);
  const volumes: string[] = [];
  for (const volume of Object.keys(declaredVolumes)) {
    const name = kubernetesName(volume);
    if (!DNS_LABEL.test(name)) report.error(['volumes', volume], `"${volume}" is not a valid Kubernetes name (a DNS label)`);
    else if (volumes.includes(name)) report.error(['volumes', volume], `"${volume}" and another volume are both "${name}" in Kubernetes: rename one`);
    else if (name !== volume) report.warn(['volumes', volume], `volume "${volume}" is "${name}" in Kubernetes`);
    volumes.push(name);
  }
  // Keyed by the Kubernetes name, as every reference to a volume is after this point.
  const externalVolumes = new Map([...readVolumeDeclarations(declaredVolumes, report)].map(([volume, claim]) => [kubernetesName(volume), claim === volume ? kubernetesName(claim) : claim]));

  const serviceEntries = data.services === undefined ? {} : data.services;
  if (!isRecord(serviceEntries)) {
    report.error(['services'], 'must be a mapping of service names to services');
    return undefined;
  }
  const services = new Map<string, ServiceFragment>();
  for (const [composeName, body] of Object.entries(serviceEntries)) {
    const serviceReport = report.forService(composeName);
    const serviceName = kubernetesName(composeName);
    if (!DNS_LABEL.test(serviceName)) {
      serviceReport.error([], `"${composeName}" is not a valid Kubernetes name: use lower-case letters, digits and "-" (a DNS label)`);
    } else if (services.has(serviceName)) {
      serviceReport.error([], `"${composeName}" and another service are both "${serviceName}" in Kubernetes: rename one`);
      continue;
    } else if (serviceName !== composeName) {
      serviceReport.warn([], `service "${composeName}" is "${serviceName}" in Kubernetes`);
    }
    services.set(serviceName, readService(readMapping(serviceReport, [], body), serviceReport));
  }
  return { name, services, volumes, externalVolumes, secrets: readTopLevelSecrets(data.secrets, report), configs: readTopLevelConfigs(data.configs, report), networks: readNetworks(data.networks, report) };
}

/** Top-level driver settings a cluster's storage class replaces: accepted, with a warning. */
const IGNORED_VOLUME_KEYS: Readonly<Record<string, string>> = {
  driver: "the cluster's storage class provisions the volume (storage.<volume>.storageClass in the environment's settings)",
  driver_opts: "the cluster's storage class provisions the volume (storage.<volume>.storageClass in the environment's settings)",
  labels: 'a volume becomes a claim, which carries the stack\'s own labels',
};

/**
 * Reads each top-level volume's options: `external: true` (with `name:`, the existing claim it is),
 * and the driver keys, which have no meaning in a cluster. Returns the external ones.
 */
function readVolumeDeclarations(declared: Record<string, unknown>, report: FileReporter): Map<string, string> {
  const external = new Map<string, string>();
  for (const [volume, options] of Object.entries(declared)) {
    if (options === null || options === undefined) continue;
    if (!isRecord(options)) {
      report.error(['volumes', volume], `must be a mapping of options or empty, not ${describeValue(options)}`);
      continue;
    }
    for (const key of Object.keys(withoutExtensions(options))) {
      if (key in IGNORED_VOLUME_KEYS) report.warn(['volumes', volume, key], `ignored: ${IGNORED_VOLUME_KEYS[key]}`);
      else if (key !== 'external' && key !== 'name') report.error(['volumes', volume, key], `unknown key; expected one of: external, name, ${Object.keys(IGNORED_VOLUME_KEYS).join(', ')}`);
    }
    if (options.external !== undefined && typeof options.external !== 'boolean') report.error(['volumes', volume, 'external'], 'must be true or false');
    if (options.name !== undefined && (typeof options.name !== 'string' || !DNS_SUBDOMAIN.test(options.name))) {
      report.error(['volumes', volume, 'name'], `${describeValue(options.name)} is not a valid claim name (lower-case letters, digits, "-" and ".")`);
    }
    if (options.external === true) external.set(volume, typeof options.name === 'string' ? options.name : volume);
    else if (options.name !== undefined) {
      // Compose's `name:` of a volume it creates only names the Docker volume; the claim is named after the key.
      report.warn(['volumes', volume, 'name'], `ignored: the claim is named after the volume ("${volume}"); set external: true to mount an existing claim of that name`);
    }
  }
  return external;
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
    expose: readExpose(body.expose, report),
    volumes: readVolumes(body.volumes, report),
    secrets: readServiceFileReferences('secrets', body.secrets, report),
    configs: readServiceFileReferences('configs', body.configs, report),
    dependsOn: readDependsOn(body.depends_on, report),
    networking: readServiceNetworking(body, report),
    limits: {},
    reservations: {},
    container: readContainerOptions(body, report),
  };
  if (body.profiles !== undefined) fragment.profiles = readProfiles(body.profiles, report);
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
      if (item instanceof SecretReference && item.variable !== undefined) {
        entries.push([item.variable, item, index]);
      } else if (item instanceof SecretReference || equals < 0) {
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

function readEnvFiles(value: unknown, report: FileReporter): EnvFileSpec[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [{ path: value, required: true, origin: { report, keys: ['env_file'] } }];
  if (!Array.isArray(value)) {
    report.error(['env_file'], 'must be a path or a list of paths (or of { path, required })');
    return [];
  }
  return value.flatMap((item, index): EnvFileSpec[] => {
    const keys = ['env_file', index];
    if (typeof item === 'string' && item !== '') return [{ path: item, required: true, origin: { report, keys } }];
    if (isRecord(item)) {
      checkKnownKeys(report, keys, item, ['path', 'required']);
      if (typeof item.path !== 'string' || item.path === '') report.error([...keys, 'path'], 'is required: the path of the file, relative to the stack folder');
      else if (item.required !== undefined && typeof item.required !== 'boolean') report.error([...keys, 'required'], 'must be true or false');
      else return [{ path: item.path, required: item.required !== false, origin: { report, keys } }];
      return [];
    }
    report.error(keys, `${describeValue(item)} is not an env file: use a path or { path, required }`);
    return [];
  });
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
    if (isRecord(item)) {
      const port = readLongPort(item, report, index);
      if (port) ports.push(port);
    } else if (typeof item === 'string' || typeof item === 'number') {
      ports.push(...readShortPort(String(item), report, ['ports', index]));
    } else {
      report.error(['ports', index], `${describeValue(item)} is not a port: use "published:target", "target" or a mapping with target`);
    }
  });
  return ports;
}

/** Compose `expose`: container ports (`"8080"`, `"9000-9002"`, `"53/udp"`), reachable from other services, never published. */
function readExpose(value: unknown, report: FileReporter): PortSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error(['expose'], 'must be a list of container ports');
    return [];
  }
  return value.flatMap((item, index) => {
    const text = typeof item === 'string' || typeof item === 'number' ? String(item) : '';
    if (!/^\d+(-\d+)?(\/(tcp|udp))?$/.test(text)) {
      report.error(['expose', index], `${describeValue(item)} is not a container port: write "8080", "9000-9002" or "53/udp"`);
      return [];
    }
    return readShortPort(text, report, ['expose', index]);
  });
}

/**
 * `[ip:][published:]target[/protocol]`, where published and target may be ranges of equal length
 * (`"8000-8002:8000-8002"`): one port each, as a Service lists ports one by one.
 */
function readShortPort(text: string, report: FileReporter, keys: ReadonlyArray<string | number>): PortSpec[] {
  const match = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:(\d+)(?:-(\d+))?:)?(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(text);
  const inRange = (port: number) => port >= 1 && port <= 65535;
  if (!match) {
    report.error(keys, `"${text}" is not a port mapping; use "published:target", "target" or ranges such as "8000-8002:8000-8002"`);
    return [];
  }
  const [, hostIp, publishedFirst, publishedLast, targetFirst, targetLast, protocolText] = match;
  const target = { first: Number(targetFirst), last: Number(targetLast ?? targetFirst) };
  const published = publishedFirst === undefined ? undefined : { first: Number(publishedFirst), last: Number(publishedLast ?? publishedFirst) };
  if (![target.first, target.last, published?.first ?? 1, published?.last ?? 1].every(inRange)) {
    report.error(keys, `"${text}" is not a port mapping: ports are 1-65535`);
    return [];
  }
  const count = target.last - target.first + 1;
  if (count < 1 || (published && published.last < published.first)) {
    report.error(keys, `"${text}" has a range that ends before it starts`);
    return [];
  }
  if (published && published.last - published.first + 1 !== count) {
    // Docker picks one free host port of a longer range; a Service port is one fixed number.
    report.error(keys, `"${text}": the published range must be as long as the container range, one published port per container port`);
    return [];
  }
  if (count > MAX_PORT_RANGE) {
    report.error(keys, `"${text}" is a range of ${count} ports: each becomes a Service and NetworkPolicy port, so at most ${MAX_PORT_RANGE}`);
    return [];
  }
  const protocol = protocolText === 'udp' ? 'UDP' : 'TCP';
  return Array.from({ length: count }, (_, offset) => ({
    target: target.first + offset,
    published: published === undefined ? undefined : String(published.first + offset),
    protocol,
    ...(hostIp === undefined ? {} : { hostIp: hostIp.replace(/^\[(.*)\]$/, '$1') }),
  }));
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
  if (item.host_ip !== undefined && typeof item.host_ip !== 'string') report.error(['ports', index, 'host_ip'], `must be an address, not ${describeValue(item.host_ip)}`);
  const hostIp = typeof item.host_ip === 'string' ? item.host_ip : undefined;
  return { name, target, published: item.published === undefined ? undefined : String(item.published), protocol: protocol === 'udp' ? 'UDP' : 'TCP', ...(hostIp === undefined ? {} : { hostIp }) };
}

function readVolumes(value: unknown, report: FileReporter): VolumeSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error(['volumes'], 'must be a list');
    return [];
  }
  return value.flatMap((item, index) => readVolume(item, report, index) ?? []);
}

/** Short-syntax options beyond `ro`/`rw` that have no meaning in a cluster: accepted with a warning. */
const IGNORED_SHORT_VOLUME_OPTIONS: Readonly<Record<string, string>> = {
  z: 'SELinux relabelling is the node\'s business in a cluster',
  Z: 'SELinux relabelling is the node\'s business in a cluster',
  nocopy: '', // what Kubernetes does anyway: a claim starts empty, the image's files are never copied in
  cached: 'it only tunes Docker Desktop\'s file sharing',
  delegated: 'it only tunes Docker Desktop\'s file sharing',
  consistent: 'it only tunes Docker Desktop\'s file sharing',
};

/** Long-syntax keys that have no meaning in a cluster, with the reason given in the warning. */
const IGNORED_LONG_VOLUME_KEYS: Readonly<Record<string, string>> = {
  'consistency': 'it only tunes Docker Desktop\'s file sharing',
  'bind.propagation': 'mount propagation between host and container has no meaning for a ConfigMap',
  'bind.selinux': 'SELinux relabelling is the node\'s business in a cluster',
  'tmpfs.mode': 'an emptyDir is writable by the pod\'s group (fsGroup)',
};

function readVolume(item: unknown, report: FileReporter, index: number): VolumeSpec | undefined {
  let source: string | undefined;
  let target: string;
  let readOnly = false;
  let type: string | undefined;
  let subPath: string | undefined;
  let createHostPath: boolean | undefined;
  let sizeBytes: number | undefined;
  const origin: Origin = { report, keys: ['volumes', index] };
  if (isRecord(item)) {
    checkKnownKeys(report, ['volumes', index], item, ['type', 'source', 'target', 'read_only', 'consistency', 'volume', 'bind', 'tmpfs']);
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
    const options = readVolumeOptions(item, report, index, type);
    ({ subPath, createHostPath, sizeBytes } = options);
  } else if (typeof item === 'string') {
    const parts = item.split(':');
    if (parts.length > 3) {
      report.error(['volumes', index], `"${item}" is not a volume mapping; use "source:target[:ro]"`);
      return undefined;
    }
    [source, target] = parts.length === 1 ? [undefined, parts[0]] : [parts[0], parts[1]];
    for (const option of parts[2] === undefined ? [] : parts[2].split(',')) {
      if (option === 'ro' || option === 'rw') readOnly = option === 'ro';
      else if (option in IGNORED_SHORT_VOLUME_OPTIONS) {
        if (IGNORED_SHORT_VOLUME_OPTIONS[option]) report.warn(['volumes', index], `option "${option}" ignored: ${IGNORED_SHORT_VOLUME_OPTIONS[option]}`);
      } else {
        report.error(['volumes', index], `"${option}" is not a supported volume option; use ro or rw`);
      }
    }
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
  if (type === 'tmpfs') {
    if (source !== undefined) report.error(['volumes', index, 'source'], 'a tmpfs mount has no source');
    return { type: 'tmpfs', target, sizeBytes };
  }
  if (type !== undefined && type !== 'volume' && type !== 'bind') {
    report.error(['volumes', index, 'type'], `"${type}" volumes are not supported; use a named volume, an anonymous volume, a bind mount or tmpfs`);
    return undefined;
  }
  if (source === undefined) {
    if (type !== 'bind') return { type: 'anonymous', target };
    report.error(['volumes', index, 'source'], 'a bind mount needs a source path');
    return undefined;
  }
  if (type === 'bind' || (type === undefined && isPath)) return { type: 'bind', source, target, readOnly, createHostPath, origin };
  return { type: 'volume', source: kubernetesName(source), target, readOnly, subPath, origin };
}

function readProfiles(value: unknown, report: FileReporter): string[] | undefined {
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && PROFILE_NAME.test(item))) {
    report.error(['profiles'], `must be a list of profile names (letters, digits, "_", "." and "-"), not ${describeValue(value)}`);
    return undefined;
  }
  return value as string[];
}

/** The per-type blocks of a long-syntax volume: `volume: { nocopy, subpath }`, `bind: { create_host_path }`, `tmpfs: { size }`. */
function readVolumeOptions(
  item: Record<string, unknown>,
  report: FileReporter,
  index: number,
  type: string | undefined,
): { subPath?: string; createHostPath?: boolean; sizeBytes?: number } {
  const keys = ['volumes', index];
  const result: { subPath?: string; createHostPath?: boolean; sizeBytes?: number } = {};
  if (item.consistency !== undefined) report.warn([...keys, 'consistency'], `ignored: ${IGNORED_LONG_VOLUME_KEYS.consistency}`);
  const known: Record<string, readonly string[]> = { volume: ['nocopy', 'subpath'], bind: ['create_host_path', 'propagation', 'selinux'], tmpfs: ['size', 'mode'] };
  for (const block of ['volume', 'bind', 'tmpfs'] as const) {
    const value = item[block];
    if (value === undefined) continue;
    if (!isRecord(value)) {
      report.error([...keys, block], `must be a mapping, not ${describeValue(value)}`);
      continue;
    }
    if ((type ?? 'volume') !== block) report.error([...keys, block], `applies to type: ${block} only`);
    checkKnownKeys(report, [...keys, block], value, known[block]);
    for (const key of Object.keys(value)) {
      if (`${block}.${key}` in IGNORED_LONG_VOLUME_KEYS) report.warn([...keys, block, key], `ignored: ${IGNORED_LONG_VOLUME_KEYS[`${block}.${key}`]}`);
    }
    if (block === 'volume') {
      if (value.nocopy !== undefined && typeof value.nocopy !== 'boolean') report.error([...keys, block, 'nocopy'], 'must be true or false');
      if (value.subpath !== undefined) {
        const subpath = value.subpath;
        if (typeof subpath !== 'string' || subpath === '' || subpath.startsWith('/') || subpath.split('/').includes('..')) {
          report.error([...keys, block, 'subpath'], `${describeValue(subpath)} is not a path inside the volume (relative, without "..")`);
        } else {
          result.subPath = subpath;
        }
      }
    } else if (block === 'bind') {
      if (value.create_host_path !== undefined && typeof value.create_host_path !== 'boolean') report.error([...keys, block, 'create_host_path'], 'must be true or false');
      else if (value.create_host_path !== undefined) result.createHostPath = value.create_host_path as boolean;
    } else if (value.size !== undefined) {
      result.sizeBytes = readUnit(report, [...keys, block, 'size'], value.size, parseMemoryBytes);
    }
  }
  return result;
}

function readDependsOn(value: unknown, report: FileReporter): Map<string, DependencyCondition> {
  const dependsOn = new Map<string, DependencyCondition>();
  if (value === undefined) return dependsOn;
  if (Array.isArray(value)) {
    value.forEach((service, index) => {
      if (typeof service === 'string') dependsOn.set(kubernetesName(service), 'service_started');
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
      dependsOn.set(kubernetesName(service), condition as DependencyCondition);
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
