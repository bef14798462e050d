import { Testing } from 'cdk8s';
import { ServiceJob } from '../../lib/constructs/service-job';
import { StatelessService } from '../../lib/constructs/stateless-service';
import { kubernetesSchemaProblems } from '../support/kubernetes-schema';
import { CONTEXT, jobModel, only, rendered, serviceModel, volumeModel } from '../support/model-builder';

const api = serviceModel('api', {
  environment: [{ name: 'DB_PASSWORD', secretKey: 'db-password' }],
  secretName: 'shop-secrets',
  envFrom: [{ configMap: 'shop-env' }],
  mounts: [{ kind: 'volume', volume: 'media', path: '/srv/media', readOnly: false }],
  volumes: [volumeModel('media', { accessMode: 'ReadWriteMany', storageClass: 'files-rwx' })],
});
const migrate = jobModel('api-migrate', api, { command: ['./manage', 'migrate'], waitsFor: [{ service: 'db', port: 5432 }] });

describe('ServiceJob', () => {
  test("runs the step in the service's pod: its image, variables, Secret, mounts and resources, without probes or ports, after waiting for what it connects to", () => {
    const chart = Testing.chart();
    new ServiceJob(chart, 'migrate', { job: migrate, service: api, context: CONTEXT });
    const objects = rendered(chart);
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(['ServiceAccount/api', 'PersistentVolumeClaim/media', 'Job/api-migrate']);
    const pod = only(objects, 'Job', 'api-migrate').spec.template.spec;
    const [container] = pod.containers;
    expect(container.command).toEqual(['./manage', 'migrate']);
    expect(container.env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-secrets', key: 'db-password' } } }]);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'shop-env' } }]);
    expect(container.readinessProbe ?? container.livenessProbe ?? container.ports).toBeUndefined();
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.serviceAccountName).toBe('api');
    expect(pod.initContainers.map((init: any) => init.name)).toEqual(['wait-for-db']);
    expect(pod.initContainers[0].command[2]).toContain('nc -z -w 2 db 5432');
    for (const object of objects) expect(kubernetesSchemaProblems(object, '1.34')).toEqual([]);
  });

  test('retries 3 times, runs at most an hour and stays a day by default; each limit is a prop', () => {
    const chart = Testing.chart();
    new ServiceJob(chart, 'migrate', { job: migrate, service: api, context: CONTEXT });
    new ServiceJob(chart, 'seed', { job: { ...migrate, name: 'api-seed' }, service: api, context: CONTEXT, limits: { backoffLimit: 0, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 60 } });
    expect(only(rendered(chart), 'Job', 'api-migrate').spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 86400 });
    expect(only(rendered(chart), 'Job', 'api-seed').spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 60 });
  });

  test('runs the earlier steps again first, in its own container settings', () => {
    const chart = Testing.chart();
    const seed = { ...migrate, name: 'api-seed', command: ['./manage', 'seed'] };
    new ServiceJob(chart, 'seed', { job: seed, service: api, context: CONTEXT, precedingSteps: [migrate] });
    const pod = only(rendered(chart), 'Job', 'api-seed').spec.template.spec;
    expect(pod.initContainers.map((init: any) => [init.name, init.command])).toEqual([
      ['wait-for-db', expect.any(Array)],
      ['api-migrate', ['./manage', 'migrate']],
    ]);
    expect(pod.initContainers[1].envFrom).toEqual(pod.containers[0].envFrom);
  });

  test("shares the service workload's ServiceAccount and claims when given them, so nothing is made twice", () => {
    const chart = Testing.chart();
    const workload = new StatelessService(chart, 'api', { service: api, context: CONTEXT });
    new ServiceJob(chart, 'migrate', { job: migrate, service: api, context: CONTEXT, ...workload.references });
    const names = rendered(chart).map((object) => `${object.kind}/${object.metadata.name}`);
    expect(names.filter((name) => name.startsWith('ServiceAccount/') || name.startsWith('PersistentVolumeClaim/'))).toEqual(['ServiceAccount/api', 'PersistentVolumeClaim/media']);
  });

  test("refuses the model of another service than the job's", () => {
    expect(() => new ServiceJob(Testing.chart(), 'migrate', { job: migrate, service: serviceModel('web'), context: CONTEXT })).toThrow(
      'job "api-migrate" runs the code of "api", not of "web"',
    );
  });
});
