import { Testing } from 'cdk8s';
import { StatefulService } from '../../lib/constructs/stateful-service';
import { kubernetesSchemaProblems } from '../support/kubernetes-schema';
import { CONTEXT, databaseModel, only, rendered, volumeModel } from '../support/model-builder';

const data = volumeModel('pgdata', { size: '20Gi', storageClass: 'fast-rwo' });
const postgres = databaseModel('postgres', data);

describe('StatefulService', () => {
  const chart = Testing.chart();
  new StatefulService(chart, 'postgres', { service: postgres, context: CONTEXT, claimAnnotations: { keep: 'yes' } });
  const objects = rendered(chart);
  const statefulSet = only(objects, 'StatefulSet', 'postgres');

  test('renders its ServiceAccount, headless governing Service, StatefulSet and client Service, all valid', () => {
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/postgres',
      'Service/postgres-headless',
      'StatefulSet/postgres',
      'Service/postgres',
    ]);
    expect(statefulSet.spec.template.spec.serviceAccountName).toBe('postgres');
    expect(statefulSet.spec.serviceName).toBe('postgres-headless');
    expect(only(objects, 'Service', 'postgres-headless').spec.clusterIP).toBe('None');
    for (const object of objects) expect(kubernetesSchemaProblems(object, '1.27')).toEqual([]);
  });

  test('gives each replica its own claim from the volume in its model, and keeps the claims on delete and scale-down', () => {
    expect(statefulSet.spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'pgdata', labels: expect.objectContaining({ 'app.kubernetes.io/name': 'postgres' }), annotations: { keep: 'yes' } },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast-rwo', resources: { requests: { storage: '20Gi' } } },
      },
    ]);
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    // The claim template is the pod's volume: none is declared for it.
    expect(statefulSet.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'pgdata', mountPath: '/var/lib/postgresql/data' });
    expect(statefulSet.spec.template.spec.volumes.map((volume: any) => volume.name)).not.toContain('pgdata');
  });

  test('a replicated service gets a disruption budget whose size is a prop; a single one none', () => {
    expect(objects.some((object) => object.kind === 'PodDisruptionBudget')).toBe(false);
    const replicated = Testing.chart();
    new StatefulService(replicated, 'postgres', { service: { ...postgres, replicas: 3 }, context: CONTEXT, maxUnavailableInDisruption: 2 });
    expect(only(rendered(replicated), 'PodDisruptionBudget', 'postgres').spec.maxUnavailable).toBe(2);
  });
});
