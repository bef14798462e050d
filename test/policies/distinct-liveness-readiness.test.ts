import { distinctLivenessReadiness } from '../../lib/policies/distinct-liveness-readiness';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, compliantJob, compliantPod, compliantStatefulSet, contextOf, initContainer, mainContainer } from './fixtures';

const check = (manifest: Manifest) => distinctLivenessReadiness.check(manifest, contextOf([manifest]));
const SAME = 'container "backend" uses the same check for liveness and readiness: let liveness ask only whether the process is alive (e.g. its port accepts connections)';

function withProbes(workload: Manifest, readinessProbe: unknown, livenessProbe: unknown): Manifest {
  Object.assign(mainContainer(workload), { readinessProbe, livenessProbe });
  return workload;
}

describe('distinct-liveness-readiness', () => {
  test('passes readiness over HTTP and liveness on the TCP port', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test('passes readiness by a command and liveness on the TCP port, as db and redis are probed', () => {
    expect(check(withProbes(compliantStatefulSet(), { exec: { command: ['redis-cli', 'ping'] } }, { tcpSocket: { port: 'redis' } }))).toEqual([]);
  });

  test('passes two HTTP probes on different paths', () => {
    expect(check(withProbes(compliantDeployment(), { httpGet: { path: '/ready', port: 'http' } }, { httpGet: { path: '/alive', port: 'http' } }))).toEqual([]);
  });

  test("reports kube-score's documented example: the same command for both (pod-probes-identical-exec)", () => {
    const statefulSet = withProbes(compliantStatefulSet(), { exec: { command: ['abc', '123'] } }, { exec: { command: ['abc', '123'] } });
    expect(check(statefulSet)).toEqual([SAME]);
  });

  test("reports kube-score's documented examples of the same HTTP path and port, and the same TCP port", () => {
    expect(check(withProbes(compliantDeployment(), { httpGet: { path: '/health', port: 8080 } }, { httpGet: { path: '/health', port: 8080 } }))).toEqual([SAME]);
    expect(check(withProbes(compliantDeployment(), { tcpSocket: { port: 8080 } }, { tcpSocket: { port: 8080 } }))).toEqual([SAME]);
  });

  test('reports two HTTP probes of one path on different named ports, which kube-score reads as port 0 both', () => {
    expect(check(withProbes(compliantDeployment(), { httpGet: { path: '/health', port: 'http' } }, { httpGet: { path: '/health', port: 'admin' } }))).toEqual([SAME]);
  });

  test("reads an HTTP port name of digits as its number, as kube-score does, and a TCP port as written", () => {
    expect(check(withProbes(compliantDeployment(), { httpGet: { path: '/health', port: '8080' } }, { httpGet: { path: '/health', port: 8080 } }))).toEqual([SAME]);
    expect(check(withProbes(compliantDeployment(), { httpGet: { path: '/health', port: 8080 } }, { httpGet: { path: '/health', port: 8081 } }))).toEqual([]);
    expect(check(withProbes(compliantDeployment(), { tcpSocket: { port: 'http' } }, { tcpSocket: { port: 'admin' } }))).toEqual([]);
  });

  test('reports a bare Pod and an init container with the same check for both, as kube-score reads every container of every pod but a Job\'s', () => {
    expect(check(withProbes(compliantPod(), { exec: { command: ['abc', '123'] } }, { exec: { command: ['abc', '123'] } }))).toEqual([SAME]);
    const deployment = compliantDeployment();
    Object.assign(initContainer(deployment), { readinessProbe: { tcpSocket: { port: 8080 } }, livenessProbe: { tcpSocket: { port: 8080 } } });
    expect(check(deployment)).toEqual([
      'init container "wait-for-db" uses the same check for liveness and readiness: let liveness ask only whether the process is alive (e.g. its port accepts connections)',
    ]);
  });

  test('ignores Jobs, which run no probes', () => {
    expect(check(withProbes(compliantJob(), { exec: { command: ['true'] } }, { exec: { command: ['true'] } }))).toEqual([]);
  });
});
