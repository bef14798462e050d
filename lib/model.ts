/**
 * The typed model the loader produces and the constructs consume. It holds decisions already made
 * (Kubernetes quantities, resolved images, probe kinds), so constructs only translate, never parse.
 */

export interface StackModel {
  /** Compose project name (`name:`), used as app.kubernetes.io/part-of. */
  readonly project: string;
  readonly environment: EnvironmentModel;
  /** Services in compose file order. */
  readonly services: readonly ServiceModel[];
  /** Named volumes with their storage, in compose file order. */
  readonly volumes: readonly VolumeModel[];
  /** Every non-secret variable of the `.env` file and the environment's overrides, in file order. */
  readonly variables: ReadonlyArray<readonly [string, string]>;
  /** The ConfigMap holding `variables` (`<project>-env`), which services with `env_file: .env` load. */
  readonly variablesConfigMap: string;
  readonly secret: SecretModel;
  readonly reverseProxy?: ReverseProxyModel;
  /** One-off steps run as Kubernetes Jobs before the service they belong to (database set-up). */
  readonly jobs: readonly JobModel[];
  /** How Argo CD delivers this environment; absent when the stack does not use Argo CD. */
  readonly gitops?: GitOpsModel;
  /** Rules of the policy suite that do not apply here, each with its reason. */
  readonly securityExceptions: readonly SecurityException[];
  /** How the cluster's Prometheus scrapes and alerts on this environment; absent: no monitoring objects. */
  readonly monitoring?: MonitoringModel;
  /**
   * Changes of the live stack the day-2 comparison refuses, accepted knowingly (`acknowledgements` in
   * the environment's settings). Not rendered. @default none
   */
  readonly acknowledgements: readonly AcknowledgementModel[];
  /** The SQL Server database the stack keeps its data in; absent when the settings name none. */
  readonly database?: DatabaseModel;
  /**
   * ConfigMaps made from files of the stack folder: each `env_file` other than the stack's `.env`,
   * each bind-mounted file or directory, each compose `config` with `file:`, `content:` or
   * `environment:`. In the foundation, before the pods that read them. @default none
   */
  readonly configMaps?: readonly ConfigMapModel[];
  /**
   * Every connection the NetworkPolicies allow, resolved by the loader (stack.yaml `networkPaths`:
   * compose networks, or the least-privilege paths of the dependencies). @default none: only DNS
   */
  readonly networkPaths?: readonly NetworkPath[];
  /**
   * The Secrets compose `secrets` with `file:` or `environment:` are mounted from, never rendered: a
   * person creates each (README: "Secrets from files"), or an ExternalSecret does where the
   * environment's secrets come from a store. @default none
   */
  readonly fileSecrets?: readonly FileSecretModel[];
}

/** The Secret of one compose secret: its name and its one key (the compose name). */
export interface FileSecretModel {
  /** `<project>-secret-<name>`, or the compose secret's `name:`. */
  readonly name: string;
  /** The compose secret's name, the key the pods mount. */
  readonly key: string;
  /** Its store entry, where the environment's secrets come from a store (`secrets.remoteRefs.<key>`). @default none: created by a person */
  readonly remoteRef?: RemoteSecretRef;
}

/**
 * A ConfigMap the loader filled from the stack folder. Text goes to `data`, anything that is not UTF-8
 * to `binaryData` (base64), as `kubectl create configmap --from-file` does. Never holds a secret: the
 * loader refuses a private key, and an env file's secret variables stay out.
 */
export interface ConfigMapModel {
  /** `<project>-file-…`, `<project>-config-…`, `<project>-env-…`: derived from what it holds, never hashed. */
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
  /** @default none */
  readonly binaryData?: Readonly<Record<string, string>>;
}

/**
 * Who opens connections: a compose service, a Job, the database's backup and restore pods, the pods of
 * another namespace of the cluster (the monitoring one), or anything outside the cluster.
 */
export type NetworkPeer =
  | { readonly kind: 'outside' }
  | { readonly kind: 'service'; readonly name: string }
  | { readonly kind: 'job'; readonly name: string }
  | { readonly kind: 'database-backup'; readonly name: string }
  | { readonly kind: 'namespace'; readonly name: string }
  /** The pods of every service on a compose network (`networkPaths: compose`), by the network's name. */
  | { readonly kind: 'network'; readonly name: string };

/** A server port a connection may use. */
export interface NetworkPort {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

/** One allowed connection: `from` may open connections to `to` on `ports`. */
export interface NetworkPath {
  readonly from: NetworkPeer;
  /**
   * The pods connected to: a compose service's (by `app.kubernetes.io/name`), those of every service on
   * a compose network, or anything outside the cluster (from a service on a network not `internal`).
   */
  readonly to: { readonly kind: 'service'; readonly name: string } | { readonly kind: 'network'; readonly name: string } | { readonly kind: 'outside' };
  /** The server's container ports, in the server's order; `any` for connections to outside the cluster. */
  readonly ports: readonly NetworkPort[] | 'any';
}

/** A refused change accepted knowingly: the finding's object, field and before → after as printed, and why. */
export interface AcknowledgementModel {
  /** `StatefulSet/db` */
  readonly object: string;
  readonly field: string;
  readonly before: string;
  readonly after: string;
  readonly reason: string;
}

/**
 * The application database: which compose service runs SQL Server, what it is called, how a client
 * logs in, and its backups (README: "Backups").
 */
export interface DatabaseModel {
  /** The compose service that runs SQL Server (`db`). */
  readonly service: string;
  /** The application database (`DB_NAME` of the .env file): a plain identifier. */
  readonly name: string;
  /** The login the backup and restore pods use (`DB_USER`). */
  readonly user: string;
  /** Key of the stack's Secret holding that login's password (`DB_PASSWORD`); never rendered. */
  readonly passwordSecretKey: string;
  /** The SQL Server edition the environment runs (`MSSQL_PID`): Developer, Standard, Enterprise… */
  readonly edition: string;
  /** Absent when the environment takes no backups. */
  readonly backup?: BackupModel;
}

export interface BackupModel {
  /**
   * The backup tooling's name (`db-backup`): its ServiceAccount, the prefix of its scripts ConfigMap and
   * CronJobs, and the name its backup and restore pods carry, which the network path to the database selects.
   */
  readonly name: string;
  /** The standalone claim the backups are written to, mounted on the database pod at `path`. */
  readonly claim: { readonly name: string; readonly size: string; readonly storageClass?: string };
  /** Where SQL Server writes the backup files, inside its own pod (and where the backup pods see them). */
  readonly path: string;
  /** Cron schedule (UTC) of the full backups. */
  readonly fullSchedule: string;
  /** Cron schedule (UTC) of the transaction log backups, between full backups. */
  readonly logSchedule: string;
  /** Backups older than this many days are removed, except what restoring the newest full backup needs. */
  readonly retentionDays: number;
  /** `WITH COMPRESSION`: Express and Web do not support it. */
  readonly compression: boolean;
}

export interface JobModel {
  readonly name: string;
  /** The compose service whose image, environment, secrets, mounts and dependencies the Job uses. */
  readonly service: string;
  readonly image: string;
  readonly command: readonly string[];
  /** The services it connects to, with the port each answers on: it waits for them and may reach only them. */
  readonly waitsFor: readonly ServiceAddress[];
}

/**
 * Where another workload reaches a service: its Service's name (the compose service name, as on the
 * compose network) and the port clients use. The loader resolves it, so a construct that waits for or
 * connects to a service needs nothing of that service's model.
 */
export interface ServiceAddress {
  readonly service: string;
  /** The Service port: compose's published port where there is one, else the container port. */
  readonly port: number;
}

/** An object whose every key becomes a variable of the pods (`envFrom`). */
export type EnvFromSource = { readonly configMap: string } | { readonly secret: string };

export interface GitOpsModel {
  readonly repoURL: string;
  /** A branch the environment follows (dev: `main`), or the commit it is pinned to (`npm run promote`). */
  readonly targetRevision: string;
  readonly argocdNamespace: string;
  readonly project: string;
  /** The branch the root Application reads dist/argocd from (every pin lives there). */
  readonly branch: string;
  readonly automated: boolean;
  readonly prune: boolean;
  readonly selfHeal: boolean;
}

export interface EnvironmentModel {
  /** `dev`, `staging`, `prod`: the folder under dist/. */
  readonly name: string;
  readonly namespace: string;
  /** The minor release of the cluster's Kubernetes, `1.34`: Pod Security admission applies its profile. */
  readonly kubernetesVersion: string;
  /** The environment serves the public (`production: true`): the policy suite checks every rule there. @default false */
  readonly production?: boolean;
  /**
   * The Pod Security level the namespace enforces: the lowest its services' declared exceptions need
   * (a compose `user: root`, `privileged`, `cap_add`); warn and audit stay `restricted`. @default restricted
   */
  readonly enforcedPodSecurity?: PodSecurityLevel;
}

/** The Pod Security Standards' profiles, from the strictest. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export interface SecretModel {
  /** Name of the Secret the pods read; it is never rendered (External Secrets creates it, or a person). */
  readonly name: string;
  /** The variables that are secrets, in the order stack.yaml declares them. */
  readonly keys: readonly string[];
  /** Where the values come from. */
  readonly source: SecretSource;
}

/**
 * `manual`: a person creates the Secret (README: "Creating the Secret"). `externalSecret`: External
 * Secrets Operator creates and refreshes it from a secret store that the platform runs (not rendered).
 */
export type SecretSource =
  | { readonly mode: 'manual' }
  | {
      readonly mode: 'externalSecret';
      readonly store: { readonly kind: 'ClusterSecretStore' | 'SecretStore'; readonly name: string };
      /** How often the operator reads the store again (a Go duration, `1h`): a rotation lands within it. */
      readonly refreshInterval: string;
      /** The store entry of each secret key the pods read. */
      readonly remoteRefs: ReadonlyMap<string, RemoteSecretRef>;
    };

/** An entry of the secret store: its key, and the property within it when the entry holds several. */
export interface RemoteSecretRef {
  readonly key: string;
  readonly property?: string;
}

/**
 * The secret keys the pods read, in declaration order: each `secretKeyRef`, and every declared key for
 * a service that reads the whole `.env` (its pods load the whole Secret with `envFrom`).
 */
export function referencedSecretKeys(services: readonly ServiceModel[], secret: Pick<SecretModel, 'keys'>): string[] {
  const read = new Set<string>();
  for (const service of services) {
    if (service.readsEnvFile) secret.keys.forEach((key) => read.add(key));
    for (const variable of service.environment) if ('secretKey' in variable) read.add(variable.secretKey);
  }
  return secret.keys.filter((key) => read.has(key));
}

/** Where Prometheus (prometheus-operator) runs, what it selects, what it scrapes here. */
export interface MonitoringModel {
  /** The namespace Prometheus runs in: the only one whose pods may reach the metrics ports. */
  readonly namespace: string;
  /** Labels the cluster's Prometheus selects PodMonitors and PrometheusRules by. */
  readonly labels: Readonly<Record<string, string>>;
  readonly scrapes: readonly ScrapeModel[];
  /** The page whose sections are the alerts' runbooks (the README), linked from every alert. */
  readonly runbookUrl: string;
}

/** One service whose pods Prometheus scrapes. */
export interface ScrapeModel {
  readonly service: string;
  /** The container port, by name (`metrics`) and number. */
  readonly port: { readonly name: string; readonly containerPort: number };
  readonly path: string;
  /** A Prometheus duration, `30s`. */
  readonly interval: string;
}

export interface ServiceModel {
  readonly name: string;
  /** Fully resolved image reference, `repository:tag`. */
  readonly image: string;
  /**
   * `Always` where the environment allows moving tags (dev), so a pod runs what the tag names now;
   * `IfNotPresent` where every tag is pinned and a node's cached copy is the same image.
   */
  readonly imagePullPolicy: 'Always' | 'IfNotPresent';
  /** Compose `entrypoint` → container `command`. */
  readonly entrypoint?: readonly string[];
  /** Compose `command` → container `args`. */
  readonly command?: readonly string[];
  readonly environment: readonly EnvironmentVariable[];
  /** The service reads the whole `.env` (compose `env_file`): ConfigMap and Secret are mounted as env. */
  readonly readsEnvFile: boolean;
  /**
   * The ConfigMaps of the service's other `env_file`s, in compose order, read with `envFrom` after the
   * `.env`'s (a later file wins, and `environment` wins over every file, as in compose). The loader
   * writes them into `envFrom`, which the pods read. @default none
   */
  readonly envFileConfigMaps?: readonly string[];
  /**
   * The ConfigMaps and Secrets its pods load whole as variables, in order (for `env_file: .env`, the
   * stack's ConfigMap of the `.env` file, then its Secret); compose `environment` wins over them.
   * Resolved by the loader. @default none
   */
  readonly envFrom?: readonly EnvFromSource[];
  /** The Secret its `secretKey` variables are keys of (the stack's Secret). Required when one has a `secretKey`. */
  readonly secretName?: string;
  readonly ports: readonly PortModel[];
  readonly healthcheck?: HealthcheckModel;
  readonly dependsOn: readonly DependencyModel[];
  /**
   * The Services it waits for before it starts (its `service_healthy` dependencies, in order), resolved
   * by the loader from `dependsOn`. @default none
   */
  readonly waitsFor?: readonly ServiceAddress[];
  readonly resources: ResourcesModel;
  readonly replicas: number;
  readonly mounts: readonly MountModel[];
  /**
   * The named volumes its `volume` mounts name, with their storage, resolved by the loader from the
   * stack's volumes: ReadWriteOnce ones become claim templates (each replica owns one), ReadWriteMany
   * ones a claim its workloads share. @default none (then it may mount no named volume)
   */
  readonly volumes?: readonly VolumeModel[];
  /** Present when the service runs as a blue/green pair (environment settings `blueGreen:`). */
  readonly blueGreen?: BlueGreenModel;
  readonly security: PodSecurityModel;
  /** Graceful shutdown, for services that take traffic. */
  readonly shutdown?: { readonly preStop: string; readonly gracePeriodSeconds: number };
  /** The priority class of the service's tier (stack.yaml `priorityTiers`); absent: the cluster's default. */
  readonly priorityClassName?: string;
  /** Present when the environment scales the service with its load; `replicas` is then the minimum. */
  readonly autoscaling?: { readonly maxReplicas: number; readonly targetCPUUtilizationPercentage: number };
  /**
   * How the service's published ports are reached from outside the cluster (environment `exposure`),
   * in a stack without a reverse proxy. @default not exposed: reachable inside the cluster only
   */
  readonly exposure?: ExposureModel;
  /**
   * The compose networks the service is on, where the paths follow them (`networkPaths: compose`): its
   * pods carry a label per network, which the NetworkPolicies select. @default none: no network labels
   */
  readonly networks?: readonly string[];
  /** Other names the service answers to (compose network `aliases`): each an extra Service. @default none */
  readonly aliases?: readonly string[];
  /** Compose `working_dir` → the container's `workingDir`. @default the image's */
  readonly workingDir?: string;
  /** Compose `hostname` → the pod's `hostname`. @default the pod's name */
  readonly hostname?: string;
  /** Compose `extra_hosts` → the pod's `hostAliases`, one entry per address in first-seen order. @default none */
  readonly hostAliases?: readonly HostAliasModel[];
  /** Compose `labels` → annotations of the service's pods. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Compose `stop_grace_period`, used where the settings' `shutdown` names no grace period. @default Kubernetes' 30 s */
  readonly stopGracePeriodSeconds?: number;
}

/** Host names the pod resolves to one address (`/etc/hosts`), as compose `extra_hosts` add them. */
export interface HostAliasModel {
  readonly ip: string;
  readonly hostnames: readonly string[];
}

/** A service's published ports, reached from outside: a LoadBalancer Service, or an Ingress for one HTTP port. */
export type ExposureModel =
  | {
      readonly kind: 'loadBalancer';
      /** The published ports, and only those (an `expose:` port never leaves the cluster). */
      readonly ports: readonly PortModel[];
    }
  | {
      readonly kind: 'ingress';
      readonly host: string;
      /** The IngressClass. @default the cluster's default class */
      readonly className?: string;
      /** The kubernetes.io/tls Secret for `host`. @default none: plain HTTP at the Ingress */
      readonly tlsSecret?: string;
      /** The path prefix routed to the service, `/`. */
      readonly path: string;
      /** The published port the Ingress routes to (the Service's port). */
      readonly port: PortModel;
    };

export interface PodSecurityModel {
  /** The user and group the image runs as: non-root, unless an exception to `run-as-non-root` allows 0. */
  readonly user: number;
  readonly group: number;
  /** Paths written outside volumes: each gets a scratch volume. */
  readonly writablePaths: readonly string[];
  /** False only where the settings say so (and a declared security exception says why). */
  readonly readOnlyRootFilesystem: boolean;
  /** Capabilities added back after dropping all: NET_BIND_SERVICE, others only with an exception to `drop-all-capabilities`. */
  readonly addCapabilities: readonly string[];
  /** Compose `privileged: true`, with exceptions to `no-host-access` and `no-privilege-escalation`. @default false */
  readonly privileged?: boolean;
}

/**
 * A policy rule that does not apply, and why (environments/stack.yaml). Each scope given narrows it: the
 * services (by name), the environments, the objects (`Kind/name`); an absent scope matches all.
 */
export interface SecurityException {
  readonly rule: string;
  readonly reason: string;
  readonly services?: readonly string[];
  readonly environments?: readonly string[];
  readonly objects?: readonly string[];
}

/** The names of a service's `service_healthy` dependencies: the ones it waits for and connects to. */
export function healthyDependencies(service: ServiceModel): string[] {
  return service.dependsOn.filter((dependency) => dependency.condition === 'service_healthy').map((dependency) => dependency.service);
}

/** The first dependency cycle among the services, as the names along it (first name repeated last). */
export function dependencyCycle(services: readonly ServiceModel[]): string[] | undefined {
  const finished = new Set<string>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    if (path.includes(name)) return [...path.slice(path.indexOf(name)), name];
    if (finished.has(name)) return undefined;
    const service = services.find((candidate) => candidate.name === name);
    for (const dependency of service?.dependsOn ?? []) {
      const cycle = visit(dependency.service, [...path, name]);
      if (cycle) return cycle;
    }
    finished.add(name);
    return undefined;
  };
  for (const service of services) {
    const cycle = visit(service.name, []);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The two colours of a blue/green service. */
export const COLORS = ['blue', 'green'] as const;
export type Color = (typeof COLORS)[number];

export interface BlueGreenModel {
  /** The colour the service's own Service sends traffic to; the other one is behind `<name>-preview`. */
  readonly activeColor: Color;
  readonly colors: Readonly<Record<Color, ColorModel>>;
}

export interface ColorModel {
  /** `repository:tag`; undefined while no version is staged on this colour (then it is not rendered). */
  readonly image?: string;
  readonly replicas: number;
}

export type EnvironmentVariable =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly secretKey: string };

export interface PortModel {
  /** IANA-style port name (`http`, `metrics`), unique within the service. */
  readonly name: string;
  readonly containerPort: number;
  /**
   * The port of the service's own Service: the container port, as compose's other containers reach the
   * service (`wordpress:80` although compose publishes `8080:80`). The reverse proxy's own Service is
   * the public load balancer, so there it is the published port.
   */
  readonly servicePort: number;
  /** The host port compose publishes it on: the port its LoadBalancer exposure listens on. @default servicePort */
  readonly publishedPort?: number;
  readonly protocol: 'TCP' | 'UDP';
  /**
   * Published by compose (`ports`), or only reachable from the other services (`expose`): both are
   * ports of the service's ClusterIP Service; only published ones may be exposed outside. @default true
   */
  readonly published?: boolean;
}

export interface HealthcheckTiming {
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  /** Compose `start_period`; a startup probe covers it when it is set. */
  readonly startPeriodSeconds?: number;
  /** Compose `start_interval`: how often the check runs during `start_period`. */
  readonly startIntervalSeconds?: number;
}

export type HealthcheckModel = HealthcheckTiming &
  (
    | { readonly kind: 'http'; readonly port: number; readonly path: string }
    | { readonly kind: 'exec'; readonly command: readonly string[] }
  );

export interface DependencyModel {
  readonly service: string;
  /** `service_healthy` makes the dependent wait; `service_started` does not in Kubernetes. */
  readonly condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
}

export interface ResourcesModel {
  readonly limits: { readonly cpu: string; readonly memory: string; readonly ephemeralStorage: string };
  readonly requests: { readonly cpu: string; readonly memory: string; readonly ephemeralStorage: string };
}

export type MountModel =
  /** A named compose volume; `subPath` mounts one directory of it (compose `volume.subpath`, @default the whole volume). */
  | { readonly kind: 'volume'; readonly volume: string; readonly path: string; readonly readOnly: boolean; readonly subPath?: string }
  /** An anonymous compose volume: scratch space that lives as long as the pod. */
  | { readonly kind: 'scratch'; readonly path: string }
  /** Compose `tmpfs` (service key or `type: tmpfs`): a memory-backed emptyDir, counted against the memory limit. */
  | { readonly kind: 'tmpfs'; readonly path: string; /** Kubernetes quantity (`64Mi`). @default no limit but the container's memory */ readonly sizeLimit?: string }
  /**
   * A ConfigMap, mounted read-only: a bind-mounted file or directory of the stack folder, or a compose
   * config. With `file`, only that key, as one file at `path` (subPath: the rest of the directory stays
   * as the image has it); without, every key under the directory `path`, at `items`' relative paths
   * where the directory had subdirectories.
   */
  | {
      readonly kind: 'config-map';
      readonly configMap: string;
      readonly path: string;
      /** @default the whole ConfigMap as a directory */
      readonly file?: string;
      /** @default each key at its own name */
      readonly items?: ReadonlyArray<{ readonly key: string; readonly path: string }>;
      /** File mode (compose `mode`). @default 0644, Kubernetes' */
      readonly mode?: number;
    }
  /**
   * One key of a Secret that is never rendered (a compose `secret`, created by a person: README,
   * "Creating the Secret"), as one read-only file at `path` (`/run/secrets/<target>`).
   */
  | { readonly kind: 'secret'; readonly secret: string; readonly key: string; readonly path: string; /** File mode. @default 0444, compose's */ readonly mode?: number }
  /** An existing claim (compose `external: true` volume): mounted by name, never rendered nor sized. */
  | { readonly kind: 'existing-claim'; readonly volume: string; readonly claim: string; readonly path: string; readonly readOnly: boolean; readonly subPath?: string }
  /** The reverse proxy's configuration file, generated from the model. */
  | { readonly kind: 'reverse-proxy-config'; readonly path: string }
  /** The TLS certificate directory, from the TLS Secret (`secret`, resolved by the loader from the reverse proxy). */
  | { readonly kind: 'tls-secret'; readonly path: string; readonly secret?: string }
  /**
   * A standalone PersistentVolumeClaim (the database's backup claim), mounted through the pod template:
   * unlike a claim template it can be added to a live StatefulSet. Its owner creates it (DatabaseBackup).
   */
  | { readonly kind: 'claim'; readonly claim: string; readonly path: string };

export interface VolumeModel {
  readonly name: string;
  /** ReadWriteOnce volumes belong to one replica (claim template); ReadWriteMany ones are shared (one PVC). */
  readonly accessMode: 'ReadWriteOnce' | 'ReadWriteMany';
  /** Kubernetes quantity, e.g. `20Gi`. */
  readonly size: string;
  /** Omitted: the cluster's default StorageClass. */
  readonly storageClass?: string;
  /**
   * A ReadWriteOnce volume whose service replicates its own data, so that each replica owning its own
   * copy is intended; the day-2 comparison refuses more than one replica otherwise. @default false
   */
  readonly replicable: boolean;
}

export interface ReverseProxyModel {
  /** The compose service that is the entry point. */
  readonly service: string;
  /** Public host name served by the proxy. */
  readonly host: string;
  /** Secret of type kubernetes.io/tls: cert-manager writes it when `certificate` is set, else a person creates it. */
  readonly tlsSecret: string;
  /** cert-manager issues and renews the certificate for `host` from this issuer; absent: created by hand. */
  readonly certificate?: { readonly issuer: IssuerRef };
  /** Largest file the backend accepts, in bytes (from MAX_UPLOAD_SIZE). */
  readonly maxUploadBytes: number;
  /** Container ports nginx listens on: the service's ports named `http` and `https`. */
  readonly httpPort: number;
  readonly httpsPort: number;
  /** Where the generated nginx.conf and the TLS files are mounted (from the compose bind mounts). */
  readonly configPath: string;
  readonly tlsPath: string;
  readonly routes: readonly ProxyRoute[];
}

/** A cert-manager issuer: namespaced (`Issuer`, in the environment's namespace) or cluster-wide. */
export interface IssuerRef {
  readonly kind: 'ClusterIssuer' | 'Issuer';
  readonly name: string;
}

export interface ProxyRoute {
  /** nginx location prefix, e.g. `/api/`. */
  readonly path: string;
  readonly service: string;
  readonly port: number;
}
