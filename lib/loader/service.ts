import { COLORS, type BlueGreenModel, type Color, type ColorModel, type EnvironmentVariable, type HostAliasModel, type MountModel, type PortModel, type ServiceModel } from '../model';
import { bytesToKubernetesMemory, millicoresToKubernetesCpu } from '../units';
import type { ServiceFragment } from './compose-file';
import { DNS_LABEL } from './report';
import { toHealthcheckModel } from './healthcheck';
import { SecretReference } from './interpolate';
import type { FileMounts } from './file-mounts';
import { isNamedLikeSecret, volumeAccessMode, type EnvironmentSettings, type StackSettings } from './settings';
import { DEFAULT_POD_SECURITY } from './workload-settings';

/** Names for well-known container ports, so Services read `http`/`mssql` rather than numbers. */
const WELL_KNOWN_PORT_NAMES: Readonly<Record<number, string>> = {
  80: 'http',
  443: 'https',
  1433: 'mssql',
  5432: 'postgres',
  3306: 'mysql',
  53: 'dns',
  6379: 'redis',
  27017: 'mongodb',
};

export interface ServiceContext {
  readonly stack: StackSettings;
  readonly environment: EnvironmentSettings;
  readonly volumeNames: readonly string[];
  /** The stack's Secret, which variables named like a credential are read from. */
  readonly secretName: string;
  /** What env files, bind mounts, secrets, configs and external volumes become. */
  readonly files: FileMounts;
}

/**
 * Limits and requests of a service whose compose file sets no `deploy.resources.limits`: enough for a
 * small web application or database in a test environment, bounded so it cannot starve its node, and
 * requests below the limits so a small cluster can place the whole stack. Warned, naming the service.
 */
export const DEFAULT_RESOURCES = {
  limits: { cpuMillicores: 1000, memoryBytes: 1024 ** 3 },
  requests: { cpuMillicores: 250, memoryBytes: 256 * 1024 ** 2 },
} as const;

/** Builds one service of the model from its merged compose fragments; problems go to the fragment's file. */
export function toServiceModel(name: string, fragment: ServiceFragment, context: ServiceContext): ServiceModel {
  const report = fragment.report;
  const image = imageParts(name, fragment, context);
  const envFiles = context.files.envFiles(fragment.envFiles);
  const environment = [...fragment.environment].map(([key, value]) => toEnvironmentVariable(key, value));
  const mounts = toMounts(fragment, context);
  return {
    name,
    image: resolveImage(name, fragment, image, context),
    imagePullPolicy: context.environment.movingTags ? 'Always' : 'IfNotPresent',
    entrypoint: fragment.entrypoint,
    command: fragment.command,
    // An env file's secret variables come from the Secret, unless compose `environment` sets them (it wins).
    environment: [...envFiles.secretVariables.filter((variable) => !fragment.environment.has(variable.name)), ...environment],
    readsEnvFile: envFiles.readsEnvFile,
    envFileConfigMaps: envFiles.envFileConfigMaps,
    ports: toPorts(fragment),
    healthcheck: fragment.healthcheck ? toHealthcheckModel(fragment.healthcheck) : undefined,
    dependsOn: [...fragment.dependsOn].map(([service, condition]) => ({ service, condition })),
    resources: toResources(fragment),
    replicas: fragment.replicas ?? 1,
    mounts,
    blueGreen: toBlueGreen(name, fragment, image, context),
    security: toSecurity(),
    shutdown: context.stack.shutdown.get(name),
    priorityClassName: toPriorityClassName(),
    autoscaling: toAutoscaling(),
    workingDir: fragment.container.workingDir,
    hostname: toHostname(),
    hostAliases: toHostAliases(fragment),
    annotations: fragment.container.labels.size > 0 ? Object.fromEntries(fragment.container.labels) : undefined,
    stopGracePeriodSeconds: toStopGracePeriod(),
  };

  /**
   * A variable named like a credential never has its value rendered: unless stack.yaml declares it plain,
   * it is read from the stack's Secret under its own name, and the value compose gives it is dropped.
   */
  function toEnvironmentVariable(key: string, value: string | SecretReference): EnvironmentVariable {
    if (value instanceof SecretReference) return { name: key, secretKey: value.key };
    if (!isNamedLikeSecret(key, context.stack.secret, value)) return { name: key, value };
    report.warn(
      ['environment', key],
      `named like a credential: read from key ${key} of the Secret ${context.secretName}, which is created outside git; the value written here is not rendered (list it under secret.plain in stack.yaml if it is no credential)`,
    );
    return { name: key, secretKey: key };
  }

  /**
   * The settings' podSecurity, with what compose says of the container: `user` gives the ids (a uid
   * alone runs with the group of the same number, as images that create their user usually do),
   * `cap_add` and `privileged` are kept for the Pod Security check (pod-security.ts) to admit or refuse.
   */
  function toSecurity(): ServiceModel['security'] {
    const settings = context.stack.podSecurity.get(name);
    const { user, capAdd, privileged } = fragment.container;
    // An invalid name is reported already; a warning under it would only repeat the problem.
    if (!settings && !user && DNS_LABEL.test(name)) {
      const { user: uid, group, writablePaths } = DEFAULT_POD_SECURITY;
      context.stack.report.aboutService(name).warn(
        ['podSecurity', name],
        `not set: runs as user ${uid}, group ${group}, with a read-only root filesystem and only ${writablePaths.join(', ')} writable (README: "Bring your own stack"); if its image needs its own user or writes elsewhere, set podSecurity.${name}`,
      );
    }
    if (settings && user && (user.uid !== settings.user || (user.gid !== undefined && user.gid !== settings.group))) {
      report.error(['user'], `"${user.uid}${user.gid === undefined ? '' : `:${user.gid}`}" differs from podSecurity.${name} in ${context.stack.report.path} (${settings.user}:${settings.group}): keep one`);
    }
    // Without either, the restricted default (warned above); a compose user: alone gives the ids.
    const uid = user?.uid ?? settings?.user ?? DEFAULT_POD_SECURITY.user;
    const base = settings ?? (user ? { user: uid, group: user.gid ?? uid, writablePaths: [], readOnlyRootFilesystem: true, addCapabilities: [] } : DEFAULT_POD_SECURITY);
    return {
      ...base,
      user: uid,
      group: user?.gid ?? base.group,
      addCapabilities: [...base.addCapabilities, ...capAdd.filter((capability) => !base.addCapabilities.includes(capability))],
      ...(privileged && { privileged }),
    };
  }

  /**
   * A StatefulSet's controller names each pod's host after the pod (`db-0`), whatever the template
   * says: for a service that owns a ReadWriteOnce volume, compose's hostname cannot apply.
   */
  function toHostname(): string | undefined {
    const { hostname } = fragment.container;
    const ownsVolume = mounts.some((mount) => mount.kind === 'volume' && volumeAccessMode(context.stack, mount.volume) === 'ReadWriteOnce');
    if (hostname === undefined || !ownsVolume) return hostname;
    report.warn(['hostname'], `ignored: "${name}" owns a ReadWriteOnce volume, so it runs as a StatefulSet, whose pods are named and hosted ${name}-0, ${name}-1…`);
    return undefined;
  }

  /** `extra_hosts` grouped by address, as hostAliases take them. */
  function toHostAliases(service: ServiceFragment): HostAliasModel[] | undefined {
    const byIp = new Map<string, string[]>();
    for (const { host, ip } of service.container.extraHosts) byIp.set(ip, [...(byIp.get(ip) ?? []), host]);
    return byIp.size > 0 ? [...byIp].map(([ip, hostnames]) => ({ ip, hostnames })) : undefined;
  }

  function toStopGracePeriod(): number | undefined {
    const composed = fragment.container.stopGracePeriodSeconds;
    const settings = context.stack.shutdown.get(name);
    if (composed !== undefined && settings && settings.gracePeriodSeconds !== composed) {
      report.error(['stop_grace_period'], `is ${composed}s, but shutdown.${name}.gracePeriodSeconds in ${context.stack.report.path} is ${settings.gracePeriodSeconds}: keep one`);
    }
    return composed;
  }

  /** The class of the service's tier: the environment's own for that tier, else stack.yaml's. */
  function toPriorityClassName(): string | undefined {
    const tier = [...context.stack.priorityTiers].find(([, settings]) => settings.services.includes(name));
    return tier && (context.environment.priorityClasses.get(tier[0]) ?? tier[1].priorityClass);
  }

  function toAutoscaling(): ServiceModel['autoscaling'] {
    const settings = context.environment.autoscaling.get(name);
    if (settings && settings.maxReplicas < (fragment.replicas ?? 1)) {
      context.environment.report.error(['autoscaling', name, 'maxReplicas'], `is below the service's ${fragment.replicas ?? 1} replicas, the autoscaler's minimum`);
    }
    return settings;
  }

  /**
   * `ports`, then the `expose` ports they do not already list. Each gets a stable IANA name: the one
   * the long syntax gives, else a well-known name or `port-<n>`, with `-udp` for UDP, so a TCP and a UDP
   * port of one number (DNS) are told apart and a name never depends on the other ports.
   */
  function toPorts(service: ServiceFragment): PortModel[] {
    const names = new Set<string>();
    const listed = (port: { target: number; protocol: string }) => service.ports.some((other) => other.target === port.target && other.protocol === port.protocol);
    const exposed = service.expose.filter((port) => !listed(port)).map((port) => ({ ...port, isExposed: true }));
    return [...service.ports.map((port) => ({ ...port, isExposed: false })), ...exposed].map((port) => {
      const base = WELL_KNOWN_PORT_NAMES[port.target] ?? `port-${port.target}`;
      const portName = port.name ?? (port.protocol === 'UDP' ? `${base}-udp` : base);
      if (names.has(portName)) report.error([port.isExposed ? 'expose' : 'ports'], `two ports are named "${portName}"; name them apart with the long port syntax`);
      names.add(portName);
      const published = port.published !== undefined && /^\d+$/.test(port.published) ? Number(port.published) : undefined;
      // Inside the cluster a service answers on its container port, as in compose; only the reverse
      // proxy, whose own Service is the public load balancer, answers on the published one.
      const isEntryPoint = context.stack.reverseProxy?.service === name;
      const model: PortModel = {
        name: portName,
        containerPort: port.target,
        servicePort: isEntryPoint ? published ?? port.target : port.target,
        ...(published !== undefined && published !== port.target && !isEntryPoint ? { publishedPort: published } : {}),
        protocol: port.protocol,
      };
      // Published on the host's loopback address only, a port is reachable from that host alone, never
      // from outside it: in a cluster it is like an `expose:` port.
      const loopbackOnly = 'hostIp' in port && port.hostIp !== undefined && /^(127\.|::1$|localhost$)/.test(port.hostIp);
      return port.isExposed || loopbackOnly ? { ...model, published: false } : model;
    });
  }

  function toResources(service: ServiceFragment): ServiceModel['resources'] {
    const { limits, reservations } = service;
    // With the limit written and no reservation, the request equals it: Guaranteed QoS, as compose's
    // limit promised. A missing limit takes the default (never below the reservation), and the request
    // the default's, unless a reservation says otherwise.
    const limitCpu = limits.cpuMillicores ?? Math.max(DEFAULT_RESOURCES.limits.cpuMillicores, reservations.cpuMillicores ?? 0);
    const limitMemory = limits.memoryBytes ?? Math.max(DEFAULT_RESOURCES.limits.memoryBytes, reservations.memoryBytes ?? 0);
    const requestCpu = reservations.cpuMillicores ?? (limits.cpuMillicores === undefined ? DEFAULT_RESOURCES.requests.cpuMillicores : limitCpu);
    const requestMemory = reservations.memoryBytes ?? (limits.memoryBytes === undefined ? DEFAULT_RESOURCES.requests.memoryBytes : limitMemory);
    const defaulted = [
      ...(limits.cpuMillicores === undefined ? [{ key: 'cpus', text: `cpus ${millicoresToKubernetesCpu(limitCpu)} (request ${millicoresToKubernetesCpu(requestCpu)})` }] : []),
      ...(limits.memoryBytes === undefined ? [{ key: 'memory', text: `memory ${bytesToKubernetesMemory(limitMemory)} (request ${bytesToKubernetesMemory(requestMemory)})` }] : []),
    ];
    // A limit given but invalid was reported where it is written; a warning about its default would hide that.
    if (defaulted.length > 0 && !report.hasErrorAt(['deploy'])) {
      const field = defaulted.length === 2 ? ['deploy', 'resources', 'limits'] : ['deploy', 'resources', 'limits', defaulted[0].key];
      report.warn(field, `not set: defaults to ${defaulted.map((item) => item.text).join(' and ')} (README: "Bring your own stack"); set the limits the service needs`);
    }
    if (requestCpu > limitCpu && limitCpu > 0) report.error(['deploy', 'resources', 'reservations', 'cpus'], 'the reservation is larger than the limit');
    if (requestMemory > limitMemory && limitMemory > 0) report.error(['deploy', 'resources', 'reservations', 'memory'], 'the reservation is larger than the limit');
    const { ephemeralStorage } = context.stack;
    return {
      limits: { cpu: millicoresToKubernetesCpu(limitCpu), memory: bytesToKubernetesMemory(limitMemory), ephemeralStorage: ephemeralStorage.limit },
      requests: { cpu: millicoresToKubernetesCpu(requestCpu), memory: bytesToKubernetesMemory(requestMemory), ephemeralStorage: ephemeralStorage.request },
    };
  }

  function toMounts(service: ServiceFragment, { volumeNames, files }: ServiceContext): MountModel[] {
    const mounts: MountModel[] = [];
    const pathsInImage: string[] = [];
    for (const volume of service.volumes) {
      if (volume.type === 'volume') {
        if (!volumeNames.includes(volume.source)) {
          report.error(['volumes'], `named volume "${volume.source}" is not declared under the top-level volumes:`);
        }
        mounts.push(files.namedVolume(volume));
      } else if (volume.type === 'bind') {
        const mount = files.bindMount(volume);
        if (mount === 'image') pathsInImage.push(volume.target);
        else if (mount) mounts.push(mount);
      } else if (volume.type === 'tmpfs') {
        mounts.push(files.tmpfs(volume));
      }
    }
    for (const tmpfs of service.container.tmpfs) {
      if (service.volumes.some((volume) => volume.target === tmpfs.path)) {
        report.error(['tmpfs'], `${tmpfs.path} is also a volume's mount path: mount one thing there`);
      } else {
        mounts.push(files.tmpfs({ type: 'tmpfs', target: tmpfs.path, sizeBytes: tmpfs.sizeBytes }));
      }
    }
    for (const volume of service.volumes) {
      // An anonymous volume under a source-code bind mount only shields the image's files (node_modules)
      // from that mount; without the bind mount it would hide them, so it is left out.
      if (volume.type === 'anonymous' && !pathsInImage.some((root) => volume.target.startsWith(`${root}/`))) {
        mounts.push({ kind: 'scratch', path: volume.target });
      }
    }
    mounts.push(...files.secretMounts(service.secrets), ...files.configMounts(service.configs));
    return mounts;
  }
}

interface ImageParts {
  readonly repository: string;
  readonly tag?: string;
}

/** Repository and tag of a service: from the environment settings for `build:` services, else compose. */
function imageParts(name: string, fragment: ServiceFragment, { environment }: ServiceContext): ImageParts | undefined {
  const configured = environment.images.get(name);
  if (fragment.build) {
    if (!configured) {
      environment.report.error(['images', name], `service "${name}" is built by compose (build:), so this environment must name its image repository and tag`);
    }
    return configured;
  }
  if (configured) {
    environment.report.error(['images', name], `service "${name}" is not built by compose: its image comes from the compose file`);
  }
  if (!fragment.image) {
    // An invalid image or build was reported already; it is not missing.
    if (!fragment.report.hasErrorAt(['image']) && !fragment.report.hasErrorAt(['build'])) {
      fragment.report.error(['image'], 'is required when there is no build: Kubernetes needs an image to run');
    }
    return undefined;
  }
  if (fragment.image.includes('@')) return { repository: fragment.image, tag: undefined };
  // The tag follows the last colon after the last slash (a colon before it is a registry port).
  const match = /^(.*?)(?::([^/:]+))?$/.exec(fragment.image)!;
  return { repository: match[1], tag: match[2] };
}

function resolveImage(name: string, fragment: ServiceFragment, parts: ImageParts | undefined, context: ServiceContext): string {
  if (!parts) return '';
  const { environment } = context;
  if (environment.blueGreen.has(name)) {
    if (fragment.build && parts.tag !== undefined) {
      environment.report.error(['images', name, 'tag'], `service "${name}" is blue/green: each colour carries its tag (blueGreen.${name}.<colour>.tag)`);
    }
    return parts.tag === undefined ? parts.repository : `${parts.repository}:${parts.tag}`;
  }
  if (fragment.build) {
    // The settings reader already refused a floating tag there.
    if (parts.tag === undefined && !environment.report.hasErrorAt(['images', name, 'tag'])) {
      environment.report.error(['images', name, 'tag'], 'is required: name the image version this environment runs');
    }
    return parts.tag === undefined ? parts.repository : `${parts.repository}:${parts.tag}`;
  }
  if (fragment.image?.includes('@')) return fragment.image;
  if (!environment.movingTags && (parts.tag === undefined || parts.tag === 'latest')) {
    fragment.report.error(['image'], `"${fragment.image}" is not pinned: this environment needs a version tag on every image (not "latest"; movingTags: true allows it)`);
  }
  return parts.tag === undefined ? parts.repository : `${parts.repository}:${parts.tag}`;
}

/** The colours of a blue/green service, each with its own image and replica count. */
function toBlueGreen(name: string, fragment: ServiceFragment, parts: ImageParts | undefined, context: ServiceContext): BlueGreenModel | undefined {
  const settings = context.environment.blueGreen.get(name);
  if (!settings) return undefined;
  const colors = {} as Record<Color, ColorModel>;
  for (const color of COLORS) {
    const { tag, replicas } = settings.colors[color];
    colors[color] = {
      image: tag === undefined || !parts ? undefined : `${parts.repository}:${tag}`,
      replicas: replicas ?? fragment.replicas ?? 1,
    };
  }
  const active = colors[settings.activeColor];
  if (active && (active.image === undefined || active.replicas === 0)) {
    context.environment.report.error(
      ['blueGreen', name, settings.activeColor],
      `the active colour ${settings.activeColor} needs a tag and at least one replica: it serves all the traffic of "${name}"`,
    );
  }
  return { activeColor: settings.activeColor, colors };
}
