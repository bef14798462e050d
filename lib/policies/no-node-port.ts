import type { Policy } from './policy';

/**
 * A NodePort opens the service on every node's address, around the load balancer, the ingress and the
 * NetworkPolicies of the entry point; the entry point here is a LoadBalancer Service, and everything else
 * stays inside the cluster.
 */
export const noNodePort: Policy = {
  name: 'no-node-port',
  description: 'No Service is of type NodePort.',
  severity: 'warning',
  follows: [{ tool: 'kube-score', check: 'service-type' }],
  check: (manifest) =>
    manifest.kind === 'Service' && manifest.spec?.type === 'NodePort'
      ? ['is of type NodePort, open on every node: use ClusterIP, or a LoadBalancer for the entry point']
      : [],
};
