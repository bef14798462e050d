import { checkContainers, type Policy } from './policy';

/** The lowest id kube-score accepts: below it, ids are those of the node's own users and groups. */
const LOWEST_ID = 10000;

/**
 * A process whose user or group id is also a user of the node owns that user's files and processes there
 * if it escapes its container. An id from 10000 up belongs to no user of a usual node. The container's
 * setting wins over the pod's, as in the kubelet.
 */
export const highUserGroupId: Policy = {
  name: 'high-user-group-id',
  description: `Every container runs with runAsUser and runAsGroup of at least ${LOWEST_ID}, set on the pod or the container.`,
  severity: 'danger',
  follows: [{ tool: 'kube-score', check: 'container-security-context-user-group-id' }],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }, pod) => {
      const user = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
      const group = container.securityContext?.runAsGroup ?? pod.securityContext?.runAsGroup;
      const violations: string[] = [];
      if (user === undefined || user < LOWEST_ID) violations.push(`${subject} runs as user ${user ?? '(unset)'}: use a user id of at least ${LOWEST_ID}`);
      if (group === undefined || group < LOWEST_ID) violations.push(`${subject} runs as group ${group ?? '(unset)'}: use a group id of at least ${LOWEST_ID}`);
      return violations;
    }),
};
