import { probeValues } from '../../../lib/validation/rules/probe-values';
import { compliantDeployment, container, problemsOf } from '../fixtures';

describe('probe-values', () => {
  test('refuses a liveness probe that needs two successes, and a startup probe likewise', () => {
    const deployment = compliantDeployment();
    container(deployment).livenessProbe = { httpGet: { path: '/health', port: 'http' }, successThreshold: 2 };
    container(deployment).startupProbe = { tcpSocket: { port: 'http' }, successThreshold: 3 };
    expect(problemsOf(probeValues, deployment)).toEqual([
      'spec.template.spec.containers[backend].livenessProbe.successThreshold: must be 1 for a liveness probe (is 2)',
      'spec.template.spec.containers[backend].startupProbe.successThreshold: must be 1 for a startup probe (is 3)',
    ]);
  });

  test('refuses negative timings, a probe with two handlers and one with none', () => {
    const deployment = compliantDeployment();
    container(deployment).readinessProbe = { httpGet: { path: '/', port: 'http' }, exec: { command: ['true'] }, periodSeconds: -1 };
    container(deployment).livenessProbe = { failureThreshold: 3 };
    deployment.spec.template.spec.terminationGracePeriodSeconds = -5;
    expect(problemsOf(probeValues, deployment)).toEqual([
      'spec.template.spec.containers[backend].readinessProbe: must have exactly one of exec, httpGet, tcpSocket, grpc (has exec, httpGet)',
      'spec.template.spec.containers[backend].readinessProbe.periodSeconds: -1 must be a whole number, 0 or more',
      'spec.template.spec.containers[backend].livenessProbe: must have exactly one of exec, httpGet, tcpSocket, grpc (has none)',
      'spec.template.spec.terminationGracePeriodSeconds: -5 must be a whole number, 0 or more',
    ]);
  });

  test('passes a readiness probe that needs two successes and ordinary timings', () => {
    const deployment = compliantDeployment();
    Object.assign(container(deployment).readinessProbe, { successThreshold: 2, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 0 });
    expect(problemsOf(probeValues, deployment)).toEqual([]);
  });
});
