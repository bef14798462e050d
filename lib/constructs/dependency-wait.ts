import * as k8s from '../k8s';
import type { ServiceModel } from '../model';

/** A small, pinned image with `nc`; it only opens a TCP connection. */
export const WAIT_IMAGE = 'busybox:1.36.1';

/**
 * Init containers that hold a pod's main container until each of `targets` answers.
 *
 * Why a TCP connection to the target's Service is enough: a Service only routes to pods whose
 * readiness probe passes, and that probe is the target's compose health check. With no ready pod the
 * Service has no endpoints and the connection is refused, so a successful connect means "healthy".
 * `service_started` needs no wait: Kubernetes starts everything at once and clients reconnect.
 */
export function dependencyWaits(targets: readonly string[], services: readonly ServiceModel[]): k8s.Container[] {
  return targets.map((name) => {
    const target = services.find((candidate) => candidate.name === name)!;
    const port = target.ports[0].servicePort;
    return {
      name: `wait-for-${target.name}`,
      image: WAIT_IMAGE,
      imagePullPolicy: 'IfNotPresent',
      command: ['sh', '-c', `until nc -z -w 2 ${target.name} ${port}; do echo "waiting for ${target.name}:${port}"; sleep 2; done`],
      resources: {
        limits: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('16Mi'), 'ephemeral-storage': k8s.Quantity.fromString('16Mi') },
        requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi'), 'ephemeral-storage': k8s.Quantity.fromString('1Mi') },
      },
      securityContext: {
        // busybox's nobody: the wait needs no privileges and writes nothing.
        runAsNonRoot: true,
        runAsUser: 65534,
        runAsGroup: 65534,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    };
  });
}
