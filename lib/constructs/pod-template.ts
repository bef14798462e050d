import * as k8s from '../k8s';
import * as path from 'path';
import type { MountModel, PodSecurityModel, ServiceAddress, ServiceModel, VolumeModel } from '../model';
import { dependencyWaits, type DependencyWaitProps } from './dependency-wait';
import { reverseProxyConfigName, volumeNameForPath } from './names';
import { probesFor, type ProbeChoices } from './probes';
import { networkMemberLabel } from './labels';

export interface PodTemplateOptions {
  /** The compose service, with the references the loader resolved (`waitsFor`, `envFrom`, `secretName`, `volumes`). */
  readonly service: ServiceModel;
  /** Labels of the pods; must include the workload's selector labels. */
  readonly labels: Record<string, string>;
  /** Pod annotations, e.g. a checksum of mounted configuration so a change rolls the pods. */
  readonly annotations?: Record<string, string>;
  /** Variables added after the compose ones (blue/green adds COLOR). @default none */
  readonly extraEnvironment?: readonly k8s.EnvVar[];
  /** The image to run. @default the service's image */
  readonly image?: string;
  /**
   * Spread the pods over nodes, selecting the workload's pods with these labels.
   * @default no spread (a Job's pod, which runs once)
   */
  readonly spreadBy?: Record<string, string>;
  /**
   * The workload runs several pods: besides the spread, prefer nodes that run none of them yet
   * (podAntiAffinity on the same labels), which is what kube-linter and kube-score look for.
   * @default false
   */
  readonly replicated?: boolean;
  /**
   * Run a one-off command to completion instead of the service (a Job's pod): the command replaces the
   * image's entrypoint, and the pod gets no ports, no probes and no restarts, and waits for `waitsFor`.
   * @default the service itself
   */
  readonly task?: { readonly command: readonly string[]; readonly waitsFor: readonly ServiceAddress[] };
  /** The ServiceAccount the pods run as. @default the service's name */
  readonly serviceAccountName?: string;
  /** How the init containers that wait for dependencies run. @default see DependencyWaitProps */
  readonly dependencyWait?: DependencyWaitProps;
  /** What the probes ask beyond the health check. @default see ProbeChoices */
  readonly probes?: ProbeChoices;
}

/**
 * The pod security context of the restricted profile, as the image's non-root user and group. Shared by
 * every pod a service's image runs in (its workload, its Jobs, the database's backup pods).
 */
export function podSecurityContext(security: PodSecurityModel): k8s.PodSecurityContext {
  return {
    // Root only where a declared exception to run-as-non-root allows it (the loader checks).
    runAsNonRoot: security.user !== 0,
    runAsUser: security.user,
    runAsGroup: security.group,
    // Volumes become writable by the image's group; the ownership walk happens only when needed.
    fsGroup: security.group,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The pod template of one compose service: its container with image, command, environment, ports,
 * resources, probes and mounts, init containers for `service_healthy` dependencies, and the Pod
 * Security Standards' restricted profile (non-root user, no privilege escalation, no capabilities,
 * RuntimeDefault seccomp, read-only root with scratch volumes where the image writes).
 * Volumes of kind ReadWriteOnce are not declared here: a StatefulSet's claim templates provide them.
 */
export function podTemplate(options: PodTemplateOptions): k8s.PodTemplateSpec {
  const { service, task } = options;
  const { security } = service;
  // A task's health is its exit code; the service's probes would test a server it does not run.
  const probes = service.healthcheck && !task ? probesFor(service.healthcheck, service.ports, options.probes) : {};
  const quantity = k8s.Quantity.fromString;
  const container: k8s.Container = {
    name: service.name,
    image: options.image ?? service.image,
    imagePullPolicy: service.imagePullPolicy,
    command: task ? [...task.command] : service.entrypoint ? [...service.entrypoint] : undefined,
    args: task ? undefined : service.command ? [...service.command] : undefined,
    workingDir: service.workingDir,
    envFrom: service.envFrom?.length
      ? service.envFrom.map((source) => ('configMap' in source ? { configMapRef: { name: source.configMap } } : { secretRef: { name: source.secret } }))
      : undefined,
    env: environmentOf(service, options.extraEnvironment ?? []),
    ports: task ? undefined : service.ports.map((port) => ({ name: port.name, containerPort: port.containerPort, protocol: port.protocol })),
    resources: {
      limits: {
        'cpu': quantity(service.resources.limits.cpu),
        'memory': quantity(service.resources.limits.memory),
        'ephemeral-storage': quantity(service.resources.limits.ephemeralStorage),
      },
      requests: {
        'cpu': quantity(service.resources.requests.cpu),
        'memory': quantity(service.resources.requests.memory),
        'ephemeral-storage': quantity(service.resources.requests.ephemeralStorage),
      },
    },
    ...probes,
    lifecycle: service.shutdown && !task ? { preStop: { exec: { command: ['sh', '-c', service.shutdown.preStop] } } } : undefined,
    securityContext: {
      // Unprivileged is the default; kube-score only counts it when it is written down. The API server
      // refuses a privileged container that forbids privilege escalation, so privileged allows both.
      privileged: security.privileged === true,
      allowPrivilegeEscalation: security.privileged === true,
      capabilities: { drop: ['ALL'], add: security.addCapabilities.length > 0 ? [...security.addCapabilities] : undefined },
      readOnlyRootFilesystem: security.readOnlyRootFilesystem,
    },
    volumeMounts: mountsOf(service),
  };
  const initContainers = dependencyWaits(task ? task.waitsFor : service.waitsFor ?? [], options.dependencyWait);
  const volumes = podVolumes(service);
  return {
    // Compose labels first: the loader refuses the keys the constructs write themselves.
    metadata: { labels: withNetworkLabels(options.labels, service.networks), annotations: service.annotations ? { ...service.annotations, ...options.annotations } : options.annotations },
    spec: {
      serviceAccountName: options.serviceAccountName ?? service.name,
      // None of the services talks to the Kubernetes API.
      automountServiceAccountToken: false,
      // Service links would inject DB_PORT=tcp://… and REDIS_PORT=tcp://… variables that clash with the
      // .env settings of the same names.
      enableServiceLinks: false,
      securityContext: podSecurityContext(security),
      restartPolicy: task ? 'Never' : undefined,
      priorityClassName: service.priorityClassName,
      terminationGracePeriodSeconds: task ? undefined : (service.shutdown?.gracePeriodSeconds ?? service.stopGracePeriodSeconds),
      hostname: service.hostname,
      hostAliases: service.hostAliases?.map((alias) => ({ ip: alias.ip, hostnames: [...alias.hostnames] })),
      topologySpreadConstraints: options.spreadBy
        ? [
            {
              // Prefer one replica per node, but still schedule on a cluster with fewer nodes than replicas.
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: options.spreadBy },
            },
          ]
        : undefined,
      affinity:
        options.spreadBy && options.replicated
          ? {
              podAntiAffinity: {
                // Preferred, not required: a cluster with fewer nodes than replicas still runs them all.
                preferredDuringSchedulingIgnoredDuringExecution: [
                  { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: options.spreadBy } } },
                ],
              },
            }
          : undefined,
      initContainers: initContainers.length > 0 ? initContainers : undefined,
      containers: [container],
      volumes: volumes.length > 0 ? volumes : undefined,
    },
  };
}

function environmentOf(service: ServiceModel, extra: readonly k8s.EnvVar[]): k8s.EnvVar[] | undefined {
  const variables: k8s.EnvVar[] = service.environment.map((variable) => {
    if (!('secretKey' in variable)) return { name: variable.name, value: variable.value };
    if (!service.secretName) throw new Error(`service "${service.name}": ${variable.name} is the secret key ${variable.secretKey}, but the model names no secretName: set the Secret it is a key of`);
    return { name: variable.name, valueFrom: { secretKeyRef: { name: service.secretName, key: variable.secretKey } } };
  });
  variables.push(...extra);
  return variables.length > 0 ? variables : undefined;
}

function mountsOf(service: ServiceModel): k8s.VolumeMount[] | undefined {
  const mounts: k8s.VolumeMount[] = service.mounts.map((mount) => {
    switch (mount.kind) {
      case 'volume':
      case 'existing-claim':
        return { name: mount.volume, mountPath: mount.path, readOnly: mount.readOnly || undefined, subPath: mount.subPath };
      case 'tmpfs':
        return { name: volumeNameForPath(mount.path), mountPath: mount.path };
      case 'config-map':
        // A ConfigMap is read-only in the pod whatever compose said: the files come from git.
        return { name: volumeNameForPath(mount.path), mountPath: mount.path, subPath: mount.file, readOnly: true };
      case 'secret':
        return { name: volumeNameForPath(mount.path), mountPath: mount.path, subPath: mount.key, readOnly: true };
      case 'scratch':
        return { name: volumeNameForPath(mount.path), mountPath: mount.path };
      case 'reverse-proxy-config':
        // A single file: mounted by subPath so the rest of the directory stays as the image has it.
        return { name: 'reverse-proxy-config', mountPath: mount.path, subPath: path.posix.basename(mount.path), readOnly: true };
      case 'tls-secret':
        return { name: 'tls', mountPath: mount.path, readOnly: true };
      case 'claim':
        return { name: mount.claim, mountPath: mount.path };
    }
  });
  for (const writable of scratchPaths(service)) mounts.push({ name: volumeNameForPath(writable), mountPath: writable });
  return mounts.length > 0 ? mounts : undefined;
}

function podVolumes(service: ServiceModel): k8s.Volume[] {
  const volumes: k8s.Volume[] = [];
  const add = (volume: k8s.Volume | undefined) => {
    // A volume mounted at two paths (two subpaths of one claim, say) is one pod volume.
    if (volume && !volumes.some((known) => known.name === volume.name)) volumes.push(volume);
  };
  for (const mount of service.mounts) add(podVolumeOf(service, mount));
  // Scratch space on a read-only root; its size counts against the container's ephemeral storage.
  for (const writable of scratchPaths(service)) add({ name: volumeNameForPath(writable), emptyDir: {} });
  return volumes;
}

/**
 * The writable paths that get a scratch volume of their own: those no mount of the service covers
 * already (a compose `tmpfs: /tmp` is the writable /tmp; a second volume at one path is refused).
 */
function scratchPaths(service: ServiceModel): string[] {
  return service.security.writablePaths.filter((writable) => !service.mounts.some((mount) => mount.path === writable));
}

/** The pod volume a mount needs: none for a ReadWriteOnce volume, a claim template of its StatefulSet instead. */
function podVolumeOf(service: ServiceModel, mount: MountModel): k8s.Volume | undefined {
  switch (mount.kind) {
    case 'volume':
      return namedVolume(service, mount.volume).accessMode === 'ReadWriteMany' ? { name: mount.volume, persistentVolumeClaim: { claimName: mount.volume } } : undefined;
    case 'existing-claim':
      return { name: mount.volume, persistentVolumeClaim: { claimName: mount.claim, readOnly: mount.readOnly || undefined } };
    case 'claim':
      return { name: mount.claim, persistentVolumeClaim: { claimName: mount.claim } };
    case 'scratch':
      return { name: volumeNameForPath(mount.path), emptyDir: {} };
    case 'tmpfs':
      return {
        name: volumeNameForPath(mount.path),
        emptyDir: { medium: 'Memory', sizeLimit: mount.sizeLimit === undefined ? undefined : k8s.Quantity.fromString(mount.sizeLimit) },
      };
    case 'config-map': {
      const items = mount.file !== undefined ? [{ key: mount.file, path: mount.file }] : mount.items?.map((item) => ({ ...item }));
      return { name: volumeNameForPath(mount.path), configMap: { name: mount.configMap, items, defaultMode: mount.mode } };
    }
    case 'secret':
      // Compose mounts secrets 0444 unless told otherwise; the Secret itself is created outside dist/.
      return { name: volumeNameForPath(mount.path), secret: { secretName: mount.secret, items: [{ key: mount.key, path: mount.key }], defaultMode: mount.mode ?? 0o444 } };
    case 'reverse-proxy-config':
      return { name: 'reverse-proxy-config', configMap: { name: reverseProxyConfigName(service.name) } };
    case 'tls-secret':
      if (!mount.secret) throw new Error(`service "${service.name}" mounts TLS files at ${mount.path}, but the mount names no secret: set the kubernetes.io/tls Secret to mount`);
      return { name: 'tls', secret: { secretName: mount.secret } };
  }
}

/** A named volume the service mounts, from its model's `volumes`. */
export function namedVolume(service: ServiceModel, name: string): VolumeModel {
  const volume = service.volumes?.find((candidate) => candidate.name === name);
  if (!volume) throw new Error(`service "${service.name}" mounts volume "${name}", which its model's volumes do not describe: add it to volumes, with its size and access mode`);
  return volume;
}

/**
 * The ReadWriteOnce volumes a service mounts, in mount order, each once (however many paths it is
 * mounted at): the ones each replica owns (a StatefulSet's claim templates).
 */
export function ownedVolumes(service: ServiceModel): VolumeModel[] {
  const owned: VolumeModel[] = [];
  for (const mount of service.mounts) {
    if (mount.kind !== 'volume' || owned.some((volume) => volume.name === mount.volume)) continue;
    const volume = namedVolume(service, mount.volume);
    if (volume.accessMode === 'ReadWriteOnce') owned.push(volume);
  }
  return owned;
}

/** The pod's labels, and one per compose network of its service (the NetworkPolicies select them). */
function withNetworkLabels(labels: Record<string, string>, networks: readonly string[] | undefined): Record<string, string> {
  if (!networks || networks.length === 0) return labels;
  return { ...labels, ...Object.fromEntries(networks.map((network) => [networkMemberLabel(network), 'true'])) };
}
