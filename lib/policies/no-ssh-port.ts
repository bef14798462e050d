import { podSpecOf, type Policy } from './policy';

const SSH_PORT = 22;

/**
 * Port 22 is SSH's: an application listening there is either an SSH server in a container (a way in that
 * bypasses the cluster's own access control) or a port that every scanner will probe as one.
 */
export const noSshPort: Policy = {
  name: 'no-ssh-port',
  description: 'No container declares TCP port 22.',
  severity: 'danger',
  follows: [{ tool: 'kube-linter', check: 'ssh-port' }],
  check: (manifest) =>
    (podSpecOf(manifest)?.containers ?? []).flatMap((container) =>
      (container.ports ?? []).some((port) => port.containerPort === SSH_PORT && ((port as { protocol?: string }).protocol ?? 'TCP') === 'TCP')
        ? [`container "${container.name}" exposes port 22 (SSH): run no SSH server in a pod; use kubectl exec`]
        : [],
    ),
};
