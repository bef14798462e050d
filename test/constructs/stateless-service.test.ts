import { Testing } from 'cdk8s';
import { StatelessService } from '../../lib/constructs/stateless-service';
import { WorkloadServiceAccount } from '../../lib/constructs/workload-service-account';
import { SharedVolume } from '../../lib/constructs/shared-volume';
import { kubernetesSchemaProblems } from '../support/kubernetes-schema';
import { CONTEXT, only, rendered, serviceModel, volumeModel } from '../support/model-builder';

const uploads = volumeModel('uploads', { accessMode: 'ReadWriteMany', storageClass: 'files-rwx' });
const web = serviceModel('web', {
  replicas: 3,
  mounts: [{ kind: 'volume', volume: 'uploads', path: '/srv/uploads', readOnly: false }],
  volumes: [uploads],
});

describe('StatelessService', () => {
  test('renders its ServiceAccount, shared claim, Deployment, budget and Service, all valid, the pods naming what exists', () => {
    const chart = Testing.chart();
    new StatelessService(chart, 'web', { service: web, context: CONTEXT });
    const objects = rendered(chart);
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/web',
      'PersistentVolumeClaim/uploads',
      'Deployment/web',
      'PodDisruptionBudget/web',
      'Service/web',
    ]);
    const pod = only(objects, 'Deployment', 'web').spec.template.spec;
    expect(pod.serviceAccountName).toBe('web');
    expect(only(objects, 'ServiceAccount', 'web').automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toContainEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'uploads' } });
    expect(only(objects, 'PersistentVolumeClaim', 'uploads').spec).toEqual({ accessModes: ['ReadWriteMany'], storageClassName: 'files-rwx', resources: { requests: { storage: '5Gi' } } });
    for (const object of objects) expect(kubernetesSchemaProblems(object, '1.34')).toEqual([]);
  });

  test('rolls out one extra pod at a time, never below the desired count, and lets a drain take one pod, unless told otherwise', () => {
    const defaults = Testing.chart();
    new StatelessService(defaults, 'web', { service: web, context: CONTEXT });
    expect(only(rendered(defaults), 'Deployment', 'web').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(only(rendered(defaults), 'PodDisruptionBudget', 'web').spec.maxUnavailable).toBe(1);

    const chosen = Testing.chart();
    new StatelessService(chosen, 'web', { service: web, context: CONTEXT, rollout: { maxSurge: 2, maxUnavailable: 1 }, maxUnavailableInDisruption: 2 });
    expect(only(rendered(chosen), 'Deployment', 'web').spec.strategy.rollingUpdate).toEqual({ maxSurge: 2, maxUnavailable: 1 });
    expect(only(rendered(chosen), 'PodDisruptionBudget', 'web').spec.maxUnavailable).toBe(2);
    expect(() => new StatelessService(Testing.chart(), 'web', { service: web, context: CONTEXT, rollout: { maxSurge: 0 } })).toThrow('can replace no pod');
  });

  test('uses the ServiceAccount and claims it is given instead of making its own', () => {
    const chart = Testing.chart();
    const serviceAccount = new WorkloadServiceAccount(chart, 'account', { service: 'web', labels: {} });
    const claim = new SharedVolume(chart, 'uploads', { volume: uploads, labels: {} });
    new StatelessService(chart, 'web', { service: web, context: CONTEXT, serviceAccount, sharedVolumes: [claim] });
    const kinds = rendered(chart).map((object) => object.kind);
    expect(kinds.filter((kind) => kind === 'ServiceAccount')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'PersistentVolumeClaim')).toHaveLength(1);
  });

  test('refuses given shared volumes that miss one it mounts, and a volume it would have to own', () => {
    expect(() => new StatelessService(Testing.chart(), 'web', { service: web, context: CONTEXT, sharedVolumes: [] })).toThrow(
      'service "web" mounts the shared volume "uploads", which sharedVolumes does not hold',
    );
    const owning = serviceModel('cache', { mounts: [{ kind: 'volume', volume: 'data', path: '/data', readOnly: false }], volumes: [volumeModel('data')] });
    expect(() => new StatelessService(Testing.chart(), 'cache', { service: owning, context: CONTEXT })).toThrow('use StatefulService');
    const undescribed = serviceModel('web', { mounts: [{ kind: 'volume', volume: 'data', path: '/data', readOnly: false }] });
    expect(() => new StatelessService(Testing.chart(), 'web', { service: undescribed, context: CONTEXT })).toThrow('mounts volume "data", which its model\'s volumes do not describe');
  });

  test('a LoadBalancer keeps the client address; a ClusterIP Service is the default', () => {
    const chart = Testing.chart();
    new StatelessService(chart, 'web', { service: serviceModel('web'), context: CONTEXT, serviceType: 'LoadBalancer' });
    new StatelessService(chart, 'api', { service: serviceModel('api'), context: CONTEXT });
    expect(only(rendered(chart), 'Service', 'web').spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    expect(only(rendered(chart), 'Service', 'api').spec.type).toBe('ClusterIP');
    expect(only(rendered(chart), 'Service', 'api').spec.externalTrafficPolicy).toBeUndefined();
  });
});
