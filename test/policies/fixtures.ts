import type { Manifest, PolicyContext } from '../../lib/policies/policy';

/**
 * Minimal objects that pass every policy. Each call returns a fresh copy, so a test mutates exactly the
 * field it is about and everything else stays compliant.
 */

export const NAMESPACE = 'tramites-prod';

export const POD_LABELS = {
  'app.kubernetes.io/name': 'backend',
  'app.kubernetes.io/instance': 'tramites-prod',
};

function selector(): any {
  return { matchLabels: { ...POD_LABELS } };
}

function compliantContainer(name: string, image: string): any {
  return {
    name,
    image,
    imagePullPolicy: 'Always',
    securityContext: {
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    resources: {
      requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { cpu: '1', memory: '512Mi', 'ephemeral-storage': '256Mi' },
    },
  };
}

/** A pod spec that meets the restricted profile, with one init container and one main container. */
export function compliantPodSpec(): any {
  return {
    serviceAccountName: 'backend',
    automountServiceAccountToken: false,
    priorityClassName: 'tramites-serving',
    securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    initContainers: [compliantContainer('wait-for-db', 'busybox:1.36.1')],
    containers: [
      {
        ...compliantContainer('backend', 'ghcr.io/example/backend:1.0.0'),
        ports: [{ name: 'http', containerPort: 8000 }],
        readinessProbe: { httpGet: { path: '/health', port: 'http' } },
        livenessProbe: { tcpSocket: { port: 'http' } },
      },
    ],
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector() },
    ],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: selector() } }],
      },
    },
    volumes: [{ name: 'uploads', emptyDir: {} }],
  };
}

/** An object's own labels: its service, and Polaris' wish that the instance label equal the object's name. */
function metadata(name: string): Manifest['metadata'] {
  return { name, namespace: NAMESPACE, labels: { ...POD_LABELS, 'app.kubernetes.io/instance': name } };
}

function podTemplate(): any {
  return { metadata: { labels: { ...POD_LABELS } }, spec: compliantPodSpec() };
}

/** Three replicas, rolled out without losing capacity, spread over nodes. */
export function compliantDeployment(): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata('backend'),
    spec: {
      replicas: 3,
      selector: selector(),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: podTemplate(),
    },
  };
}

export function compliantStatefulSet(): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metadata('backend'),
    spec: { replicas: 3, serviceName: 'backend', selector: selector(), template: podTemplate() },
  };
}

export function compliantDaemonSet(): Manifest {
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: metadata('backend'), spec: { selector: selector(), template: podTemplate() } };
}

export function compliantJob(): Manifest {
  const template = podTemplate();
  template.spec.restartPolicy = 'Never';
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: metadata('backend-migrate'), spec: { template } };
}

export function compliantCronJob(): Manifest {
  const template = podTemplate();
  template.spec.restartPolicy = 'Never';
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata('backend-cleanup'),
    spec: { schedule: '0 3 * * *', startingDeadlineSeconds: 300, jobTemplate: { spec: { template } } },
  };
}

export function compliantPod(): Manifest {
  return { apiVersion: 'v1', kind: 'Pod', metadata: metadata('backend-debug'), spec: compliantPodSpec() };
}

/** Every kind that runs pods, built from the same compliant pod spec. */
export function compliantWorkloadsOfEveryKind(): Manifest[] {
  return [compliantDeployment(), compliantStatefulSet(), compliantDaemonSet(), compliantJob(), compliantCronJob(), compliantPod()];
}

export function compliantServiceAccount(): Manifest {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata('backend'), automountServiceAccountToken: false };
}

export function compliantPodDisruptionBudget(): Manifest {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata('backend'),
    spec: { maxUnavailable: 1, selector: selector(), unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  };
}

export function compliantNetworkPolicy(): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata('backend'),
    spec: {
      podSelector: selector(),
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nginx' } } }] }],
      egress: [{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } } }] }],
    },
  };
}

export function autoscaler(target: Manifest, minReplicas: number): Manifest {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(target.metadata.name),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: target.kind, name: target.metadata.name }, minReplicas, maxReplicas: 10 },
  };
}

export function compliantService(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata('backend'),
    spec: { selector: { ...POD_LABELS }, ports: [{ name: 'http', port: 8000, targetPort: 'http' }] },
  };
}

/** The objects that make a Deployment compliant together: the Deployment, its ServiceAccount, Service, PDB and NetworkPolicy. */
export function compliantEnvironment(): Manifest[] {
  return [compliantDeployment(), compliantServiceAccount(), compliantService(), compliantPodDisruptionBudget(), compliantNetworkPolicy()];
}

export function contextOf(manifests: readonly Manifest[], environment = 'prod'): PolicyContext {
  return { environment, manifests, production: true };
}

/** The pod spec of a workload built by these fixtures, for tests to mutate. */
export function podSpec(workload: Manifest): any {
  if (workload.kind === 'Pod') return workload.spec;
  if (workload.kind === 'CronJob') return workload.spec.jobTemplate.spec.template.spec;
  return workload.spec.template.spec;
}

/** The main container of a workload built by these fixtures. */
export function mainContainer(workload: Manifest): any {
  return podSpec(workload).containers[0];
}

/** The init container of a workload built by these fixtures. */
export function initContainer(workload: Manifest): any {
  return podSpec(workload).initContainers[0];
}

/**
 * The sample pod of kube-linter's own documentation (its README lints it): user 1000 and group 3000 but no
 * runAsNonRoot, a writable root, requests without limits, an untagged busybox.
 */
export function kubeLinterSamplePod(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'security-context-demo' },
    spec: {
      securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000 },
      volumes: [{ name: 'sec-ctx-vol', emptyDir: {} }],
      containers: [
        {
          name: 'sec-ctx-demo',
          image: 'busybox',
          resources: { requests: { memory: '64Mi', cpu: '250m' } },
          command: ['sh', '-c', 'sleep 1h'],
          volumeMounts: [{ name: 'sec-ctx-vol', mountPath: '/data/demo' }],
          securityContext: { allowPrivilegeEscalation: false },
        },
      ],
    },
  };
}
