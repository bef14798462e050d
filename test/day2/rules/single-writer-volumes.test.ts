import { singleWriterVolumes } from '../../../lib/day2/rules/single-writer-volumes';
import { autoscaler, claim, deployment, findingsOf, statefulSet } from '../fixtures';

describe('single-writer-volumes', () => {
  test('flags a database StatefulSet scaled to two: the second replica gets its own, empty claim', () => {
    const after = statefulSet();
    after.spec.replicas = 2;
    expect(findingsOf(singleWriterVolumes, { before: statefulSet(), after })).toEqual([
      expect.objectContaining({
        object: 'StatefulSet/db',
        field: 'spec.replicas',
        before: '1',
        after: '2',
        consequence: expect.stringContaining('a second, independent copy of the data behind the same Service'),
        procedure: expect.stringContaining('volumes.<name>.replicable: true'),
      }),
    ]);
  });

  test('flags a Deployment sharing a ReadWriteOnce claim, and an autoscaler that may scale the database', () => {
    const web = deployment();
    expect(findingsOf(singleWriterVolumes, { after: web }, { after: [claim('ReadWriteOnce')] })).toEqual([expect.objectContaining({ consequence: expect.stringContaining('Multi-Attach') })]);
    const hpa = autoscaler(statefulSet(), 3);
    expect(findingsOf(singleWriterVolumes, { after: hpa }, { after: [statefulSet()] })).toEqual([expect.objectContaining({ object: 'HorizontalPodAutoscaler/db', field: 'spec.maxReplicas' })]);
  });

  test('passes a volume declared replicable, a ReadWriteMany claim, one replica, and a count that was already above one', () => {
    const scaled = statefulSet();
    scaled.spec.replicas = 3;
    expect(findingsOf(singleWriterVolumes, { before: statefulSet(), after: scaled }, {}, ['data'])).toEqual([]);
    expect(findingsOf(singleWriterVolumes, { after: deployment() }, { after: [claim('ReadWriteMany')] })).toEqual([]);
    expect(findingsOf(singleWriterVolumes, { after: statefulSet() })).toEqual([]);
    expect(findingsOf(singleWriterVolumes, { before: scaled, after: scaled })).toEqual([]);
  });
});
