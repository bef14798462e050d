/**
 * What a policy is, and the small helpers the rules share to read rendered manifests. Everything here works
 * on plain JSON objects as `kubectl` reads them, so the policies never depend on how the manifests were made.
 */

/** A rendered Kubernetes object. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
}

/** What a policy may look at besides the object it checks. */
export interface PolicyContext {
  /** Environment being checked, e.g. `prod`. */
  readonly environment: string;
  /** Every object of the environment, for rules that relate objects (a PodDisruptionBudget to a Deployment). */
  readonly manifests: readonly Manifest[];
  /**
   * Whether the environment serves the public (`production: true` in its settings). The linters know no
   * such thing: their view is every environment's being production. @default true
   */
  readonly production: boolean;
}

/** The linters and the standard the rules follow. */
export type Tool = 'polaris' | 'kube-score' | 'kube-linter' | 'pss';

/**
 * One published check a rule follows, e.g. `{ tool: 'kube-score', check: 'pod-probes-identical' }`; for the
 * Pod Security Standards, `check` is the control's name in the standard. The check must report the same
 * object the rule reports (the HorizontalPodAutoscaler for an autoscaler's check, not its Deployment):
 * that object is where an exception writes the tool's exemption.
 */
export interface ToolCheck {
  readonly tool: Tool;
  readonly check: string;
}

/**
 * How bad a finding is, on Polaris' scale: `danger` is what Polaris grades danger, kube-score critical, and
 * what kube-linter's default checks or Pod Security admission refuse; `warning` is a recommendation.
 */
export type Severity = 'danger' | 'warning';

/** One rule. `check` returns one sentence per violation and `[]` when the object passes or is of a kind the rule ignores. */
export interface Policy {
  /** Stable kebab-case name, used in exceptions and reports. */
  readonly name: string;
  /** One sentence on what the rule demands. */
  readonly description: string;
  /** The worst grade any tool it follows gives the finding. */
  readonly severity: Severity;
  /** The published checks the rule follows; an exception to the rule exempts the object from each of them. */
  readonly follows: readonly ToolCheck[];
  /**
   * The rule asks what only an environment that serves the public must give (two pods of each
   * Deployment, a disruption budget, a priority among the cluster's tenants): a one-replica test
   * environment cannot meet it and loses nothing by that, so it is checked only where `production` is
   * true. Its meaning there is unchanged. @default false: checked in every environment
   */
  readonly onlyInProduction?: boolean;
  check(manifest: Manifest, context: PolicyContext): string[];
}

/**
 * A deliberate, explained departure from a rule. Absent environments, services and objects match all; each
 * one given narrows the exception.
 */
export interface PolicyException {
  readonly rule: string;
  /** Why the rule does not apply; kept next to the exception so a reviewer can judge it. */
  readonly reason: string;
  readonly environments?: readonly string[];
  /** Values of the object's `app.kubernetes.io/name` label. */
  readonly services?: readonly string[];
  /** `Kind/name` of the objects, for an object that belongs to no one service (a shared ConfigMap). */
  readonly objects?: readonly string[];
}

/** A rule broken by one object of one environment. */
export interface Violation {
  readonly environment: string;
  /** `${kind}/${name}` */
  readonly object: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
}

// The parts of the Kubernetes API the rules read. Every field is optional because a rule's job is to
// notice what is missing.

export interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

export interface SeccompProfile {
  readonly type?: string;
}

export interface PodSecurityContext {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly seccompProfile?: SeccompProfile;
  readonly sysctls?: readonly { readonly name: string; readonly value?: string }[];
  readonly seLinuxOptions?: { readonly type?: string; readonly user?: string; readonly role?: string; readonly level?: string };
  readonly appArmorProfile?: { readonly type?: string };
  readonly windowsOptions?: { readonly hostProcess?: boolean };
}

export interface ContainerSecurityContext extends PodSecurityContext {
  readonly procMount?: string;
  readonly allowPrivilegeEscalation?: boolean;
  readonly privileged?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly imagePullPolicy?: string;
  readonly securityContext?: ContainerSecurityContext;
  readonly resources?: {
    readonly requests?: Record<string, string | number>;
    readonly limits?: Record<string, string | number>;
  };
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number; readonly hostPort?: number }[];
  readonly env?: readonly { readonly name: string; readonly value?: string; readonly valueFrom?: unknown }[];
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly startupProbe?: Probe;
  readonly lifecycle?: { readonly postStart?: Probe; readonly preStop?: Probe };
}

/** A container probe; ports are numbers or names of the container's ports. */
export interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port?: number | string; readonly host?: string };
  readonly tcpSocket?: { readonly port?: number | string; readonly host?: string };
  readonly grpc?: { readonly port?: number; readonly service?: string };
  readonly exec?: { readonly command?: readonly string[] };
}

export interface PodAffinityTerm {
  readonly topologyKey?: string;
  readonly labelSelector?: LabelSelector;
}

export interface PodSpec {
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly securityContext?: PodSecurityContext;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly volumes?: readonly ({ readonly name: string; readonly hostPath?: { readonly path: string } } & Record<string, unknown>)[];
  readonly serviceAccountName?: string;
  readonly priorityClassName?: string;
  readonly automountServiceAccountToken?: boolean;
  readonly topologySpreadConstraints?: readonly {
    readonly topologyKey?: string;
    readonly labelSelector?: LabelSelector;
    readonly maxSkew?: number;
    readonly minDomains?: number;
    readonly whenUnsatisfiable?: string;
  }[];
  readonly affinity?: {
    readonly podAntiAffinity?: {
      readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
      readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly { readonly podAffinityTerm?: PodAffinityTerm }[];
    };
  };
}

/** Kinds whose objects carry a pod spec, and where it sits in each. */
const POD_SPEC_PATHS: Record<string, readonly string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Every kind that carries a pod spec: the objects whose pods a selector can match. */
export const POD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

/**
 * Kinds whose pods run until they are stopped, not to completion (a Job's, a CronJob's): the pods that
 * probes are for and that a Service routes to. kube-score's and Polaris' probe checks skip the same two.
 */
export const LONG_RUNNING_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod'];

/**
 * Kinds that run a count of interchangeable replicas: what disruption budgets, spreading and anti-affinity
 * are about (a DaemonSet's count is the nodes', a Pod is one).
 */
export const REPLICATED_KINDS: readonly string[] = ['Deployment', 'StatefulSet'];

/** The pod spec of a workload (or of a Pod), or undefined for kinds that run no pods. */
export function podSpecOf(manifest: Manifest): PodSpec | undefined {
  const path = POD_SPEC_PATHS[manifest.kind];
  if (!path) return undefined;
  let node: any = manifest;
  for (const key of path) node = node?.[key];
  return node ?? undefined;
}

/** The labels the pods of a workload carry (a Pod's own labels), which selectors are matched against. */
export function podLabelsOf(manifest: Manifest): Record<string, string> {
  if (manifest.kind === 'Pod') return manifest.metadata.labels ?? {};
  const template = manifest.kind === 'CronJob' ? manifest.spec?.jobTemplate?.spec?.template : manifest.spec?.template;
  return template?.metadata?.labels ?? {};
}

/** A container together with the words that name it in a violation: `container "web"` or `init container "wait"`. */
export interface ContainerEntry {
  readonly container: Container;
  readonly subject: string;
}

/** Init containers first, then the main ones, as the kubelet starts them. */
export function containersOf(pod: PodSpec): ContainerEntry[] {
  return [
    ...(pod.initContainers ?? []).map((container) => ({ container, subject: `init container "${container.name}"` })),
    ...(pod.containers ?? []).map((container) => ({ container, subject: `container "${container.name}"` })),
  ];
}

/**
 * Runs a per-container check over every container (init included) of the object's pod spec and collects
 * its sentences. Objects without a pod spec pass.
 */
export function checkContainers(manifest: Manifest, check: (entry: ContainerEntry, pod: PodSpec) => string[]): string[] {
  const pod = podSpecOf(manifest);
  if (!pod) return [];
  return containersOf(pod).flatMap((entry) => check(entry, pod));
}

/**
 * Kubernetes label-selector semantics: every matchLabels pair and every matchExpression must hold.
 * An empty selector `{}` selects everything; an absent one selects nothing.
 */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const labelsMatch = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const expressionsMatch = (selector.matchExpressions ?? []).every((expression) => {
    const value = labels[expression.key];
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
        return value !== undefined && values.includes(value);
      case 'NotIn':
        return value === undefined || !values.includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        // An operator the API server would reject: match nothing rather than guess.
        return false;
    }
  });
  return labelsMatch && expressionsMatch;
}

/** Whether two objects live in the same namespace; an object without one is only with others without one. */
export function sameNamespace(a: Manifest, b: Manifest): boolean {
  return a.metadata.namespace === b.metadata.namespace;
}

/** Whether a PodDisruptionBudget of the workload's namespace selects its pods. */
export function coveredByDisruptionBudget(workload: Manifest, context: PolicyContext): boolean {
  const labels = podLabelsOf(workload);
  return context.manifests.some((candidate) => candidate.kind === 'PodDisruptionBudget' && sameNamespace(candidate, workload) && selects(candidate.spec?.selector, labels));
}

/**
 * Whether a Service sends to pods with these labels, as kube-score matches it: equality on each label of
 * its selector; an empty or absent selector selects nothing.
 */
export function serviceSelects(service: Manifest, labels: Record<string, string>): boolean {
  const selector: Record<string, string> = service.spec?.selector ?? {};
  return Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
}

const OBJECT_INDEXES = new WeakMap<readonly Manifest[], Map<string, Manifest>>();

/**
 * The object of `manifests` with this kind, name and namespace (the first one, as `find` would give).
 * The index is built once per list: a rule that looks one up per object would otherwise scan the whole
 * render each time, which grows with the square of the stack's size.
 */
export function findManifest(manifests: readonly Manifest[], kind: string, name: unknown, namespace: string | undefined): Manifest | undefined {
  let index = OBJECT_INDEXES.get(manifests);
  if (!index) {
    index = new Map();
    for (const manifest of manifests) {
      const key = `${manifest.kind}/${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`;
      if (!index.has(key)) index.set(key, manifest);
    }
    OBJECT_INDEXES.set(manifests, index);
  }
  return typeof name === 'string' ? index.get(`${kind}/${namespace ?? ''}/${name}`) : undefined;
}

/** Why a workload counts as replicated: its replica count, or the autoscaler that keeps it above one. */
export interface Replication {
  readonly replicas: number;
  /** Name of the HorizontalPodAutoscaler whose `minReplicas` is counted, when one is. */
  readonly autoscaler?: string;
}

/**
 * Whether a workload runs more than one pod: a HorizontalPodAutoscaler of its namespace targets it with
 * `minReplicas` above 1, or its own `replicas` is above 1 (absent means 1). Undefined for a single pod.
 */
export function replicationOf(workload: Manifest, context: PolicyContext): Replication | undefined {
  const autoscaler = context.manifests.find(
    (candidate) =>
      candidate.kind === 'HorizontalPodAutoscaler' &&
      sameNamespace(candidate, workload) &&
      candidate.spec?.scaleTargetRef?.kind === workload.kind &&
      candidate.spec?.scaleTargetRef?.name === workload.metadata.name &&
      (candidate.spec?.minReplicas ?? 1) > 1,
  );
  if (autoscaler) return { replicas: autoscaler.spec.minReplicas, autoscaler: autoscaler.metadata.name };
  const replicas: number = workload.spec?.replicas ?? 1;
  return replicas > 1 ? { replicas } : undefined;
}

/** `runs 3 replicas`, or `runs at least 2 replicas (HorizontalPodAutoscaler "web")`, to open a message. */
export function describeReplication(replication: Replication): string {
  return replication.autoscaler
    ? `runs at least ${replication.replicas} replicas (HorizontalPodAutoscaler "${replication.autoscaler}")`
    : `runs ${replication.replicas} replicas`;
}
