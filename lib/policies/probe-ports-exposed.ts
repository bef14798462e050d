import { podSpecOf, type Container, type Policy, type Probe } from './policy';

const PROBE_FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function probePort(probe: Probe): number | string | undefined {
  return probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
}

/**
 * A probe on a port the container does not declare usually means a renamed or renumbered port: the probe
 * then fails forever (or, for a number, probes something else). A named port must be one of the
 * container's, or the kubelet cannot resolve it at all.
 */
export const probePortsExposed: Policy = {
  name: 'probe-ports-exposed',
  description: "Every HTTP, TCP or gRPC probe targets one of its container's declared ports, by name or number.",
  severity: 'danger',
  follows: [
    { tool: 'kube-linter', check: 'liveness-port' },
    { tool: 'kube-linter', check: 'readiness-port' },
    { tool: 'kube-linter', check: 'startup-port' },
  ],
  check: (manifest) =>
    (podSpecOf(manifest)?.containers ?? []).flatMap((container: Container) =>
      PROBE_FIELDS.flatMap((field) => {
        const probe = container[field];
        const port = probe && probePort(probe);
        if (port === undefined) return [];
        const declared = (container.ports ?? []).some((candidate) => (typeof port === 'number' ? candidate.containerPort === port : candidate.name === port));
        return declared ? [] : [`container "${container.name}" ${field} targets port ${port}, which the container does not declare: probe a declared port`];
      }),
    ),
};
