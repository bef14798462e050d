import { fieldFinding, leavesWithItsNamespace, namespaceOption, type Day2Rule } from '../rule';

/**
 * A Service that stops being a LoadBalancer, or is removed, releases its public address: the cloud
 * deletes the load balancer, and a new one gets another address, which DNS does not point to. A Service
 * whose namespace leaves the render with it is namespace-kept's.
 */
export const serviceKeepsLoadBalancer: Day2Rule = {
  name: 'service-keeps-load-balancer',
  description: 'A Service of type LoadBalancer stays one (its public address would be released).',
  check: ({ before, after }, context) => {
    if (before?.kind !== 'Service' || before.spec?.type !== 'LoadBalancer' || after?.spec?.type === 'LoadBalancer') return [];
    if (!after && leavesWithItsNamespace(before, context)) return [];
    return [
      fieldFinding({ before, after }, 'spec.type', {
        consequence: 'the load balancer is deleted and its public address released; the hosts pointing at it stop answering, and a new one gets another address',
        procedure: `first reserve the address with the cloud provider (a static IP, set on the Service with the provider's annotation or spec.loadBalancerIP) or move the DNS records to the new entry point; then sync (kubectl${namespaceOption(before)} get service ${before.metadata.name} shows the current address)`,
      }),
    ];
  },
};
