import type { Manifest } from '../../lib/policies/policy';
import { seccompRuntimeDefault } from '../../lib/policies/seccomp-runtime-default';
import { compliantDeployment, contextOf, initContainer, mainContainer, podSpec, kubeLinterSamplePod } from './fixtures';

const check = (manifest: Manifest) => seccompRuntimeDefault.check(manifest, contextOf([manifest]));

describe('seccomp-runtime-default', () => {
  test('passes a pod with seccomp profile RuntimeDefault', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('passes a pod without a profile whose every container sets Localhost or RuntimeDefault', () => {
    const deployment = compliantDeployment();
    delete podSpec(deployment).securityContext.seccompProfile;
    initContainer(deployment).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/wait.json' };
    mainContainer(deployment).securityContext.seccompProfile = { type: 'RuntimeDefault' };
    expect(check(deployment)).toEqual([]);
  });

  test('reports each container without a profile when the pod has none', () => {
    const deployment = compliantDeployment();
    delete podSpec(deployment).securityContext.seccompProfile;
    mainContainer(deployment).securityContext.seccompProfile = { type: 'RuntimeDefault' };
    expect(check(deployment)).toEqual([
      'init container "wait-for-db" has no seccomp profile: set seccompProfile type RuntimeDefault on the pod or the container',
    ]);
  });

  test("reports a container's Unconfined profile although the pod sets RuntimeDefault", () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).securityContext.seccompProfile = { type: 'Unconfined' };
    expect(check(deployment)).toEqual(['container "backend" runs under seccomp profile Unconfined: use RuntimeDefault or Localhost']);
  });

  test('reports every container of a pod whose profile is Unconfined', () => {
    const deployment = compliantDeployment();
    podSpec(deployment).securityContext.seccompProfile = { type: 'Unconfined' };
    expect(check(deployment)).toEqual([
      'init container "wait-for-db" runs under seccomp profile Unconfined: use RuntimeDefault or Localhost',
      'container "backend" runs under seccomp profile Unconfined: use RuntimeDefault or Localhost',
    ]);
  });

  test("reports kube-score's documented failure, a pod with no seccomp profile at all (container-seccomp-profile)", () => {
    expect(check(kubeLinterSamplePod())).toEqual([
      'container "sec-ctx-demo" has no seccomp profile: set seccompProfile type RuntimeDefault on the pod or the container',
    ]);
  });
});
