import { podSpecOf, type Policy } from './policy';

/**
 * Without a priority class every pod has priority 0: when the cluster runs short, the scheduler may
 * preempt the database to place someone's batch job, and nothing says which of the stack's pods matter
 * most. The class names the pod's tier; its value is the cluster's decision (see the README).
 */
export const priorityClassSet: Policy = {
  name: 'priority-class-set',
  description: 'Every pod spec names a priorityClassName.',
  severity: 'warning',
  // Outside production the cluster's default priority is the right one: a test environment is the
  // first to be preempted, and must never preempt production.
  onlyInProduction: true,
  follows: [
    { tool: 'polaris', check: 'priorityClassNotSet' },
    { tool: 'kube-linter', check: 'priority-class-name' },
  ],
  check: (manifest) => {
    const pod = podSpecOf(manifest);
    if (!pod || pod.priorityClassName) return [];
    return ['has no priorityClassName: name the priority class of its tier'];
  },
};
