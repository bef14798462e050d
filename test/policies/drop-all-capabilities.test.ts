import { dropAllCapabilities } from '../../lib/policies/drop-all-capabilities';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, contextOf, initContainer, mainContainer } from './fixtures';

const check = (manifest: Manifest) => dropAllCapabilities.check(manifest, contextOf([manifest]));

describe('drop-all-capabilities', () => {
  test('passes containers that drop ALL and add nothing', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('passes a container that adds back NET_BIND_SERVICE only', () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).securityContext.capabilities.add = ['NET_BIND_SERVICE'];
    expect(check(deployment)).toEqual([]);
  });

  test('reports a container that drops some capabilities but not ALL', () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).securityContext.capabilities.drop = ['NET_RAW'];
    expect(check(deployment)).toEqual([`container "backend" keeps the runtime's default capabilities: drop ALL`]);
  });

  test('reports an init container without capabilities', () => {
    const deployment = compliantDeployment();
    delete initContainer(deployment).securityContext.capabilities;
    expect(check(deployment)).toEqual([`init container "wait-for-db" keeps the runtime's default capabilities: drop ALL`]);
  });

  test('reports each added capability other than NET_BIND_SERVICE, even when ALL is dropped', () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN', 'NET_RAW'];
    expect(check(deployment)).toEqual(['container "backend" adds capabilities SYS_ADMIN, NET_RAW: only NET_BIND_SERVICE may be added']);
  });

  test("reports Polaris' documented failures: no capabilities dropped (insecureCapabilities) and SYS_ADMIN added (dangerousCapabilities)", () => {
    const pod: Manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'test-pod' },
      spec: { containers: [{ name: 'nginx', image: 'nginx', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] },
    };
    expect(check(pod)).toEqual([
      'container "nginx" keeps the runtime\'s default capabilities: drop ALL',
      'container "nginx" adds capabilities SYS_ADMIN: only NET_BIND_SERVICE may be added',
    ]);
  });
});
