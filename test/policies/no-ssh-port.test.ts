import { noSshPort } from '../../lib/policies/no-ssh-port';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, contextOf, mainContainer } from './fixtures';

const check = (manifest: Manifest) => noSshPort.check(manifest, contextOf([manifest]));

describe('no-ssh-port', () => {
  test('passes containers on other ports, and port 22 over UDP', () => {
    expect(check(compliantDeployment())).toEqual([]);
    const udp = compliantDeployment();
    mainContainer(udp).ports = [{ name: 'x', containerPort: 22, protocol: 'UDP' }];
    expect(check(udp)).toEqual([]);
  });

  test("reports kube-linter's documented example: a Deployment exposing TCP port 22 (ssh-port)", () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).ports = [{ name: 'ssh', containerPort: 22, protocol: 'TCP' }];
    expect(check(deployment)).toEqual(['container "backend" exposes port 22 (SSH): run no SSH server in a pod; use kubectl exec']);
  });
});
