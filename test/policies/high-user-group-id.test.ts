import { highUserGroupId } from '../../lib/policies/high-user-group-id';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, contextOf, initContainer, mainContainer, podSpec } from './fixtures';

const check = (manifest: Manifest) => highUserGroupId.check(manifest, contextOf([manifest]));

describe('high-user-group-id', () => {
  test('passes a pod that runs as user and group 10001', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test("reports the Kubernetes documentation's security-context-demo pod: user 1000 and group 3000", () => {
    const deployment = compliantDeployment();
    Object.assign(podSpec(deployment).securityContext, { runAsUser: 1000, runAsGroup: 3000 });
    expect(check(deployment)).toEqual([
      'init container "wait-for-db" runs as user 1000: use a user id of at least 10000',
      'init container "wait-for-db" runs as group 3000: use a group id of at least 10000',
      'container "backend" runs as user 1000: use a user id of at least 10000',
      'container "backend" runs as group 3000: use a group id of at least 10000',
    ]);
  });

  test("reports kube-score's own test case: the pod's ids are 20000, the container's own 4 and 5", () => {
    const deployment = compliantDeployment();
    Object.assign(podSpec(deployment).securityContext, { runAsUser: 20000, runAsGroup: 20000 });
    Object.assign(mainContainer(deployment).securityContext, { runAsUser: 4, runAsGroup: 5 });
    expect(check(deployment)).toEqual([
      'container "backend" runs as user 4: use a user id of at least 10000',
      'container "backend" runs as group 5: use a group id of at least 10000',
    ]);
  });

  test('accepts 10000 and reports 9999, as kube-score counts an id below 10000 as low', () => {
    const atBoundary = compliantDeployment();
    Object.assign(podSpec(atBoundary).securityContext, { runAsUser: 10000, runAsGroup: 10000 });
    expect(check(atBoundary)).toEqual([]);
    const below = compliantDeployment();
    Object.assign(podSpec(below).securityContext, { runAsUser: 9999, runAsGroup: 10000 });
    expect(check(below)).toEqual([
      'init container "wait-for-db" runs as user 9999: use a user id of at least 10000',
      'container "backend" runs as user 9999: use a user id of at least 10000',
    ]);
  });

  test("a container's own ids win over the pod's, either way", () => {
    const deployment = compliantDeployment();
    Object.assign(initContainer(deployment).securityContext, { runAsUser: 65534, runAsGroup: 65534 });
    Object.assign(mainContainer(deployment).securityContext, { runAsUser: 999 });
    expect(check(deployment)).toEqual(['container "backend" runs as user 999: use a user id of at least 10000']);
  });

  test('reports ids set nowhere', () => {
    const deployment = compliantDeployment();
    podSpec(deployment).securityContext = {};
    expect(check(deployment)).toContain('container "backend" runs as user (unset): use a user id of at least 10000');
  });
});
