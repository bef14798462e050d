import type { Manifest } from '../../lib/policies/policy';
import { readOnlyRootFilesystem } from '../../lib/policies/read-only-root-filesystem';
import { compliantDeployment, contextOf, initContainer, mainContainer, kubeLinterSamplePod } from './fixtures';

const check = (manifest: Manifest) => readOnlyRootFilesystem.check(manifest, contextOf([manifest]));
const MESSAGE = 'can write to its root filesystem: set readOnlyRootFilesystem: true and mount an emptyDir where it must write';

describe('read-only-root-filesystem', () => {
  test('passes containers with readOnlyRootFilesystem: true', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('reports a container that sets readOnlyRootFilesystem: false', () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).securityContext.readOnlyRootFilesystem = false;
    expect(check(deployment)).toEqual([`container "backend" ${MESSAGE}`]);
  });

  test('reports an init container that leaves it unset', () => {
    const deployment = compliantDeployment();
    delete initContainer(deployment).securityContext.readOnlyRootFilesystem;
    expect(check(deployment)).toEqual([`init container "wait-for-db" ${MESSAGE}`]);
  });

  test("reports kube-linter's documented sample pod, whose root is writable (no-read-only-root-fs)", () => {
    expect(check(kubeLinterSamplePod())).toEqual([
      'container "sec-ctx-demo" can write to its root filesystem: set readOnlyRootFilesystem: true and mount an emptyDir where it must write',
    ]);
  });
});
