import type { Manifest } from '../../lib/policies/policy';
import { probePortsExposed } from '../../lib/policies/probe-ports-exposed';
import { compliantDeployment, contextOf, mainContainer } from './fixtures';

const check = (manifest: Manifest) => probePortsExposed.check(manifest, contextOf([manifest]));

describe('probe-ports-exposed', () => {
  test('passes probes on a declared port, by name and by number, and command probes', () => {
    expect(check(compliantDeployment())).toEqual([]);
    const deployment = compliantDeployment();
    mainContainer(deployment).livenessProbe = { tcpSocket: { port: 8000 } };
    mainContainer(deployment).startupProbe = { exec: { command: ['true'] } };
    expect(check(deployment)).toEqual([]);
  });

  test("reports kube-linter's documented examples: liveness, readiness and startup probes on ports the container does not declare", () => {
    const deployment = compliantDeployment();
    Object.assign(mainContainer(deployment), {
      livenessProbe: { httpGet: { path: '/', port: 8080 } },
      readinessProbe: { tcpSocket: { port: 'metrics' } },
      startupProbe: { grpc: { port: 9000 } },
    });
    expect(check(deployment)).toEqual([
      'container "backend" livenessProbe targets port 8080, which the container does not declare: probe a declared port',
      'container "backend" readinessProbe targets port metrics, which the container does not declare: probe a declared port',
      'container "backend" startupProbe targets port 9000, which the container does not declare: probe a declared port',
    ]);
  });
});
