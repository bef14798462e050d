import { find, loadEnvironment, synthModel } from '../support/project';

describe('StatefulService', () => {
  const manifests = synthModel(loadEnvironment('prod'));
  const db = find(manifests, 'StatefulSet', 'db');

  test('gives each replica its own claim, sized and classed from the environment settings', () => {
    expect(db.spec.volumeClaimTemplates).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'db-data' }),
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'premium-rwo', resources: { requests: { storage: '100Gi' } } },
      }),
    ]);
  });

  test('keeps the claims when the StatefulSet is deleted or scaled down', () => {
    expect(db.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('mounts the claim template at the compose volume path and declares no pod volume for it', () => {
    const container = db.spec.template.spec.containers[0];
    expect(container.volumeMounts).toEqual([
      { name: 'db-data', mountPath: '/var/opt/mssql' },
      { name: 'db-backup', mountPath: '/var/opt/mssql/backup' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(db.spec.template.spec.volumes).toEqual([{ name: 'db-backup', persistentVolumeClaim: { claimName: 'db-backup' } }, { name: 'tmp', emptyDir: {} }]);
  });

  test('mounts the standalone backup claim through the pod template, never as a claim template (those cannot change on a live StatefulSet)', () => {
    expect(db.spec.volumeClaimTemplates.map((template: any) => template.metadata.name)).toEqual(['db-data']);
    const dev = find(synthModel(loadEnvironment('dev')), 'StatefulSet', 'db');
    expect(dev.spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });

  test('selects the same pods from the headless governing Service and the client Service', () => {
    const selector = db.spec.selector.matchLabels;
    expect(find(manifests, 'Service', 'db-headless').spec.selector).toEqual(selector);
    expect(find(manifests, 'Service', 'db').spec.selector).toEqual(selector);
  });
});
