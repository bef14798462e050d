import * as path from 'path';
import type { ProblemCollector } from '../errors';
import { COLORS, type Color } from '../model';
import { readGitOpsEnvironment, readGitOpsStack, readJobs, type GitOpsEnvironmentSettings, type GitOpsStackSettings, type JobSettings } from './delivery-settings';
import { checkKnownKeys, DNS_LABEL, FileReporter, isRecord, readString, readStringList } from './report';
import {
  readAutoscaling,
  readEphemeralStorage,
  readPodSecurity,
  readSecurityExceptions,
  readShutdown,
  type AutoscalingSettings,
  type PodSecuritySettings,
  type SecurityExceptionSettings,
  type ShutdownSettings,
} from './workload-settings';
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
  readonly composeDirectory: string;
  readonly envFile: string;
  readonly secret: { readonly name: string; readonly keys: readonly string[] };
  readonly bindMounts: ReadonlyMap<string, BindMountTreatment>;
  readonly reverseProxy?: {
    readonly service: string;
    readonly tlsSecret: string;
    readonly maxBodySizeVariable: string;
    readonly routes: ReadonlyArray<{ readonly path: string; readonly service: string }>;
  };
  readonly volumeAccessModes: ReadonlyMap<string, (typeof ACCESS_MODES)[number]>;
  /** Where Argo CD finds the rendered manifests. @default no Argo CD objects are rendered */
  readonly gitops?: GitOpsStackSettings;
  /** One-off steps (database initialisation, migrations) run as Kubernetes Jobs. */
  readonly jobs: readonly JobSettings[];
  readonly podSecurity: ReadonlyMap<string, PodSecuritySettings>;
  readonly shutdown: ReadonlyMap<string, ShutdownSettings>;
  readonly ephemeralStorage: { readonly request: string; readonly limit: string };
  readonly securityExceptions: readonly SecurityExceptionSettings[];
  /** Where these settings came from, for problems found later. */
  readonly report: FileReporter;
}

/** Settings of one environment (`environments/<name>.yaml`). */
export interface EnvironmentSettings {
  readonly name: string;
  readonly namespace: string;
  readonly composeFiles: readonly string[];
  readonly host: string;
  /** Image per compose service; `tag` is absent for blue/green services, whose colours carry tags. */
  readonly images: ReadonlyMap<string, { readonly repository: string; readonly tag?: string }>;
  readonly blueGreen: ReadonlyMap<string, BlueGreenSettings>;
  readonly storage: ReadonlyMap<string, { readonly size: string; readonly storageClass?: string }>;
  readonly variables: ReadonlyMap<string, string>;
  readonly gitops?: GitOpsEnvironmentSettings;
  readonly autoscaling: ReadonlyMap<string, AutoscalingSettings>;
  /** Where each setting came from, for errors found later (an image for a service that does not exist…). */
  readonly report: FileReporter;
}

export interface BlueGreenSettings {
  readonly activeColor: Color;
  /** Per colour: the staged tag (absent: nothing staged) and a replica count (absent: the service's). */
  readonly colors: Readonly<Record<Color, { readonly tag?: string; readonly replicas?: number }>>;
}

/** Environments where a floating tag (`latest`, or none) is acceptable; everywhere else images are pinned. */
export const FLOATING_TAG_ENVIRONMENTS: readonly string[] = ['dev'];

const KUBERNETES_STORAGE_SIZE = /^[1-9][0-9]*(Ki|Mi|Gi|Ti|Pi)$/;
const IMAGE_REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function readStackSettings(projectRoot: string, problems: ProblemCollector): StackSettings {
  const file = YamlFile.read(projectRoot, path.join(SETTINGS_DIRECTORY, STACK_SETTINGS_FILE), problems);
  const report = new FileReporter(file, problems);
  const data = isRecord(file.data) ? file.data : {};
  checkKnownKeys(report, [], data, [
    'environments', 'composeDirectory', 'envFile', 'secret', 'bindMounts', 'reverseProxy', 'volumes', 'gitops', 'jobs',
    'podSecurity', 'shutdown', 'ephemeralStorage', 'securityExceptions',
  ]);

  const environments = readStringList(report, data, 'environments');
  environments.forEach((name, index) => {
    if (!DNS_LABEL.test(name)) report.error(['environments', index], `"${name}" is not a valid environment name (a DNS label)`);
  });

  const secretData = isRecord(data.secret) ? data.secret : {};
  const secretKeys = Array.isArray(secretData.keys) ? secretData.keys.filter((key): key is string => typeof key === 'string') : [];
  const secret = { name: readString(report, secretData, 'name', ['secret']), keys: secretKeys };

  const bindMounts = new Map<string, BindMountTreatment>();
  for (const [source, treatment] of Object.entries(isRecord(data.bindMounts) ? data.bindMounts : {})) {
    if (!BIND_MOUNT_TREATMENTS.includes(treatment as BindMountTreatment)) {
      report.error(['bindMounts', source], `"${treatment}" is not a bind mount treatment; use one of: ${BIND_MOUNT_TREATMENTS.join(', ')}`);
    } else {
      bindMounts.set(source, treatment as BindMountTreatment);
    }
  }

  const volumeAccessModes = new Map<string, (typeof ACCESS_MODES)[number]>();
  for (const [volume, settings] of Object.entries(isRecord(data.volumes) ? data.volumes : {})) {
    const accessMode = isRecord(settings) ? settings.accessMode : undefined;
    if (!ACCESS_MODES.includes(accessMode as (typeof ACCESS_MODES)[number])) {
      report.error(['volumes', volume, 'accessMode'], `must be one of: ${ACCESS_MODES.join(', ')}`);
    } else {
      volumeAccessModes.set(volume, accessMode as (typeof ACCESS_MODES)[number]);
    }
  }

  let reverseProxy: StackSettings['reverseProxy'];
  if (data.reverseProxy !== undefined) {
    const proxy = isRecord(data.reverseProxy) ? data.reverseProxy : {};
    const routes = (Array.isArray(proxy.routes) ? proxy.routes : []).map((route, index) => {
      const entry = isRecord(route) ? route : {};
      const routePath = readString(report, entry, 'path', ['reverseProxy', 'routes', index]);
      if (routePath && !routePath.startsWith('/')) report.error(['reverseProxy', 'routes', index, 'path'], 'must start with "/"');
      return { path: routePath, service: readString(report, entry, 'service', ['reverseProxy', 'routes', index]) };
    });
    reverseProxy = {
      service: readString(report, proxy, 'service', ['reverseProxy']),
      tlsSecret: readString(report, proxy, 'tlsSecret', ['reverseProxy']),
      maxBodySizeVariable: readString(report, proxy, 'maxBodySizeVariable', ['reverseProxy']),
      routes,
    };
  }

  return {
    environments,
    composeDirectory: readString(report, data, 'composeDirectory'),
    envFile: readString(report, data, 'envFile'),
    secret,
    bindMounts,
    reverseProxy,
    volumeAccessModes,
    gitops: readGitOpsStack(report, data.gitops),
    jobs: readJobs(report, data.jobs),
    podSecurity: readPodSecurity(report, data.podSecurity),
    shutdown: readShutdown(report, data.shutdown),
    ephemeralStorage: readEphemeralStorage(report, data.ephemeralStorage),
    securityExceptions: readSecurityExceptions(report, data.securityExceptions),
    report,
  };
}

export function readEnvironmentSettings(
  projectRoot: string,
  name: string,
  stack: StackSettings,
  problems: ProblemCollector,
): EnvironmentSettings {
  const file = YamlFile.read(projectRoot, path.join(SETTINGS_DIRECTORY, `${name}.yaml`), problems);
  const report = new FileReporter(file, problems);
  const data = isRecord(file.data) ? file.data : {};
  checkKnownKeys(report, [], data, ['namespace', 'composeFiles', 'host', 'images', 'blueGreen', 'autoscaling', 'storage', 'variables', 'gitops']);
  if (stack.gitops && data.gitops === undefined) report.error(['gitops'], 'is required: stack.yaml sets up Argo CD, so each environment names its revision and sync policy');

  const namespace = readString(report, data, 'namespace');
  if (namespace && !DNS_LABEL.test(namespace)) report.error(['namespace'], `"${namespace}" is not a valid namespace (a DNS label)`);
  const host = readString(report, data, 'host');
  if (host && !HOST_NAME.test(host)) report.error(['host'], `"${host}" is not a valid host name`);

  const checkTag = (keys: Array<string | number>, tag: string) => {
    if (!IMAGE_TAG.test(tag)) report.error(keys, `"${tag}" is not a valid image tag`);
    else if (tag === 'latest' && !FLOATING_TAG_ENVIRONMENTS.includes(name)) report.error(keys, '"latest" is only allowed in dev: pin a version');
  };

  const images = new Map<string, { repository: string; tag?: string }>();
  for (const [service, image] of Object.entries(isRecord(data.images) ? data.images : {})) {
    const entry = isRecord(image) ? image : {};
    checkKnownKeys(report, ['images', service], entry, ['repository', 'tag']);
    const repository = readString(report, entry, 'repository', ['images', service]);
    if (repository && !IMAGE_REPOSITORY.test(repository)) report.error(['images', service, 'repository'], `"${repository}" is not a valid image repository`);
    const tag = entry.tag === undefined ? undefined : String(entry.tag);
    if (tag !== undefined) checkTag(['images', service, 'tag'], tag);
    images.set(service, { repository, tag });
  }

  const blueGreen = new Map<string, BlueGreenSettings>();
  for (const [service, settings] of Object.entries(isRecord(data.blueGreen) ? data.blueGreen : {})) {
    const entry = isRecord(settings) ? settings : {};
    checkKnownKeys(report, ['blueGreen', service], entry, ['activeColor', ...COLORS]);
    const activeColor = entry.activeColor as Color;
    if (!COLORS.includes(activeColor)) {
      report.error(['blueGreen', service, 'activeColor'], `"${entry.activeColor ?? ''}" is not a colour; use ${COLORS.join(' or ')}`);
    }
    const colors = {} as Record<Color, { tag?: string; replicas?: number }>;
    for (const color of COLORS) {
      const colorEntry = isRecord(entry[color]) ? entry[color] : {};
      checkKnownKeys(report, ['blueGreen', service, color], colorEntry, ['tag', 'replicas']);
      const tag = colorEntry.tag === undefined ? undefined : String(colorEntry.tag);
      if (tag !== undefined) checkTag(['blueGreen', service, color, 'tag'], tag);
      let replicas: number | undefined;
      if (colorEntry.replicas !== undefined) {
        replicas = Number(colorEntry.replicas);
        if (!Number.isInteger(replicas) || replicas < 0 || typeof colorEntry.replicas === 'boolean') {
          report.error(['blueGreen', service, color, 'replicas'], `"${colorEntry.replicas}" is not a replica count (a whole number, 0 or more)`);
          replicas = undefined;
        }
      }
      colors[color] = { tag, replicas };
    }
    blueGreen.set(service, { activeColor, colors });
  }

  const storage = new Map<string, { size: string; storageClass?: string }>();
  for (const [volume, settings] of Object.entries(isRecord(data.storage) ? data.storage : {})) {
    const entry = isRecord(settings) ? settings : {};
    checkKnownKeys(report, ['storage', volume], entry, ['size', 'storageClass']);
    const size = String(entry.size ?? '');
    if (!KUBERNETES_STORAGE_SIZE.test(size)) report.error(['storage', volume, 'size'], `"${size}" is not a storage size; use e.g. 10Gi`);
    const storageClass = entry.storageClass === undefined ? undefined : String(entry.storageClass);
    if (storageClass !== undefined && !HOST_NAME.test(storageClass)) report.error(['storage', volume, 'storageClass'], `"${storageClass}" is not a valid storage class name`);
    storage.set(volume, { size, storageClass });
  }

  const variables = new Map<string, string>();
  for (const [key, value] of Object.entries(isRecord(data.variables) ? data.variables : {})) {
    if (stack.secret.keys.includes(key)) {
      report.error(['variables', key], `${key} is a secret: it belongs in the Secret ${stack.secret.name}, never in git`);
    } else if (typeof value === 'object' && value !== null) {
      report.error(['variables', key], 'must be a string, number or boolean');
    } else {
      variables.set(key, String(value));
    }
  }

  return {
    name,
    namespace,
    composeFiles: readStringList(report, data, 'composeFiles'),
    host,
    images,
    blueGreen,
    storage,
    variables,
    gitops: readGitOpsEnvironment(report, data.gitops),
    autoscaling: readAutoscaling(report, data.autoscaling),
    report,
  };
}
