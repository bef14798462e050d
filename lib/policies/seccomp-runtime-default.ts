import { checkContainers, type Policy } from './policy';

const CONFINING_PROFILES = ['RuntimeDefault', 'Localhost'];

/**
 * Seccomp limits the system calls a container may make, closing off most kernel attack surface. Kubernetes
 * runs containers Unconfined unless a profile is set; a container's profile overrides the pod's.
 */
export const seccompRuntimeDefault: Policy = {
  name: 'seccomp-runtime-default',
  description: 'Every container runs under seccomp profile RuntimeDefault or Localhost, set on the pod or on the container.',
  severity: 'danger',
  follows: [
    { tool: 'pss', check: 'Seccomp' },
    { tool: 'polaris', check: 'linuxHardening' },
    { tool: 'kube-score', check: 'container-seccomp-profile' },
  ],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }, pod) => {
      const type = container.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
      if (type === undefined) return [`${subject} has no seccomp profile: set seccompProfile type RuntimeDefault on the pod or the container`];
      if (!CONFINING_PROFILES.includes(type)) return [`${subject} runs under seccomp profile ${type}: use RuntimeDefault or Localhost`];
      return [];
    }),
};
