import type { Manifest } from '../../lib/policies/policy';
import { probesSet } from '../../lib/policies/probes-set';
import { compliantCronJob, compliantDaemonSet, compliantDeployment, compliantJob, compliantPod, compliantStatefulSet, contextOf, mainContainer } from './fixtures';

const check = (manifest: Manifest) => probesSet.check(manifest, contextOf([manifest]));
const NO_READINESS = 'container "backend" has no readinessProbe: add one so its Service sends requests only to a ready pod';
const NO_LIVENESS = 'container "backend" has no livenessProbe: add one so a hung process is restarted';

describe('probes-set', () => {
  test('passes a Deployment whose main container has both probes and whose init container has none', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('reports a DaemonSet and a bare Pod without probes, as Polaris and kube-score skip only Jobs and CronJobs', () => {
    for (const workload of [compliantDaemonSet(), compliantPod()]) {
      delete mainContainer(workload).livenessProbe;
      expect(check(workload)).toEqual(['container "backend" has no livenessProbe: add one so a hung process is restarted']);
    }
  });

  test('reports a main container without a readinessProbe', () => {
    const deployment = compliantDeployment();
    delete mainContainer(deployment).readinessProbe;
    expect(check(deployment)).toEqual([NO_READINESS]);
  });

  test('reports a main container without a livenessProbe', () => {
    const deployment = compliantDeployment();
    delete mainContainer(deployment).livenessProbe;
    expect(check(deployment)).toEqual([NO_LIVENESS]);
  });

  test('reports both missing probes of a StatefulSet container', () => {
    const statefulSet = compliantStatefulSet();
    delete mainContainer(statefulSet).readinessProbe;
    delete mainContainer(statefulSet).livenessProbe;
    expect(check(statefulSet)).toEqual([NO_READINESS, NO_LIVENESS]);
  });

  test.each([compliantJob(), compliantCronJob()].map((workload) => [workload.kind, workload]))(
    'does not ask the container of a %s, which is meant to exit, for probes',
    (_kind, workload) => {
      delete mainContainer(workload).readinessProbe;
      delete mainContainer(workload).livenessProbe;
      expect(check(workload)).toEqual([]);
    },
  );

  test("reports kube-score's documented example: a Deployment whose container has no probe at all (pod-probes-all-missing)", () => {
    const deployment = compliantDeployment();
    const container = mainContainer(deployment);
    delete container.readinessProbe;
    delete container.livenessProbe;
    expect(check(deployment)).toEqual([NO_READINESS, NO_LIVENESS]);
  });
});
