import { containersOf, LONG_RUNNING_KINDS, podSpecOf, type Policy, type Probe } from './policy';

/**
 * An HTTP probe's port as kube-score reads it (Go's `IntOrString.IntValue()`): the number, or a name
 * parsed as a decimal number, which makes every port name that is not digits 0.
 */
function httpPortValue(port: number | string | undefined): number {
  if (typeof port === 'number') return port;
  return port !== undefined && /^[+-]?\d+$/.test(port) ? Number.parseInt(port, 10) : 0;
}

/**
 * Whether two probes ask the same question, as kube-score compares them: the same HTTP path and port (by
 * `httpPortValue`, so two HTTP probes of one path on different named ports are the same to kube-score),
 * the same TCP port (number or name, as written), or the same command.
 */
function sameCheck(readiness: Probe, liveness: Probe): boolean {
  if (readiness.httpGet && liveness.httpGet) {
    return readiness.httpGet.path === liveness.httpGet.path && httpPortValue(readiness.httpGet.port) === httpPortValue(liveness.httpGet.port);
  }
  if (readiness.tcpSocket && liveness.tcpSocket) return readiness.tcpSocket.port === liveness.tcpSocket.port;
  if (readiness.exec && liveness.exec) return JSON.stringify(readiness.exec.command ?? []) === JSON.stringify(liveness.exec.command ?? []);
  return false;
}

/**
 * Readiness asks "can it serve now?" and takes the pod out of its Service; liveness asks "is the process
 * still alive?" and restarts it. With one check for both, every moment a pod should merely stop getting
 * requests (its database is down, it is loading its data) also restarts it, which cures nothing and
 * restarts every replica at once.
 */
export const distinctLivenessReadiness: Policy = {
  name: 'distinct-liveness-readiness',
  description: 'No container (init containers included, as kube-score reads them) of a long-running workload uses the same check for its livenessProbe and its readinessProbe.',
  severity: 'danger',
  follows: [{ tool: 'kube-score', check: 'pod-probes-identical' }],
  check: (manifest) => {
    const pod = podSpecOf(manifest);
    if (!LONG_RUNNING_KINDS.includes(manifest.kind) || !pod) return [];
    return containersOf(pod).flatMap(({ container, subject }) =>
      container.readinessProbe && container.livenessProbe && sameCheck(container.readinessProbe, container.livenessProbe)
        ? [`${subject} uses the same check for liveness and readiness: let liveness ask only whether the process is alive (e.g. its port accepts connections)`]
        : [],
    );
  },
};
