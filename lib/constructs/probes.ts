import * as k8s from '../k8s';
import type { HealthcheckModel, PortModel } from '../model';

/** What the probes of a service's container ask beyond its health check. */
export interface ProbeChoices {
  /**
   * Liveness: `tcp` asks only whether the process still accepts connections on its port (a failing
   * health check then takes the pod out of its Service without restarting it); `none` renders no
   * liveness probe, leaving restarts to the process's own exit.
   * @default 'tcp' (none for a service without a port)
   */
  readonly liveness?: 'tcp' | 'none';
}

export interface ContainerProbes {
  readonly readinessProbe: k8s.Probe;
  /** Absent for a service without a port: its only question is the health check, which readiness asks. */
  readonly livenessProbe?: k8s.Probe;
  readonly startupProbe?: k8s.Probe;
}

/**
 * Maps a compose health check onto Kubernetes probes with the same timing:
 * interval → periodSeconds, timeout → timeoutSeconds, retries → failureThreshold.
 *
 * The two probes ask different questions. Readiness is the health check itself: "can it serve now?";
 * while it fails the pod is out of its Service (compose's `service_healthy`). Liveness only asks "is the
 * process alive?": does it still accept connections on its port. A health check that fails while the
 * process is fine (the backend's database is down, SQL Server is recovering a database, Redis is loading
 * its AOF and answers LOADING) must take the pod out of its Service, not restart it, which would cure
 * nothing and restart every replica at once. A service without a port has nothing simpler to ask, and the
same check for both would restart it whenever it should only stop serving (kube-score grades identical
probes critical), so it gets no liveness probe: readiness alone, as kube-score advises.
 * `start_period`, during which compose ignores failures, becomes a startup probe (the health check) that
 * holds the other two back until the container first answers, or the start period and `retries` more
 * checks ran out.
 */
export function probesFor(healthcheck: HealthcheckModel, ports: readonly PortModel[], choices: ProbeChoices = {}): ContainerProbes {
  const handler = probeHandler(healthcheck, ports);
  const timing = {
    periodSeconds: healthcheck.intervalSeconds,
    timeoutSeconds: healthcheck.timeoutSeconds,
    failureThreshold: healthcheck.retries,
  };
  const liveness = choices.liveness === 'none' ? undefined : livenessHandler(healthcheck, handler, ports);
  const probes: ContainerProbes = {
    readinessProbe: { ...handler, ...timing, successThreshold: 1 },
    ...(liveness ? { livenessProbe: { ...liveness, ...timing, successThreshold: 1 } } : {}),
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

/**
 * The handler of the liveness probe: a TCP connection to the port the health check serves (an HTTP
 * check's port; for a command, the service's first port, the one its clients use). Undefined when the
 * service has no port: nothing but the health check itself could be asked.
 */
function livenessHandler(
  healthcheck: HealthcheckModel,
  handler: Pick<k8s.Probe, 'httpGet' | 'exec'>,
  ports: readonly PortModel[],
): Pick<k8s.Probe, 'tcpSocket'> | undefined {
  if (handler.httpGet) return { tcpSocket: { port: handler.httpGet.port } };
  const [servicePort] = ports;
  if (healthcheck.kind === 'exec' && servicePort) return { tcpSocket: { port: k8s.IntOrString.fromString(servicePort.name) } };
  return undefined;
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
