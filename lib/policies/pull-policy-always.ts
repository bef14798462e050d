import { checkContainers, type Policy } from './policy';

/**
 * With `IfNotPresent`, a pod on a node that already holds a private image runs it without the registry
 * ever checking the pod's pull credentials, so one tenant's image can be run by another's pods. `Always`
 * makes the registry check them on every start (a cached layer is not downloaded again).
 */
export const pullPolicyAlways: Policy = {
  name: 'pull-policy-always',
  description: 'Every container sets imagePullPolicy: Always.',
  severity: 'danger',
  follows: [
    { tool: 'kube-score', check: 'container-image-pull-policy' },
    { tool: 'polaris', check: 'pullPolicyNotAlways' },
  ],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) =>
      container.imagePullPolicy === 'Always'
        ? []
        : [`${subject} pulls image "${container.image ?? ''}" with imagePullPolicy ${container.imagePullPolicy ?? '(unset)'}: set Always so the registry checks the pull credentials`],
    ),
};
