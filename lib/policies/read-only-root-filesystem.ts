import { checkContainers, type Policy } from './policy';

/**
 * A read-only root filesystem stops an intruder from dropping tools or altering binaries, and makes every
 * place the application writes an explicit, reviewable volume.
 */
export const readOnlyRootFilesystem: Policy = {
  name: 'read-only-root-filesystem',
  description: 'Every container sets readOnlyRootFilesystem: true.',
  severity: 'danger',
  follows: [
    { tool: 'polaris', check: 'notReadOnlyRootFilesystem' },
    { tool: 'kube-score', check: 'container-security-context-readonlyrootfilesystem' },
    { tool: 'kube-linter', check: 'no-read-only-root-fs' },
  ],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) =>
      container.securityContext?.readOnlyRootFilesystem === true
        ? []
        : [`${subject} can write to its root filesystem: set readOnlyRootFilesystem: true and mount an emptyDir where it must write`],
    ),
};
