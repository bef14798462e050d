import { checkContainers, type Policy } from './policy';

/**
 * Without allowPrivilegeEscalation: false a process can gain more privileges than its parent (setuid
 * binaries, file capabilities), undoing runAsNonRoot. Kubernetes allows it unless told otherwise.
 */
export const noPrivilegeEscalation: Policy = {
  name: 'no-privilege-escalation',
  description: 'Every container sets allowPrivilegeEscalation: false.',
  severity: 'danger',
  follows: [
    { tool: 'pss', check: 'Privilege Escalation' },
    { tool: 'polaris', check: 'privilegeEscalationAllowed' },
    { tool: 'kube-linter', check: 'privilege-escalation-container' },
  ],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) =>
      container.securityContext?.allowPrivilegeEscalation === false
        ? []
        : [`${subject} may gain privileges (setuid, file capabilities): set allowPrivilegeEscalation: false`],
    ),
};
