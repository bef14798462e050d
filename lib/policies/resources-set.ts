import { checkContainers, type Policy } from './policy';

const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'] as const;

/**
 * Requests let the scheduler place pods where they fit; limits keep one pod from starving its neighbours
 * of CPU, memory or node disk (logs and writable layers count as ephemeral storage). Init containers are
 * included: the scheduler reserves the largest of them too.
 */
export const resourcesSet: Policy = {
  name: 'resources-set',
  description: 'Every container, init containers included, has requests and limits for cpu, memory and ephemeral-storage.',
  severity: 'danger',
  follows: [
    { tool: 'polaris', check: 'cpuRequestsMissing' },
    { tool: 'polaris', check: 'cpuLimitsMissing' },
    { tool: 'polaris', check: 'memoryRequestsMissing' },
    { tool: 'polaris', check: 'memoryLimitsMissing' },
    { tool: 'kube-score', check: 'container-resources' },
    { tool: 'kube-score', check: 'container-ephemeral-storage-request-and-limit' },
    { tool: 'kube-linter', check: 'unset-cpu-requirements' },
    { tool: 'kube-linter', check: 'unset-memory-requirements' },
  ],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) => {
      const missing = (['requests', 'limits'] as const).flatMap((bound) =>
        RESOURCES.filter((resource) => container.resources?.[bound]?.[resource] === undefined).map((resource) => `${bound}.${resource}`),
      );
      return missing.length === 0
        ? []
        : [`${subject} has no ${missing.join(', ')}: set requests and limits for cpu, memory and ephemeral-storage`];
    }),
};
