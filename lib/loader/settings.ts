import * as fs from 'fs';
import * as path from 'path';
import type { ProblemCollector } from '../errors';
import { COLORS, type AcknowledgementModel, type Color, type IssuerRef, type SecretSource } from '../model';
import { readDatabaseEnvironment, readDatabaseStack, type DatabaseEnvironmentSettings, type DatabaseStackSettings } from './database-settings';
import { ACKNOWLEDGEMENTS_KEY, readAcknowledgements } from './day2-settings';
import { readGitOpsEnvironment, readGitOpsStack, readJobs, type GitOpsEnvironmentSettings, type GitOpsStackSettings, type JobSettings } from './delivery-settings';
import { readExposure, readNetworkPathsMode, type ExposureSettings, type NetworkPathsMode } from './network-settings';
import { readCertificateIssuer, readMonitoring, readSecretSource, type MonitoringSettings } from './platform-settings';
import { checkKnownKeys, describeValue, DNS_LABEL, DNS_SUBDOMAIN, FileReporter, isRecord, isScalar, readMapping, readString, readStringList, readWholeNumber } from './report';
import {
  DEFAULT_SECURITY_EXCEPTIONS,
  readAutoscaling,
  readEphemeralStorage,
  readPodSecurity,
  readPriorityTiers,
  readSecurityExceptions,
  readShutdown,
  type AutoscalingSettings,
  type PodSecuritySettings,
  type PriorityTierSettings,
  type SecurityExceptionSettings,
  type ShutdownSettings,
} from './workload-settings';
import { namedLikeCredential } from '../policies/sensitive-names';
import { YamlFile } from './yaml-file';

/** Where the settings live, relative to the project root. */
export const SETTINGS_DIRECTORY = 'environments';
export const STACK_SETTINGS_FILE = 'stack.yaml';

export type BindMountTreatment = 'image' | 'reverse-proxy-config' | 'tls-secret';
const BIND_MOUNT_TREATMENTS: readonly BindMountTreatment[] = ['image', 'reverse-proxy-config', 'tls-secret'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadWriteMany'] as const;

/** Settings shared by every environment (`environments/stack.yaml`). */
export interface StackSettings {
  readonly environments: readonly string[];
  /** Where the compose files live, relative to the project root. @default compose */
  readonly composeDirectory: string;
  /**
   * The file compose interpolates from, relative to the stack folder (the directory of an environment's
   * first compose file). Named here, it must exist. @default `.env` in the stack folder, if there is one
   */
  readonly envFile?: string;
  /** The stack's Secret (never rendered): its name and the variables that are its keys. */
  readonly secret: SecretSettings;
  /** What each bind mount becomes. @default none: a bind mount no one treats is refused */
  readonly bindMounts: ReadonlyMap<string, BindMountTreatment>;
  /** The entry point that routes by path to the services. @default none: no reverse proxy */
  readonly reverseProxy?: {
    readonly service: string;
    readonly tlsSecret: string;
    readonly maxBodySizeVariable: string;
    readonly routes: ReadonlyArray<{ readonly path: string; readonly service: string }>;
  };
  /** `volumes.<name>.accessMode`. @default ReadWriteOnce for every volume */
  readonly volumeAccessModes: ReadonlyMap<string, (typeof ACCESS_MODES)[number]>;
  /** ReadWriteOnce volumes whose service replicates its own data (`volumes.<name>.replicable`). @default none */
  readonly replicableVolumes: ReadonlySet<string>;
  /** Where Argo CD finds the rendered manifests. @default no Argo CD objects are rendered */
  readonly gitops?: GitOpsStackSettings;
  /** One-off steps (database initialisation, migrations) run as Kubernetes Jobs. @default none */
  readonly jobs: readonly JobSettings[];
  /** The user, group and writable paths of each service's image. @default DEFAULT_POD_SECURITY for a service not named, with a warning */
  readonly podSecurity: ReadonlyMap<string, PodSecuritySettings>;
  /** Graceful shutdown of the services that take traffic. @default none: the image's stop signal, 30 s */
  readonly shutdown: ReadonlyMap<string, ShutdownSettings>;
  /** Every container's scratch disk. @default DEFAULT_EPHEMERAL_STORAGE (256Mi requested, 1Gi limit) */
  readonly ephemeralStorage: { readonly request: string; readonly limit: string };
  /** Exceptions to the policy suite, each with its reason. @default DEFAULT_SECURITY_EXCEPTIONS */
  readonly securityExceptions: readonly SecurityExceptionSettings[];
  /** The cluster's Prometheus and what it scrapes. @default no monitoring objects are rendered */
  readonly monitoring?: MonitoringSettings;
  /** The SQL Server database and where its name and login come from. @default no database backups or edition */
  readonly database?: DatabaseStackSettings;
  /** The Kubernetes release the clusters run, unless an environment names its own. @default DEFAULT_KUBERNETES_VERSION ("1.34") */
  readonly kubernetesVersion: string;
  /** Priority class of each tier of services; the classes themselves are the cluster's (README). @default none: the cluster's default priority */
  readonly priorityTiers: ReadonlyMap<string, PriorityTierSettings>;
  /** How the network paths are derived (`networkPaths`). @default compose: as compose networks behave */
  readonly networkPaths: NetworkPathsMode;
  /** Where these settings came from, for problems found later. */
  readonly report: FileReporter;
}

/** Settings of one environment (`environments/<name>.yaml`). */
export interface EnvironmentSettings {
  readonly name: string;
  readonly namespace: string;
  /** Relative to composeDirectory; the first one's directory is the stack folder. */
  readonly composeFiles: readonly string[];
  /** The public host name the reverse proxy serves; required only with a reverse proxy. @default '' */
  readonly host: string;
  /** Image per compose service; `tag` is absent for blue/green services, whose colours carry tags. */
  readonly images: ReadonlyMap<string, { readonly repository: string; readonly tag?: string }>;
  /** @default none: no service runs blue/green */
  readonly blueGreen: ReadonlyMap<string, BlueGreenSettings>;
  /** Size and class of each named volume's claims. @default DEFAULT_VOLUME_SIZE on the cluster's default class, with a warning */
  readonly storage: ReadonlyMap<string, { readonly size: string; readonly storageClass?: string }>;
  /** Overrides of the `.env` variables. @default none */
  readonly variables: ReadonlyMap<string, string>;
  /** The environment runs moving tags (`dev`, `latest`), pulled on every start. @default false: every image is pinned */
  readonly movingTags: boolean;
  readonly gitops?: GitOpsEnvironmentSettings;
  /** @default none: every service runs its compose replica count */
  readonly autoscaling: ReadonlyMap<string, AutoscalingSettings>;
  /** Where the Secret's values come from (`secrets:`). @default manual */
  readonly secrets: SecretSource;
  /** The cert-manager issuer of the TLS certificate (`tls:`). @default none: the TLS Secret is created by hand */
  readonly certificateIssuer?: IssuerRef;
  readonly acknowledgements: readonly AcknowledgementModel[];
  /** The environment serves the public (`production: true`): licensed editions and backups only. @default false */
  readonly production: boolean;
  /** Edition and backups of the database; required when stack.yaml names one. */
  readonly database?: DatabaseEnvironmentSettings;
  /** The Kubernetes release of this environment's cluster. @default stack.yaml's kubernetesVersion */
  readonly kubernetesVersion: string;
  /** The PriorityClass of each tier here, by tier name. @default each tier's priorityClass in stack.yaml */
  readonly priorityClasses: ReadonlyMap<string, string>;
  /** How published ports are reached from outside without a reverse proxy (`exposure`). @default a LoadBalancer per publishing service */
  readonly exposure: ExposureSettings;
  /** Compose profiles enabled here: a service with `profiles:` runs only where one of them is listed. @default none */
  readonly profiles: readonly string[];
  /** Where each setting came from, for errors found later (an image for a service that does not exist…). */
  readonly report: FileReporter;
}

/** `secret:` in stack.yaml. */
export interface SecretSettings {
  /** The Secret's name. @default `<project>-secrets` */
  readonly name?: string;
  /** Variables that are secrets whatever their name. @default none beyond those named like a credential */
  readonly keys: readonly string[];
  /**
   * Variables named like a credential (PASSWORD, TOKEN, SECRET…) that are not one, so they stay
   * rendered as written (`JWT_ACCESS_TOKEN_EXPIRE_MINUTES` is a lifetime). @default none
   */
  readonly plain: readonly string[];
}

/** A named volume's access mode: ReadWriteOnce (each replica owns its claim) unless stack.yaml says otherwise. */
export function volumeAccessMode(stack: Pick<StackSettings, 'volumeAccessModes'>, volume: string): (typeof ACCESS_MODES)[number] {
  return stack.volumeAccessModes.get(volume) ?? 'ReadWriteOnce';
}

/**
 * Whether a variable is a secret by its name: named like a credential (the names the linters take
 * for credentials, and KEY, PASS or PASSWD as a word of the name: lib/policies/sensitive-names.ts) and
 * not declared plain. The images' `*_FILE` convention is no credential: `POSTGRES_PASSWORD_FILE:
 * /run/secrets/db-password` names the mounted file the image reads it from, and the pod needs that path.
 */
export function isNamedLikeSecret(variable: string, secret: Pick<SecretSettings, 'plain'>, value?: string): boolean {
  if (variable.endsWith('_FILE') && value !== undefined && value.startsWith('/')) return false;
  return namedLikeCredential(variable) && !secret.plain.includes(variable);
}

/** The Kubernetes release assumed when stack.yaml names none: the newest the manifests are validated for. */
export const DEFAULT_KUBERNETES_VERSION = '1.34';
/** Scratch disk of every container when stack.yaml sets no `ephemeralStorage`: logs and temporary files. */
export const DEFAULT_EPHEMERAL_STORAGE = { request: '256Mi', limit: '1Gi' } as const;
/** The folder of the compose files when stack.yaml names none. */
export const DEFAULT_COMPOSE_DIRECTORY = 'compose';
/** The interpolation file looked for in the stack folder when stack.yaml names none. */
export const DEFAULT_ENV_FILE = '.env';
/**
 * The claim size of a volume `storage` does not size: small, because a claim can grow later (README:
 * "Changing a running stack") but never shrink.
 */
export const DEFAULT_VOLUME_SIZE = '1Gi';

export interface BlueGreenSettings {
  readonly activeColor: Color;
  /** Per colour: the staged tag (absent: nothing staged) and a replica count (absent: the service's). */
  readonly colors: Readonly<Record<Color, { readonly tag?: string; readonly replicas?: number }>>;
}


const KUBERNETES_STORAGE_SIZE = /^[1-9][0-9]*(Ki|Mi|Gi|Ti|Pi)$/;
const IMAGE_REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isFile(file: string): boolean {
  return statOf(file)?.isFile() ?? false;
}

function isDirectory(directory: string): boolean {
  return statOf(directory)?.isDirectory() ?? false;
}

/** What a path names, or undefined when it names nothing usable (missing, under a file, a NUL byte…). */
function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** The settings files beside stack.yaml, by environment name, for telling which environments exist. */
function environmentsWithSettings(projectRoot: string): string[] {
  const directory = path.join(projectRoot, SETTINGS_DIRECTORY);
  return fs
    .readdirSync(directory)
    .filter((file) => file.endsWith('.yaml') && file !== STACK_SETTINGS_FILE)
    .map((file) => file.slice(0, -'.yaml'.length));
}

function readSecretName(report: FileReporter, source: Record<string, unknown>, key: string, keys: Array<string | number>): string {
  const name = readString(report, source, key, keys);
  if (name && !DNS_LABEL.test(name)) report.error([...keys, key], `"${name}" is not a valid Secret name (lower-case letters, digits and "-")`);
  return name;
}

/** `secret:`; every part optional (see SecretSettings). */
function readSecret(report: FileReporter, value: unknown): SecretSettings {
  const data = readMapping(report, ['secret'], value);
  checkKnownKeys(report, ['secret'], data, ['name', 'keys', 'plain']);
  const name = data.name === undefined ? undefined : readSecretName(report, data, 'name', ['secret']);
  const list = (key: 'keys' | 'plain') => (data[key] === undefined ? [] : readStringList(report, data, key, ['secret']) ?? []);
  const keys = list('keys');
  const plain = list('plain');
  plain.forEach((variable, index) => {
    if (keys.includes(variable)) report.error(['secret', 'plain', index], `${variable} is also under secret.keys: it is either a secret or not`);
  });
  return { name, keys, plain };
}

/**
 * Reads `environments/stack.yaml`. Ends the load (throws the ConfigError) when the file cannot be read
 * or is not a mapping.
 */
export function readStackSettings(projectRoot: string, problems: ProblemCollector): StackSettings {
  const file = YamlFile.read(projectRoot, path.join(SETTINGS_DIRECTORY, STACK_SETTINGS_FILE), problems);
  const report = new FileReporter(file, problems);
  if (file.readable && !isRecord(file.data)) report.error([], 'the stack settings must be a mapping (environments, and optionally composeDirectory, secret, …)');
  // Nothing can be loaded or checked without these settings: listing every field as missing would only
  // repeat the problem.
  problems.throwIfAny();
  const data = file.data as Record<string, unknown>;
  checkKnownKeys(report, [], data, [
    'environments', 'composeDirectory', 'envFile', 'secret', 'bindMounts', 'reverseProxy', 'volumes', 'gitops', 'jobs',
    'podSecurity', 'shutdown', 'ephemeralStorage', 'securityExceptions', 'kubernetesVersion', 'priorityTiers', 'database', 'monitoring',
    'networkPaths',
  ]);

  const environments = readStringList(report, data, 'environments') ?? [];
  const withSettings = environmentsWithSettings(projectRoot);
  environments.forEach((name, index) => {
    if (!DNS_LABEL.test(name)) {
      report.error(['environments', index], `"${name}" is not a valid environment name (a DNS label)`);
    } else if (!withSettings.includes(name)) {
      report.error(
        ['environments', index],
        `unknown environment "${name}": there is no ${SETTINGS_DIRECTORY}/${name}.yaml; environments with settings: ${withSettings.join(', ')}`,
      );
    }
  });

  const secret = readSecret(report, data.secret);

  const bindMounts = new Map<string, BindMountTreatment>();
  for (const [source, treatment] of Object.entries(readMapping(report, ['bindMounts'], data.bindMounts))) {
    if (!BIND_MOUNT_TREATMENTS.includes(treatment as BindMountTreatment)) {
      report.error(['bindMounts', source], `${describeValue(treatment)} is not a bind mount treatment; use one of: ${BIND_MOUNT_TREATMENTS.join(', ')}`);
    } else {
      bindMounts.set(source, treatment as BindMountTreatment);
    }
  }

  const volumeAccessModes = new Map<string, (typeof ACCESS_MODES)[number]>();
  const replicableVolumes = new Set<string>();
  for (const [volume, settings] of Object.entries(readMapping(report, ['volumes'], data.volumes))) {
    const accessMode = isRecord(settings) ? settings.accessMode : undefined;
    if (isRecord(settings)) {
      checkKnownKeys(report, ['volumes', volume], settings, ['accessMode', 'replicable']);
      if (settings.replicable !== undefined && typeof settings.replicable !== 'boolean') report.error(['volumes', volume, 'replicable'], 'must be true or false');
      if (settings.replicable === true) replicableVolumes.add(volume);
    }
    if (accessMode === undefined && isRecord(settings)) continue; // ReadWriteOnce, the default
    if (!ACCESS_MODES.includes(accessMode as (typeof ACCESS_MODES)[number])) {
      report.error(['volumes', volume, 'accessMode'], `must be one of: ${ACCESS_MODES.join(', ')}`);
    } else {
      volumeAccessModes.set(volume, accessMode as (typeof ACCESS_MODES)[number]);
    }
  }

  let reverseProxy: StackSettings['reverseProxy'];
  if (data.reverseProxy !== undefined) {
    const proxy = readMapping(report, ['reverseProxy'], data.reverseProxy);
    if (!Array.isArray(proxy.routes)) report.error(['reverseProxy', 'routes'], 'must be a list of { path, service }');
    const routes = (Array.isArray(proxy.routes) ? proxy.routes : []).map((route, index) => {
      const entry = readMapping(report, ['reverseProxy', 'routes', index], route);
      const routePath = readString(report, entry, 'path', ['reverseProxy', 'routes', index]);
      if (routePath && !routePath.startsWith('/')) report.error(['reverseProxy', 'routes', index, 'path'], 'must start with "/"');
      return { path: routePath, service: readString(report, entry, 'service', ['reverseProxy', 'routes', index]) };
    });
    reverseProxy = {
      service: readString(report, proxy, 'service', ['reverseProxy']),
      tlsSecret: readSecretName(report, proxy, 'tlsSecret', ['reverseProxy']),
      maxBodySizeVariable: readString(report, proxy, 'maxBodySizeVariable', ['reverseProxy']),
      routes,
    };
  }

  const composeDirectory = data.composeDirectory === undefined ? DEFAULT_COMPOSE_DIRECTORY : readString(report, data, 'composeDirectory');
  // Checked here, so a typo is reported where it was made rather than as a missing file elsewhere. The
  // envFile lives in the stack folder, which each environment's composeFiles locate: checked there.
  if (composeDirectory && !isDirectory(path.join(projectRoot, composeDirectory))) {
    report.error(['composeDirectory'], `there is no directory "${composeDirectory}" in the project`);
  }
  const envFile = data.envFile === undefined ? undefined : readString(report, data, 'envFile');

  return {
    environments,
    composeDirectory,
    envFile,
    secret,
    bindMounts,
    reverseProxy,
    volumeAccessModes,
    replicableVolumes,
    gitops: readGitOpsStack(report, data.gitops),
    jobs: readJobs(report, data.jobs),
    podSecurity: readPodSecurity(report, data.podSecurity),
    shutdown: readShutdown(report, data.shutdown),
    ephemeralStorage: data.ephemeralStorage === undefined ? DEFAULT_EPHEMERAL_STORAGE : readEphemeralStorage(report, data.ephemeralStorage),
    securityExceptions: data.securityExceptions === undefined ? DEFAULT_SECURITY_EXCEPTIONS : readSecurityExceptions(report, data.securityExceptions),
    monitoring: readMonitoring(report, data.monitoring),
    database: readDatabaseStack(report, data.database),
    kubernetesVersion: data.kubernetesVersion === undefined ? DEFAULT_KUBERNETES_VERSION : readKubernetesVersion(report, data) ?? '',
    priorityTiers: readPriorityTiers(report, data.priorityTiers),
    networkPaths: readNetworkPathsMode(report, data.networkPaths),
    report,
  };
}

/** `priorityClasses` of an environment: its own class for some tiers (a shared cluster ranks dev below prod). */
function readPriorityClasses(report: FileReporter, value: unknown, stack: StackSettings): Map<string, string> {
  const classes = new Map<string, string>();
  for (const [tier, name] of Object.entries(readMapping(report, ['priorityClasses'], value ?? {}))) {
    if (!stack.priorityTiers.has(tier)) {
      report.error(['priorityClasses', tier], `there is no priority tier "${tier}" in stack.yaml (tiers: ${[...stack.priorityTiers.keys()].join(', ')})`);
    } else if (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name)) {
      report.error(['priorityClasses', tier], `${describeValue(name)} is not a valid PriorityClass name`);
    } else {
      classes.set(tier, name);
    }
  }
  return classes;
}

/**
 * The Kubernetes releases the rendered manifests are validated against (test/schema.test.ts checks
 * every object against the oldest and the newest); a cluster outside them is refused rather than guessed at.
 */
export const KUBERNETES_VERSIONS = { oldest: 27, newest: 34 } as const;

/** `kubernetesVersion`: a minor release such as "1.34"; undefined when absent or invalid. */
function readKubernetesVersion(report: FileReporter, data: Record<string, unknown>): string | undefined {
  const value = data.kubernetesVersion;
  const range = `1.${KUBERNETES_VERSIONS.oldest} to 1.${KUBERNETES_VERSIONS.newest}`;
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    // YAML reads 1.30 as the number 1.3.
    report.error(['kubernetesVersion'], `is a number in YAML (1.30 reads as 1.3): write it in quotes, e.g. kubernetesVersion: "1.${KUBERNETES_VERSIONS.newest}"`);
    return undefined;
  }
  const minor = typeof value === 'string' ? /^1\.(\d+)$/.exec(value)?.[1] : undefined;
  if (minor === undefined || Number(minor) < KUBERNETES_VERSIONS.oldest || Number(minor) > KUBERNETES_VERSIONS.newest) {
    report.error(['kubernetesVersion'], `${describeValue(value)} is not a Kubernetes release the manifests are validated for: use ${range}`);
    return undefined;
  }
  return value as string;
}

/**
 * Reads `environments/<name>.yaml`. Returns undefined, once the problem is reported, when the file
 * cannot be read, is not a mapping or names no usable compose files: the environment cannot be loaded.
 */
export function readEnvironmentSettings(
  projectRoot: string,
  name: string,
  stack: StackSettings,
  problems: ProblemCollector,
): EnvironmentSettings | undefined {
  const file = YamlFile.read(projectRoot, path.join(SETTINGS_DIRECTORY, `${name}.yaml`), problems);
  if (!file.readable) return undefined;
  const report = new FileReporter(file, problems);
  if (!isRecord(file.data)) {
    report.error([], 'the environment settings must be a mapping (namespace, composeFiles, host, …)');
    return undefined;
  }
  const data = file.data;
  checkKnownKeys(report, [], data, [
    'namespace', 'composeFiles', 'host', 'production', 'movingTags', 'images', 'blueGreen', 'autoscaling', 'storage', 'variables', 'database', 'gitops',
    'kubernetesVersion', 'priorityClasses', 'secrets', 'tls', 'profiles', 'exposure',
    ACKNOWLEDGEMENTS_KEY,
  ]);
  if (data.movingTags !== undefined && typeof data.movingTags !== 'boolean') report.error(['movingTags'], 'must be true or false');
  const movingTags = data.movingTags === true;
  if (data.production !== undefined && typeof data.production !== 'boolean') report.error(['production'], 'must be true or false');
  const production = data.production === true;
  if (stack.database && data.database === undefined) {
    report.error(['database'], `is required: stack.yaml names the database (service "${stack.database.service}"), so each environment names its edition and backups`);
  } else if (!stack.database && data.database !== undefined) {
    report.error(['database'], 'stack.yaml names no database (database.service), so there is nothing to configure here');
  }
  if (stack.gitops && data.gitops === undefined) report.error(['gitops'], 'is required: stack.yaml sets up Argo CD, so each environment names its revision and sync policy');

  const namespace = readString(report, data, 'namespace');
  if (namespace && !DNS_LABEL.test(namespace)) report.error(['namespace'], `"${namespace}" is not a valid namespace (a DNS label)`);
  // Only a reverse proxy serves a host name; without one there is nothing to name.
  const host = data.host === undefined && !stack.reverseProxy ? '' : readString(report, data, 'host');
  if (host && !HOST_NAME.test(host)) report.error(['host'], `"${host}" is not a valid host name`);

  /** The tag at `keys`; undefined when absent, or invalid and reported. */
  const readTag = (keys: Array<string | number>, tag: unknown): string | undefined => {
    if (tag === undefined) return undefined;
    if (typeof tag === 'string' && IMAGE_TAG.test(tag) && (tag !== 'latest' || movingTags)) return tag;
    if (typeof tag === 'number') {
      // YAML reads 1.0 as the number 1 and 1.10 as 1.1: rendering it would deploy another version.
      report.error(keys, 'is a number in YAML (1.0 reads as 1, 1.10 as 1.1): write the tag in quotes, e.g. tag: "1.0"');
    } else if (tag === 'latest') {
      report.error(keys, '"latest" is allowed only where the environment sets movingTags: true; pin a version');
    } else {
      report.error(keys, `${describeValue(tag)} is not a valid image tag`);
    }
    return undefined;
  };

  const images = new Map<string, { repository: string; tag?: string }>();
  for (const [service, image] of Object.entries(readMapping(report, ['images'], data.images))) {
    const entry = readMapping(report, ['images', service], image);
    checkKnownKeys(report, ['images', service], entry, ['repository', 'tag']);
    const repository = readString(report, entry, 'repository', ['images', service]);
    if (repository && !IMAGE_REPOSITORY.test(repository)) report.error(['images', service, 'repository'], `"${repository}" is not a valid image repository`);
    images.set(service, { repository, tag: readTag(['images', service, 'tag'], entry.tag) });
  }

  const blueGreen = new Map<string, BlueGreenSettings>();
  for (const [service, settings] of Object.entries(readMapping(report, ['blueGreen'], data.blueGreen))) {
    const entry = readMapping(report, ['blueGreen', service], settings);
    checkKnownKeys(report, ['blueGreen', service], entry, ['activeColor', ...COLORS]);
    const activeColor = entry.activeColor as Color;
    if (!COLORS.includes(activeColor)) {
      const found = entry.activeColor === undefined ? 'nothing' : describeValue(entry.activeColor);
      report.error(['blueGreen', service, 'activeColor'], `${found} is not a colour; use ${COLORS.join(' or ')}`);
    }
    const colors = {} as Record<Color, { tag?: string; replicas?: number }>;
    for (const color of COLORS) {
      const colorEntry = readMapping(report, ['blueGreen', service, color], entry[color]);
      checkKnownKeys(report, ['blueGreen', service, color], colorEntry, ['tag', 'replicas']);
      let replicas: number | undefined;
      if (colorEntry.replicas !== undefined) {
        replicas = readWholeNumber(colorEntry.replicas, 0);
        if (replicas === undefined) {
          report.error(['blueGreen', service, color, 'replicas'], `${describeValue(colorEntry.replicas)} is not a replica count (a whole number, 0 or more)`);
        }
      }
      colors[color] = { tag: readTag(['blueGreen', service, color, 'tag'], colorEntry.tag), replicas };
    }
    blueGreen.set(service, { activeColor, colors });
  }

  const storage = new Map<string, { size: string; storageClass?: string }>();
  for (const [volume, settings] of Object.entries(readMapping(report, ['storage'], data.storage))) {
    const entry = readMapping(report, ['storage', volume], settings);
    checkKnownKeys(report, ['storage', volume], entry, ['size', 'storageClass']);
    const size = typeof entry.size === 'string' ? entry.size : '';
    if (!KUBERNETES_STORAGE_SIZE.test(size)) {
      report.error(['storage', volume, 'size'], `${entry.size === undefined ? 'nothing' : describeValue(entry.size)} is not a storage size; use e.g. 10Gi`);
    }
    const storageClass = entry.storageClass === undefined ? undefined : String(entry.storageClass);
    if (storageClass !== undefined && (typeof entry.storageClass !== 'string' || !HOST_NAME.test(storageClass))) {
      report.error(['storage', volume, 'storageClass'], `${describeValue(entry.storageClass)} is not a valid storage class name`);
    }
    storage.set(volume, { size, storageClass });
  }

  const variables = new Map<string, string>();
  for (const [key, value] of Object.entries(readMapping(report, ['variables'], data.variables))) {
    const secretName = stack.secret.name ?? "the stack's Secret";
    if (stack.secret.keys.includes(key)) {
      report.error(['variables', key], `${key} is a secret: it belongs in the Secret ${secretName}, never in git`);
    } else if (isNamedLikeSecret(key, stack.secret)) {
      report.error(['variables', key], `${key} is named like a credential: it belongs in ${secretName}, never in git (if it is not one, list it under secret.plain in stack.yaml)`);
    } else if (!isScalar(value)) {
      report.error(['variables', key], value === null ? 'needs a value (write "" for an empty one)' : `must be a string, number or boolean, not ${describeValue(value)}`);
    } else {
      variables.set(key, String(value));
    }
  }

  const composeFiles = readStringList(report, data, 'composeFiles');
  if (composeFiles?.length === 0) report.error(['composeFiles'], 'must name at least one compose file');
  let usable = composeFiles !== undefined && composeFiles.length > 0;
  composeFiles?.forEach((file, index) => {
    if (!isFile(path.join(projectRoot, stack.composeDirectory, file))) {
      report.error(['composeFiles', index], `there is no file "${file}" in ${stack.composeDirectory}/`);
      usable = false;
    }
  });
  if (!composeFiles || !usable) return undefined;
  return {
    name,
    namespace,
    composeFiles,
    host,
    images,
    blueGreen,
    storage,
    variables,
    gitops: readGitOpsEnvironment(report, data.gitops),
    autoscaling: readAutoscaling(report, data.autoscaling),
    secrets: readSecretSource(report, data.secrets),
    certificateIssuer: readCertificateIssuer(report, data.tls),
    acknowledgements: readAcknowledgements(report, data[ACKNOWLEDGEMENTS_KEY]),
    movingTags,
    production,
    database: stack.database ? readDatabaseEnvironment(report, data.database, production) : undefined,
    kubernetesVersion: readKubernetesVersion(report, data) ?? stack.kubernetesVersion,
    priorityClasses: readPriorityClasses(report, data.priorityClasses, stack),
    exposure: readExposure(report, data.exposure),
    profiles: data.profiles === undefined ? [] : (readStringList(report, data, 'profiles') ?? []),
    report,
  };
}
