import { checkContainers, type Policy } from './policy';

/**
 * Privileged mode hands a container every device and capability of the node. Kubernetes' default is
 * unprivileged, but kube-score counts only an explicit `privileged: false`, so a reviewer (and the tool)
 * sees the decision in the manifest rather than inferring it from a default.
 */
export const explicitlyUnprivileged: Policy = {
  name: 'explicitly-unprivileged',
  description: 'Every container sets securityContext.privileged: false.',
  severity: 'danger',
  follows: [{ tool: 'kube-score', check: 'container-security-context-privileged' }],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) =>
      container.securityContext?.privileged === false ? [] : [`${subject} does not set privileged: false: set it explicitly`],
    ),
};
