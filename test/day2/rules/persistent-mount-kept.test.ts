import { persistentMountKept } from '../../../lib/day2/rules/persistent-mount-kept';
import { deployment, findingsOf, statefulSet } from '../fixtures';

describe('persistent-mount-kept', () => {
  test('flags a StatefulSet container that stops mounting its claim', () => {
    const after = statefulSet();
    after.spec.template.spec.containers[0].volumeMounts = [{ name: 'tmp', mountPath: '/tmp' }];
    expect(findingsOf(persistentMountKept, { before: statefulSet(), after })).toEqual([
      expect.objectContaining({
        field: 'spec.template.spec.containers[db].volumeMounts[data].mountPath',
        before: '/var/lib/db',
        after: '(none)',
        consequence: expect.stringContaining('lost on every restart'),
      }),
    ]);
  });

  test('flags a mount moved to another path, and a shared claim swapped for scratch space', () => {
    const moved = deployment();
    moved.spec.template.spec.containers[0].volumeMounts[1].mountPath = '/data/uploads';
    expect(findingsOf(persistentMountKept, { before: deployment(), after: moved })).toEqual([expect.objectContaining({ before: '/app/uploads', after: '/data/uploads' })]);
    const scratch = deployment();
    scratch.spec.template.spec.volumes[1] = { name: 'uploads', emptyDir: {} };
    expect(findingsOf(persistentMountKept, { before: deployment(), after: scratch })).toEqual([
      expect.objectContaining({ field: 'spec.template.spec.volumes[uploads].persistentVolumeClaim', after: '(none)' }),
    ]);
  });

  test('passes a scratch mount removed and a new image', () => {
    const after = deployment();
    after.spec.template.spec.containers[0].volumeMounts.shift();
    after.spec.template.spec.containers[0].image = 'example/web:2.0.0';
    expect(findingsOf(persistentMountKept, { before: deployment(), after })).toEqual([]);
  });
});
