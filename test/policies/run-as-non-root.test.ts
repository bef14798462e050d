import { runAsNonRoot } from '../../lib/policies/run-as-non-root';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, compliantWorkloadsOfEveryKind, contextOf, initContainer, mainContainer, podSpec, kubeLinterSamplePod } from './fixtures';

const check = (manifest: Manifest) => runAsNonRoot.check(manifest, contextOf([manifest]));

describe('run-as-non-root', () => {
  test('passes a Deployment whose pod sets runAsNonRoot and a non-zero runAsUser', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('passes containers that set both themselves when the pod sets neither', () => {
    const deployment = compliantDeployment();
    podSpec(deployment).securityContext = {};
    for (const container of [initContainer(deployment), mainContainer(deployment)]) {
      Object.assign(container.securityContext, { runAsNonRoot: true, runAsUser: 1000 });
    }
    expect(check(deployment)).toEqual([]);
  });

  test('reports every container when neither pod nor container sets runAsNonRoot', () => {
    const deployment = compliantDeployment();
    delete podSpec(deployment).securityContext.runAsNonRoot;
    expect(check(deployment)).toEqual([
      'init container "wait-for-db" may run as root: set runAsNonRoot: true on the pod or the container',
      'container "backend" may run as root: set runAsNonRoot: true on the pod or the container',
    ]);
  });

  test("reports a container's runAsNonRoot: false although the pod sets true (the container wins)", () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).securityContext.runAsNonRoot = false;
    expect(check(deployment)).toEqual(['container "backend" may run as root: set runAsNonRoot: true on the pod or the container']);
  });

  test('reports a container with no runAsUser on the pod or the container', () => {
    const deployment = compliantDeployment();
    delete podSpec(deployment).securityContext.runAsUser;
    mainContainer(deployment).securityContext.runAsUser = 1000;
    expect(check(deployment)).toEqual(['init container "wait-for-db" has no runAsUser: set a non-zero runAsUser on the pod or the container']);
  });

  test("reports a container's runAsUser 0 although the pod sets a non-zero one", () => {
    const deployment = compliantDeployment();
    initContainer(deployment).securityContext.runAsUser = 0;
    expect(check(deployment)).toEqual(['init container "wait-for-db" runs as user 0 (root): set a non-zero runAsUser']);
  });

  test.each(compliantWorkloadsOfEveryKind().map((workload) => [workload.kind, workload]))('checks the containers of a %s', (_kind, workload) => {
    mainContainer(workload).securityContext.runAsNonRoot = false;
    expect(check(workload)).toEqual(['container "backend" may run as root: set runAsNonRoot: true on the pod or the container']);
  });

  test("reports kube-linter's documented sample pod: user 1000 but no runAsNonRoot (run-as-non-root)", () => {
    expect(check(kubeLinterSamplePod())).toEqual(['container "sec-ctx-demo" may run as root: set runAsNonRoot: true on the pod or the container']);
  });
});
