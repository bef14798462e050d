import { checkContainers, type Policy } from './policy';

/**
 * A read-only root filesystem stops an intruder from dropping tools or altering binaries, and makes every
 * place the application writes an explicit, reviewable volume.
 */
export const readOnlyRootFilesystem: Policy = {
  name: 'read-only-root-filesystem',
  description: 'Every container sets readOnlyRootFilesystem: true.',
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) =>
      container.securityContext?.readOnlyRootFilesystem === true
        ? []
        : [`${subject} can write to its root filesystem: set readOnlyRootFilesystem: true and mount an emptyDir where it must write`],
    ),
};
