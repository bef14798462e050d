import { probesFor } from '../../lib/constructs/probes';
import type { HealthcheckModel } from '../../lib/model';

const ports = [{ name: 'http', containerPort: 8000, servicePort: 8000, protocol: 'TCP' as const }];
const timing = { intervalSeconds: 30, timeoutSeconds: 10, retries: 3 };

describe('probesFor', () => {
  test('maps interval, timeout and retries onto both readiness and liveness', () => {
    const probes = probesFor({ ...timing, kind: 'exec', command: ['redis-cli', 'ping'] }, ports);
    const probeTiming = { periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3, successThreshold: 1 };
    expect(probes.readinessProbe).toEqual({ exec: { command: ['redis-cli', 'ping'] }, ...probeTiming });
    expect(probes.livenessProbe).toEqual({ tcpSocket: { port: { value: 'http' } }, ...probeTiming });
    expect(probes.startupProbe).toBeUndefined();
  });

  test('a command health check is readiness only: liveness asks whether the service port accepts connections', () => {
    const redisPorts = [{ name: 'redis', containerPort: 6379, servicePort: 6379, protocol: 'TCP' as const }];
    const probes = probesFor({ ...timing, kind: 'exec', command: ['redis-cli', 'ping'] }, redisPorts);
    expect(probes.readinessProbe.exec).toEqual({ command: ['redis-cli', 'ping'] });
    expect(probes.livenessProbe!.exec).toBeUndefined();
    expect(probes.livenessProbe!.tcpSocket).toEqual({ port: { value: 'redis' } });
  });

  test('a service without a port gets readiness only: the same check for liveness is what kube-score grades critical', () => {
    const probes = probesFor({ ...timing, kind: 'exec', command: ['worker', '--health'] }, []);
    expect(probes.readinessProbe.exec).toEqual({ command: ['worker', '--health'] });
    expect(probes.livenessProbe).toBeUndefined();
    expect(Object.keys(probes)).toEqual(['readinessProbe']);
  });

  test('a service without a port and a start period gets a startup probe and readiness, and still no liveness', () => {
    const probes = probesFor({ ...timing, kind: 'exec', command: ['worker', '--health'], startPeriodSeconds: 60 }, []);
    expect(Object.keys(probes).sort()).toEqual(['readinessProbe', 'startupProbe']);
  });

  test('uses the named container port for an HTTP check on a declared port', () => {
    const probes = probesFor({ ...timing, kind: 'http', port: 8000, path: '/health' }, ports);
    expect(probes.readinessProbe.httpGet).toEqual({ path: '/health', port: { value: 'http' }, scheme: 'HTTP' });
  });

  test('checks liveness of an HTTP service by its port only, so an outage of what /health checks restarts nothing', () => {
    const probes = probesFor({ ...timing, kind: 'http', port: 8000, path: '/health' }, ports);
    expect(probes.livenessProbe).toEqual({ tcpSocket: { port: { value: 'http' } }, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3, successThreshold: 1 });
  });

  test('falls back to the port number for an HTTP check on an undeclared port', () => {
    const probes = probesFor({ ...timing, kind: 'http', port: 9000, path: '/' }, ports);
    expect(probes.readinessProbe.httpGet?.port).toEqual({ value: 9000 });
  });

  test('covers start_period with a startup probe at start_interval, then `retries` more checks', () => {
    const healthcheck: HealthcheckModel = { ...timing, startPeriodSeconds: 40, startIntervalSeconds: 5, kind: 'exec', command: ['true'] };
    expect(probesFor(healthcheck, ports).startupProbe).toMatchObject({ periodSeconds: 5, failureThreshold: 8 + 3, timeoutSeconds: 10 });
  });

  test('rounds a start_period that is not a multiple of the start interval up', () => {
    const healthcheck: HealthcheckModel = { ...timing, startPeriodSeconds: 31, startIntervalSeconds: 10, kind: 'exec', command: ['true'] };
    expect(probesFor(healthcheck, ports).startupProbe?.failureThreshold).toBe(4 + 3);
  });
});
