import { explicitlyUnprivileged } from '../../lib/policies/explicitly-unprivileged';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, compliantWorkloadsOfEveryKind, contextOf, initContainer, mainContainer } from './fixtures';

const check = (manifest: Manifest) => explicitlyUnprivileged.check(manifest, contextOf([manifest]));

describe('explicitly-unprivileged', () => {
  test('passes containers that set privileged: false', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test("reports kube-score's documented example: a container with no privileged setting, which kube-score counts as privileged", () => {
    const deployment = compliantDeployment();
    delete mainContainer(deployment).securityContext.privileged;
    expect(check(deployment)).toEqual(['container "backend" does not set privileged: false: set it explicitly']);
  });

  test('reports privileged: true and a container without any security context', () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).securityContext.privileged = true;
    delete initContainer(deployment).securityContext;
    expect(check(deployment)).toEqual([
      'init container "wait-for-db" does not set privileged: false: set it explicitly',
      'container "backend" does not set privileged: false: set it explicitly',
    ]);
  });

  test.each(compliantWorkloadsOfEveryKind().map((workload) => [workload.kind, workload]))('checks the containers of a %s', (_kind, workload) => {
    delete mainContainer(workload).securityContext.privileged;
    expect(check(workload)).toHaveLength(1);
  });
});
