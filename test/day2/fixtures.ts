import { describeValue, findObject, homeNamespace, valueAt, type Manifest } from '../../lib/day2/objects';
import { checkChange, type ComparisonContext, type Day2Rule, type ObjectChange, type RuleFinding } from '../../lib/day2/rule';

/**
 * Small objects as a render writes them, built by hand: each call returns a fresh copy, so a test
 * changes exactly the field it is about on the "after" side.
 */

export const NAMESPACE = 'shop-prod';

function metadata(name: string, service = name): Manifest['metadata'] {
  return { name, namespace: NAMESPACE, labels: { 'app.kubernetes.io/name': service, 'app.kubernetes.io/instance': 'shop-prod' } };
}

function selector(service: string): any {
  return { matchLabels: { 'app.kubernetes.io/name': service, 'app.kubernetes.io/instance': 'shop-prod' } };
}

function podTemplate(service: string, mounts: any[] = [], volumes: any[] = []): any {
  return {
    metadata: { labels: { ...selector(service).matchLabels } },
    spec: {
      containers: [{ name: service, image: `example/${service}:1.0.0`, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...mounts] }],
      volumes: [{ name: 'tmp', emptyDir: {} }, ...volumes],
    },
  };
}

/** The environment's Namespace. */
export function namespace(name = NAMESPACE): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'app.kubernetes.io/instance': 'shop-prod' } } };
}

/** A database: one replica, its data on a claim template `data` of 100Gi. */
export function statefulSet(): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metadata('db'),
    spec: {
      replicas: 1,
      serviceName: 'db-headless',
      selector: selector('db'),
      template: podTemplate('db', [{ name: 'data', mountPath: '/var/lib/db' }]),
      volumeClaimTemplates: [
        { metadata: { name: 'data', labels: { 'app.kubernetes.io/name': 'db' } }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '100Gi' } } } },
      ],
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    },
  };
}

/** A web service of three replicas mounting the shared claim `uploads`. */
export function deployment(): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata('web'),
    spec: {
      replicas: 3,
      selector: selector('web'),
      template: podTemplate('web', [{ name: 'uploads', mountPath: '/app/uploads' }], [{ name: 'uploads', persistentVolumeClaim: { claimName: 'uploads' } }]),
    },
  };
}

export function claim(accessMode = 'ReadWriteMany'): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: metadata('uploads'),
    spec: { accessModes: [accessMode], storageClassName: 'files', resources: { requests: { storage: '20Gi' } } },
  };
}

export function service(type = 'ClusterIP'): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata('web'),
    spec: { type, selector: selector('web').matchLabels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

export function headlessService(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata('db-headless', 'db'),
    spec: { clusterIP: 'None', selector: selector('db').matchLabels, ports: [{ name: 'db', port: 5432 }] },
  };
}

/** A migration Job; `hook` makes it an Argo CD Sync hook recreated on every sync, as the stack's Jobs are. */
export function job(hook = false): Manifest {
  const template = podTemplate('migrate');
  template.spec.restartPolicy = 'Never';
  const manifest: Manifest = { apiVersion: 'batch/v1', kind: 'Job', metadata: metadata('migrate'), spec: { backoffLimit: 3, template } };
  if (hook) manifest.metadata.annotations = { 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' };
  return manifest;
}

export function autoscaler(target: Manifest, maxReplicas: number): Manifest {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(target.metadata.name),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: target.kind, name: target.metadata.name }, minReplicas: 1, maxReplicas },
  };
}

/** A deep copy, for the "after" side of a change. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** The context of a change, with the two renders made of the objects given (the change's own included). */
export function contextOf(change: ObjectChange, others: { before?: Manifest[]; after?: Manifest[] } = {}, replicableVolumes: string[] = []): ComparisonContext {
  const before = [...(change.before ? [change.before] : []), ...(others.before ?? [])];
  const after = [...(change.after ? [change.after] : []), ...(others.after ?? [])];
  return { environment: 'prod', before, after, replicableVolumes: new Set(replicableVolumes), namespace: homeNamespace(after) ?? homeNamespace(before) };
}

/**
 * A rule's findings for one change, after checking what every finding promises: `after` is the value
 * the named object of the new render holds at `field` (what tells an applied acknowledgement apart).
 */
export function findingsOf(rule: Day2Rule, change: ObjectChange, others: { before?: Manifest[]; after?: Manifest[] } = {}, replicableVolumes: string[] = []): RuleFinding[] {
  const context = contextOf(change, others, replicableVolumes);
  const findings = checkChange(rule, change, context);
  for (const finding of findings) {
    const named = findObject(context.after, finding.object, context.namespace);
    expect(describeValue(named && valueAt(named, finding.field))).toBe(finding.after);
  }
  return findings;
}
