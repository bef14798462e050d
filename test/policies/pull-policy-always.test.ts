import type { Manifest } from '../../lib/policies/policy';
import { pullPolicyAlways } from '../../lib/policies/pull-policy-always';
import { compliantDeployment, contextOf, initContainer, mainContainer } from './fixtures';

const check = (manifest: Manifest) => pullPolicyAlways.check(manifest, contextOf([manifest]));

describe('pull-policy-always', () => {
  test('passes containers pulled Always', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test("reports kube-score's documented example: image foo/bar:123 pulled Never (pod-image-pullpolicy-never)", () => {
    const pod: Manifest = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod-test-1' }, spec: { containers: [{ name: 'foobar', image: 'foo/bar:123', imagePullPolicy: 'Never' }] } };
    expect(check(pod)).toEqual(['container "foobar" pulls image "foo/bar:123" with imagePullPolicy Never: set Always so the registry checks the pull credentials']);
  });

  test('reports IfNotPresent and an unset policy, as the project pulls pinned tags', () => {
    const deployment = compliantDeployment();
    initContainer(deployment).imagePullPolicy = 'IfNotPresent';
    delete mainContainer(deployment).imagePullPolicy;
    expect(check(deployment)).toEqual([
      'init container "wait-for-db" pulls image "busybox:1.36.1" with imagePullPolicy IfNotPresent: set Always so the registry checks the pull credentials',
      'container "backend" pulls image "ghcr.io/example/backend:1.0.0" with imagePullPolicy (unset): set Always so the registry checks the pull credentials',
    ]);
  });
});
