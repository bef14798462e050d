import { portNumbers } from '../../../lib/validation/rules/port-numbers';
import { compliantDeployment, container, problemsOf, service } from '../fixtures';

describe('port-numbers', () => {
  test('refuses a container port of 70000 and 0, and a host port out of range', () => {
    const deployment = compliantDeployment();
    container(deployment).ports = [{ name: 'http', containerPort: 70000 }, { name: 'admin', containerPort: 0, hostPort: 65536 }];
    expect(problemsOf(portNumbers, deployment)).toEqual([
      'spec.template.spec.containers[backend].ports[http].containerPort: 70000 is not a port number (1-65535)',
      'spec.template.spec.containers[backend].ports[admin].containerPort: 0 is not a port number (1-65535)',
      'spec.template.spec.containers[backend].ports[admin].hostPort: 65536 is not a port number (1-65535)',
    ]);
  });

  test('refuses a port name of 16 characters, a name without a letter, and a name used twice in a container', () => {
    const deployment = compliantDeployment();
    container(deployment).ports = [{ name: 'prometheus-metrics', containerPort: 9090 }, { name: '8080', containerPort: 8080 }, { name: 'web', containerPort: 80 }, { name: 'web', containerPort: 81 }];
    expect(problemsOf(portNumbers, deployment)).toEqual([
      'spec.template.spec.containers[backend].ports[prometheus-metrics].name: "prometheus-metrics" is longer than 15 characters, the most a port name may hold',
      'spec.template.spec.containers[backend].ports[8080].name: "8080" is not a port name (lower-case letters, digits and single "-", with at least one letter)',
      'spec.template.spec.containers[backend].ports[web].name: "web" names two ports of this container',
    ]);
  });

  test('refuses a Service port out of range, an unnamed port among several, and a port listed twice', () => {
    const manifest = service();
    manifest.spec.ports = [{ name: 'http', port: 80, targetPort: 99999 }, { port: 80 }];
    expect(problemsOf(portNumbers, manifest)).toEqual([
      'spec.ports[http].targetPort: 99999 is not a port number (1-65535)',
      'spec.ports[1].name: is required: a Service with more than one port names each',
      'spec.ports[1].port: 80/TCP is listed twice',
    ]);
  });

  test('refuses a probe port out of range', () => {
    const deployment = compliantDeployment();
    container(deployment).livenessProbe = { tcpSocket: { port: 0 } };
    expect(problemsOf(portNumbers, deployment)).toEqual(['spec.template.spec.containers[backend].livenessProbe.tcpSocket.port: 0 is not a port number (1-65535)']);
  });

  test('passes the same port number for TCP and UDP, named target ports and probes on a named port', () => {
    const manifest = service();
    manifest.spec.ports = [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }];
    expect(problemsOf(portNumbers, manifest)).toEqual([]);
    expect(problemsOf(portNumbers, compliantDeployment())).toEqual([]);
  });
});
