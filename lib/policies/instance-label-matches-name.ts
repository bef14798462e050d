import type { Policy } from './policy';

/** What Polaris calls a controller: the objects that own pods, and a pod that no one owns. */
const CONTROLLER_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'Pod'];

const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/**
 * Polaris reads `app.kubernetes.io/instance` as the name of one installation of one application and wants
 * it equal to the controller's name. This project uses the label as the recommended labels also describe
 * it, for the installation of the whole stack in one environment (`tramites-prod`), and it is part of every
 * immutable selector, so the project declares the deviation instead (stack.yaml).
 */
export const instanceLabelMatchesName: Policy = {
  name: 'instance-label-matches-name',
  description: `Every controller's ${INSTANCE_LABEL} label equals its metadata.name.`,
  severity: 'warning',
  follows: [{ tool: 'polaris', check: 'metadataAndInstanceMismatched' }],
  check: (manifest) => {
    if (!CONTROLLER_KINDS.includes(manifest.kind)) return [];
    const instance = manifest.metadata.labels?.[INSTANCE_LABEL];
    if (instance === manifest.metadata.name) return [];
    return [
      instance === undefined
        ? `has no ${INSTANCE_LABEL} label: set it to the object's name`
        : `has ${INSTANCE_LABEL} "${instance}", not its name "${manifest.metadata.name}"`,
    ];
  },
};
