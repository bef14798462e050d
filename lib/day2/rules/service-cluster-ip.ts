import { differingPaths } from '../objects';
import { fieldFinding, namespaceOption, type Day2Rule } from '../rule';

/**
 * A Service's cluster IP is fixed once allocated: the API server refuses a new address ("may not change
 * once set"), and a Service that leaves out an allocated one keeps it, so `None` (headless) and an
 * allocated address never turn into each other by an update.
 */
export const serviceClusterIp: Day2Rule = {
  name: 'service-cluster-ip',
  description: 'A live Service keeps its clusterIP and clusterIPs (headless stays headless).',
  check: ({ before, after }) => {
    if (before?.kind !== 'Service' || after?.kind !== 'Service' || after.spec?.type === 'ExternalName' || before.spec?.type === 'ExternalName') return [];
    const namespace = namespaceOption(after);
    return ['clusterIP', 'clusterIPs']
      .filter((field) => differingPaths(before.spec?.[field], after.spec?.[field], `spec.${field}`).length > 0)
      .map((field) =>
        fieldFinding({ before, after }, `spec.${field}`, {
          consequence:
            'the API server refuses a changed address, and keeps the old one when the new render leaves it out (a headless Service stays headless): the cluster never matches the render',
          procedure: `kubectl${namespace} delete service ${after.metadata.name}, then sync (clients resolving the name get the new address; connections to the old one break)`,
        }),
      );
  },
};
