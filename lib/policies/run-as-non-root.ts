import { checkContainers, type Policy } from './policy';

/**
 * A process running as root in a container is root on the node once it escapes. The container's setting
 * wins over the pod's, as in the kubelet. A non-zero runAsUser is required too: without it the kubelet
 * can only refuse an image whose USER is root at start time, long after review.
 */
export const runAsNonRoot: Policy = {
  name: 'run-as-non-root',
  description: 'Every container runs with runAsNonRoot: true and a non-zero runAsUser, set on the pod or the container.',
  severity: 'danger',
  follows: [
    { tool: 'pss', check: 'Running as Non-root' },
    { tool: 'pss', check: 'Running as Non-root user' },
    { tool: 'polaris', check: 'runAsRootAllowed' },
    { tool: 'kube-linter', check: 'run-as-non-root' },
  ],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }, pod) => {
      const nonRoot = container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
      const user = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
      const violations: string[] = [];
      if (nonRoot !== true) violations.push(`${subject} may run as root: set runAsNonRoot: true on the pod or the container`);
      if (user === undefined) violations.push(`${subject} has no runAsUser: set a non-zero runAsUser on the pod or the container`);
      else if (user === 0) violations.push(`${subject} runs as user 0 (root): set a non-zero runAsUser`);
      return violations;
    }),
};
