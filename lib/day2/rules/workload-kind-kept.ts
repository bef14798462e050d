import { objectName } from '../objects';
import { namespaceOption, SERVICE_LABEL, type Day2Rule } from '../rule';

const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** What goes wrong when a service's workload turns from one kind into another. */
const CONSEQUENCES: Readonly<Record<string, string>> = {
  StatefulSet:
    'the old pods keep running beside the new ones until the StatefulSet is pruned, and the new workload mounts none of its claims: the data stays behind',
  Deployment: 'the new pods start beside the old ones, both behind the same Service, and a StatefulSet gives each pod a new, empty claim',
  DaemonSet: 'the new pods start beside the old ones, both behind the same Service',
};

/**
 * The same compose service rendered as another kind of workload is another object: nothing moves
 * over. Both run behind one Service until the old one is pruned (never, in an environment without
 * prune), and data in the old one's claims is not the new one's.
 */
export const workloadKindKept: Day2Rule = {
  name: 'workload-kind-kept',
  description: 'A compose service keeps the kind of its workload (Deployment, StatefulSet, DaemonSet).',
  check: ({ before, after }, context) => {
    if (!before || after || !KINDS.includes(before.kind)) return [];
    const service = before.metadata.labels?.[SERVICE_LABEL];
    if (service === undefined) return [];
    const ofService = (kind: string) =>
      context.after.filter((candidate) => candidate.kind === kind && candidate.metadata.namespace === before.metadata.namespace && candidate.metadata.labels?.[SERVICE_LABEL] === service);
    if (ofService(before.kind).length > 0) return [];
    const successor = KINDS.flatMap(ofService)[0];
    if (!successor) return [];
    return [
      {
        object: objectName(successor),
        field: 'kind',
        before: before.kind,
        after: successor.kind,
        consequence: `service ${service} turns from ${objectName(before)} into ${objectName(successor)}: ${CONSEQUENCES[before.kind]}`,
        procedure: `keep the kind; to change it, scale the old workload to zero and move its data first (claims-kept shows how), sync, then delete the old workload (kubectl${namespaceOption(before)} delete ${before.kind.toLowerCase()} ${before.metadata.name})`,
      },
    ];
  },
};
