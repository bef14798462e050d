import { podSpecOf, type Policy } from './policy';

const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];

/**
 * A spread constraint counts the pods its labelSelector matches in each domain of its topologyKey; without
 * either there is nothing to count or nothing to count in, and a maxSkew or minDomains of 0 is refused by
 * the API server. kube-score grades each of these critical; a pod with no constraint at all passes (the
 * scheduler's default spreading applies), which `topology-spread-set` covers for Polaris.
 */
export const validTopologySpread: Policy = {
  name: 'valid-topology-spread',
  description:
    'Every topologySpreadConstraint of a pod has a labelSelector, a topologyKey, a maxSkew and minDomains (when set) above 0, and whenUnsatisfiable DoNotSchedule or ScheduleAnyway.',
  severity: 'danger',
  follows: [{ tool: 'kube-score', check: 'pod-topology-spread-constraints' }],
  check: (manifest) =>
    (podSpecOf(manifest)?.topologySpreadConstraints ?? []).flatMap((constraint, index) => {
      const subject = `topologySpreadConstraint ${index}`;
      const problems: string[] = [];
      if (!constraint.labelSelector) problems.push(`${subject} has no labelSelector: select the workload's own pods, which it counts per domain`);
      if (!constraint.topologyKey) problems.push(`${subject} has no topologyKey: name the node label whose values are the domains (e.g. kubernetes.io/hostname)`);
      if (!((constraint.maxSkew ?? 0) > 0)) problems.push(`${subject} has maxSkew ${constraint.maxSkew ?? 'unset'}: set 1 or more`);
      if (constraint.minDomains !== undefined && !(constraint.minDomains > 0)) problems.push(`${subject} has minDomains ${constraint.minDomains}: leave it out or set 1 or more`);
      if (!WHEN_UNSATISFIABLE.includes(constraint.whenUnsatisfiable ?? '')) {
        problems.push(`${subject} has whenUnsatisfiable "${constraint.whenUnsatisfiable ?? ''}": set DoNotSchedule or ScheduleAnyway`);
      }
      return problems;
    }),
};
