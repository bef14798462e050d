/**
 * Where the pods resolve names, which the NetworkPolicies' default-deny must still allow: the cluster
 * DNS, and the node-local DNS cache where the cluster runs one. A cluster that runs its DNS elsewhere
 * (another namespace or label, a cache on another address) passes its own.
 */
export interface ClusterDns {
  /** The namespace the cluster DNS pods run in. */
  readonly namespace: string;
  /** Labels of the cluster DNS pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The node-local DNS cache's address, where the cluster runs one; absent: none. */
  readonly nodeLocalCacheAddress?: string;
  /** The port DNS answers on, over UDP and TCP. */
  readonly port: number;
}

/**
 * kube-dns or CoreDNS (which keeps the `k8s-app: kube-dns` label) in `kube-system`, and NodeLocal
 * DNSCache at its documented link-local address, on port 53.
 */
export const DEFAULT_CLUSTER_DNS: ClusterDns = {
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns' },
  nodeLocalCacheAddress: '169.254.20.10',
  port: 53,
};
