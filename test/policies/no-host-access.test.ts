import { noHostAccess } from '../../lib/policies/no-host-access';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, compliantServiceAccount, contextOf, initContainer, mainContainer, podSpec } from './fixtures';

const check = (manifest: Manifest) => noHostAccess.check(manifest, contextOf([manifest]));

describe('no-host-access', () => {
  test('passes a pod with its own namespaces, an emptyDir volume and an unprivileged container port', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });

  test.each([
    ['hostNetwork', "pod uses the node's network (hostNetwork: true)"],
    ['hostPID', "pod sees the node's processes (hostPID: true)"],
    ['hostIPC', "pod shares the node's IPC namespace (hostIPC: true)"],
  ])('reports %s: true', (field, message) => {
    const deployment = compliantDeployment();
    podSpec(deployment)[field] = true;
    expect(check(deployment)).toEqual([message]);
  });

  test('passes host namespaces set to false', () => {
    const deployment = compliantDeployment();
    Object.assign(podSpec(deployment), { hostNetwork: false, hostPID: false, hostIPC: false });
    expect(check(deployment)).toEqual([]);
  });

  test('reports a hostPath volume', () => {
    const deployment = compliantDeployment();
    podSpec(deployment).volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } });
    expect(check(deployment)).toEqual([
      `volume "docker" mounts the node's path /var/run/docker.sock (hostPath): use a PersistentVolumeClaim or an emptyDir`,
    ]);
  });

  test('reports a privileged init container', () => {
    const deployment = compliantDeployment();
    initContainer(deployment).securityContext.privileged = true;
    expect(check(deployment)).toEqual(['init container "wait-for-db" is privileged']);
  });

  test('reports a container port bound to a port of the node', () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).ports[0].hostPort = 8080;
    expect(check(deployment)).toEqual(['container "backend" binds port 8080 of the node (hostPort): expose it through a Service']);
  });

  test('ignores objects that run no pods', () => {
    expect(check(compliantServiceAccount())).toEqual([]);
  });

  test("reports kube-linter's documented host-network example and Polaris' hostPortSet failure", () => {
    const pod: Manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'test-pod' },
      spec: { hostNetwork: true, containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80, hostPort: 80 }] }] },
    };
    expect(check(pod)).toEqual([
      "pod uses the node's network (hostNetwork: true)",
      'container "nginx" binds port 80 of the node (hostPort): expose it through a Service',
    ]);
  });

  test("reports the standard's v1.34 Host Probes / Lifecycle Hooks control: a probe's or a hook's host, and lets an empty host pass", () => {
    const deployment = compliantDeployment();
    mainContainer(deployment).livenessProbe = { httpGet: { host: '10.0.0.1', path: '/healthz', port: 8000 } };
    mainContainer(deployment).lifecycle = { preStop: { tcpSocket: { host: 'localhost', port: 8000 } } };
    initContainer(deployment).readinessProbe = { tcpSocket: { host: '', port: 8000 } };
    expect(check(deployment)).toEqual([
      'container "backend"\'s livenessProbe connects to host "10.0.0.1": leave host out so the kubelet connects to the pod',
      'container "backend"\'s lifecycle.preStop connects to host "localhost": leave host out so the kubelet connects to the pod',
    ]);
  });
});
