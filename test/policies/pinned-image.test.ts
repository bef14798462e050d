import { imageReference, pinnedImage } from '../../lib/policies/pinned-image';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, contextOf, mainContainer } from './fixtures';

const check = (manifest: Manifest) => pinnedImage.check(manifest, contextOf([manifest]));
const DIGEST = 'sha256:' + 'a'.repeat(64);

function deploymentRunning(image: string, imagePullPolicy?: string): Manifest {
  const deployment = compliantDeployment();
  Object.assign(mainContainer(deployment), { image, imagePullPolicy });
  return deployment;
}

describe('imageReference', () => {
  test.each([
    ['nginx', {}],
    ['nginx:1.25', { tag: '1.25' }],
    ['registry.example:5000/team/app', {}],
    ['registry.example:5000/team/app:2.0', { tag: '2.0' }],
    [`nginx@${DIGEST}`, { digest: DIGEST }],
    [`nginx:1.25@${DIGEST}`, { tag: '1.25', digest: DIGEST }],
  ])('reads %s', (image, expected) => {
    expect(imageReference(image)).toEqual({ tag: undefined, digest: undefined, ...expected });
  });
});

describe('pinned-image', () => {
  test('passes version-tagged images', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('passes an image pinned by digest and pulled Never', () => {
    expect(check(deploymentRunning(`ghcr.io/example/backend@${DIGEST}`, 'Never'))).toEqual([]);
  });

  test('passes a pinned image without imagePullPolicy, which the API server sets to IfNotPresent', () => {
    expect(check(deploymentRunning('ghcr.io/example/backend:1.0.0'))).toEqual([]);
  });

  test('reports an image without a tag', () => {
    expect(check(deploymentRunning('registry.example:5000/backend'))).toEqual([
      'container "backend" image "registry.example:5000/backend" has no tag: pin a version tag or a digest',
    ]);
  });

  test('reports an image tagged latest', () => {
    expect(check(deploymentRunning('ghcr.io/example/backend:latest', 'IfNotPresent'))).toEqual([
      'container "backend" image "ghcr.io/example/backend:latest" uses the moving tag latest: pin a version tag or a digest',
    ]);
  });

  test('leaves the pull policy to pull-policy-always: a pinned image pulled Always or IfNotPresent passes', () => {
    expect(check(deploymentRunning('ghcr.io/example/backend:1.0.0', 'Always'))).toEqual([]);
    expect(check(deploymentRunning('ghcr.io/example/backend:1.0.0', 'IfNotPresent'))).toEqual([]);
  });

  test("reports kube-linter's documented examples of an unpinned image: no tag, and latest", () => {
    expect(check(deploymentRunning('nginx'))).toEqual(['container "backend" image "nginx" has no tag: pin a version tag or a digest']);
    expect(check(deploymentRunning('docker.io/library/nginx:latest', 'Always'))).toEqual([
      'container "backend" image "docker.io/library/nginx:latest" uses the moving tag latest: pin a version tag or a digest',
    ]);
  });
});
