import { claimNames, claimTemplatesOf, fieldFinding, type ComparisonContext, type Day2Rule } from '../rule';
import { REBIND_VOLUME } from './claims-kept';

/** The claims and public addresses of the previous render that live in `namespace`. */
function heldIn(namespace: string, context: ComparisonContext): { claims: string[]; addresses: string[] } {
  const claims: string[] = [];
  const addresses: string[] = [];
  for (const object of context.before) {
    if (object.metadata.namespace !== namespace) continue;
    if (object.kind === 'PersistentVolumeClaim') claims.push(object.metadata.name);
    if (object.kind === 'StatefulSet') for (const template of claimTemplatesOf(object).keys()) claims.push(...claimNames(object, template));
    if (object.kind === 'Service' && object.spec?.type === 'LoadBalancer') addresses.push(`Service/${object.metadata.name}`);
  }
  return { claims, addresses };
}

/**
 * A namespace that leaves the render (a renamed namespace or environment) takes everything in it: every
 * claim stays behind with its data while the workloads start on new, empty ones, and its load balancers
 * release their public addresses. That is one change, so it is one finding, which names all it loses;
 * claims-kept and service-keeps-load-balancer leave the objects of such a namespace to it.
 */
export const namespaceKept: Day2Rule = {
  name: 'namespace-kept',
  description: 'The namespace of an environment that holds claims or a load balancer stays in the render.',
  check: ({ before, after }, context) => {
    if (before?.kind !== 'Namespace' || after) return [];
    const namespace = before.metadata.name;
    const { claims, addresses } = heldIn(namespace, context);
    if (claims.length === 0 && addresses.length === 0) return [];
    const successor = context.namespace !== undefined && context.namespace !== namespace ? `the objects move to ${context.namespace} and start empty there` : 'the environment leaves the render';
    const lost = [
      claims.length > 0 ? `the data of claims ${claims.join(', ')} stays behind in ${namespace}, out of use, and is lost with the namespace` : '',
      addresses.length > 0 ? `${addresses.join(', ')} release${addresses.length === 1 ? 's' : ''} ${addresses.length === 1 ? 'its' : 'their'} public address` : '',
    ].filter(Boolean);
    return [
      fieldFinding({ before }, 'metadata.name', {
        consequence: `${successor}: ${lost.join('; ')}`,
        procedure: [
          `keep the namespace ${namespace}; to move`,
          addresses.length > 0 ? ', reserve the public address first (a static IP set on the Service)' : '',
          claims.length > 0 ? `${addresses.length > 0 ? ' and' : ''}, for each claim, ${REBIND_VOLUME}` : '',
        ].join(''),
      }),
    ];
  },
};
