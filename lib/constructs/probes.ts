import * as k8s from '../k8s';
import type { HealthcheckModel, PortModel } from '../model';

export interface ContainerProbes {
  readonly readinessProbe: k8s.Probe;
  readonly livenessProbe: k8s.Probe;
  readonly startupProbe?: k8s.Probe;
}

/**
 * Maps a compose health check onto Kubernetes probes with the same timing:
 * interval → periodSeconds, timeout → timeoutSeconds, retries → failureThreshold.
 * Readiness keeps the pod out of its Service while unhealthy (compose's `service_healthy`); liveness
 * restarts it after `retries` failures. An HTTP health endpoint often checks what the service depends
 * on (a database outage would then restart every replica, which cures nothing), so for HTTP checks
 * liveness only asks whether the process still accepts connections on that port; and
 * `start_period`, during which compose ignores failures, becomes a startup probe that holds the other
 * two back until the container first answers, or the start period and `retries` more checks ran out.
 */
export function probesFor(healthcheck: HealthcheckModel, ports: readonly PortModel[]): ContainerProbes {
  const handler = probeHandler(healthcheck, ports);
  const timing = {
    periodSeconds: healthcheck.intervalSeconds,
    timeoutSeconds: healthcheck.timeoutSeconds,
    failureThreshold: healthcheck.retries,
  };
  const probes: ContainerProbes = {
    readinessProbe: { ...handler, ...timing, successThreshold: 1 },
    livenessProbe: { ...livenessHandler(handler), ...timing, successThreshold: 1 },
  };
  if (healthcheck.startPeriodSeconds === undefined) return probes;
  const startInterval = healthcheck.startIntervalSeconds ?? healthcheck.intervalSeconds;
  return {
    ...probes,
    startupProbe: {
      ...handler,
      ...timing,
      // Compose checks every start_interval during start_period and does not count those failures;
      // after it, the usual `retries` apply before the container counts as unhealthy.
      periodSeconds: startInterval,
      failureThreshold: Math.ceil(healthcheck.startPeriodSeconds / startInterval) + healthcheck.retries,
      successThreshold: 1,
    },
  };
}

/** The handler of the liveness probe: the health check itself, or for an HTTP check its port. */
function livenessHandler(handler: Pick<k8s.Probe, 'httpGet' | 'exec'>): Pick<k8s.Probe, 'httpGet' | 'exec' | 'tcpSocket'> {
  return handler.httpGet ? { tcpSocket: { port: handler.httpGet.port } } : handler;
}

function probeHandler(healthcheck: HealthcheckModel, ports: readonly PortModel[]): Pick<k8s.Probe, 'httpGet' | 'exec'> {
  if (healthcheck.kind === 'exec') {
    return { exec: { command: [...healthcheck.command] } };
  }
  // A named port reads better and survives a port renumbering in the compose file.
  const named = ports.find((port) => port.containerPort === healthcheck.port);
  return {
    httpGet: {
      path: healthcheck.path,
      port: named ? k8s.IntOrString.fromString(named.name) : k8s.IntOrString.fromNumber(healthcheck.port),
      scheme: 'HTTP',
    },
  };
}
