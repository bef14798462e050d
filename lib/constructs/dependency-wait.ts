import * as k8s from '../k8s';
import type { ServiceAddress } from '../model';

/** A small, pinned image with `nc`; it only opens a TCP connection. */
export const WAIT_IMAGE = 'busybox:1.36.1';

/** How the init containers that wait for a dependency run. */
export interface DependencyWaitProps {
  /** An image with `sh`, `nc -z`, `sleep` and `echo`, pinned. @default WAIT_IMAGE (`busybox:1.36.1`) */
  readonly image?: string;
  /** @default 'IfNotPresent' (the image is pinned) */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent';
  /** A user of the image that needs nothing: the wait writes nothing and needs no privilege. @default 65534 (busybox's nobody), and the same group */
  readonly user?: number;
  /** Seconds between tries, and for each connection attempt. @default 2 */
  readonly retrySeconds?: number;
}

/**
 * Init containers that hold a pod's main container until each of `targets` answers.
 *
 * Why a TCP connection to the target's Service is enough: a Service only routes to pods whose
 * readiness probe passes, and that probe is the target's compose health check. With no ready pod the
 * Service has no endpoints and the connection is refused, so a successful connect means "healthy".
 * `service_started` needs no wait: Kubernetes starts everything at once and clients reconnect.
 */
export function dependencyWaits(targets: readonly ServiceAddress[], props: DependencyWaitProps = {}): k8s.Container[] {
  const user = props.user ?? 65534;
  const seconds = props.retrySeconds ?? 2;
  return targets.map(({ service, port }) => ({
    name: `wait-for-${service}`,
    image: props.image ?? WAIT_IMAGE,
    imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
    command: ['sh', '-c', `until nc -z -w ${seconds} ${service} ${port}; do echo "waiting for ${service}:${port}"; sleep ${seconds}; done`],
    resources: {
      limits: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('16Mi'), 'ephemeral-storage': k8s.Quantity.fromString('16Mi') },
      requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi'), 'ephemeral-storage': k8s.Quantity.fromString('1Mi') },
    },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: user,
      runAsGroup: user,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
  }));
}
