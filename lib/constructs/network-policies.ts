import { KubeNetworkPolicy } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { NetworkPath, NetworkPeer, NetworkPort } from '../model';
import { networkMemberLabel, objectLabels, selectorLabels, type LabelContext } from './labels';

/** Where the pods resolve names: the cluster DNS, and a fixed address such as a node-local DNS cache. */
export interface DnsEndpoints {
  /** The namespace of the cluster DNS pods. @default kube-system */
  readonly namespace?: string;
  /** The labels of the cluster DNS pods. @default { 'k8s-app': 'kube-dns' } (CoreDNS keeps that label) */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Addresses that answer DNS outside the pod network. @default ['169.254.20.10/32'], NodeLocal DNSCache's address */
  readonly addressBlocks?: readonly string[];
}

export interface NetworkPoliciesProps {
  /** The connections to allow, as the loader resolved them (StackModel.networkPaths). */
  readonly paths: readonly NetworkPath[];
  /**
   * Project and environment: a path's workload is selected by `selectorLabels(context, name)`, a compose
   * network's members by `networkMemberLabel(network)`.
   */
  readonly context: LabelContext;
  /** Where name resolution goes. @default the cluster DNS in kube-system, and NodeLocal DNSCache */
  readonly dns?: DnsEndpoints;
}

/** Connections to outside the cluster: any address, IPv4 and IPv6. */
const ANY_ADDRESS: k8s.NetworkPolicyPeer[] = [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];

/**
 * The environment's NetworkPolicies: `default-deny` blocks everything in and out of every pod except
 * DNS; then one policy per workload on a path says who may connect to it and what it may connect to,
 * on the server's container ports only. A pair of workloads not on a path cannot connect.
 */
export class NetworkPolicies extends Construct {
  readonly policies: k8s.KubeNetworkPolicy[] = [];

  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const { paths, context } = props;
    const labels = objectLabels(context, 'network-policy');
    const pods = (name: string): k8s.LabelSelector => ({ matchLabels: selectorLabels(context, name) });
    const ports = (numbers: readonly NetworkPort[]): k8s.NetworkPolicyPort[] =>
      numbers.map(({ port, protocol }) => ({ protocol, port: k8s.IntOrString.fromNumber(port) }));
    const policy = (name: string, spec: k8s.NetworkPolicySpec) =>
      this.policies.push(new KubeNetworkPolicy(this, name, { metadata: { name, labels }, spec }));

    const dns = props.dns ?? {};
    policy('default-deny', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      // Name resolution is the one thing every pod needs: the cluster DNS, or the node-local DNS cache
      // at its well-known link-local address where the cluster runs one.
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': dns.namespace ?? 'kube-system' } },
              podSelector: { matchLabels: { ...(dns.podLabels ?? { 'k8s-app': 'kube-dns' }) } },
            },
            ...(dns.addressBlocks ?? ['169.254.20.10/32']).map((cidr) => ({ ipBlock: { cidr } })),
          ],
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
          ],
        },
      ],
    });

    const peers = [...new Set(paths.flatMap((path) => [localClient(path.from), path.to.kind === 'service' ? path.to.name : undefined].filter((name): name is string => name !== undefined)))];
    const members = (network: string): k8s.LabelSelector => ({ matchLabels: { [networkMemberLabel(network)]: 'true' } });
    // A rule without `from` takes any source: the entry point takes connections from outside the cluster.
    // Another namespace's pods are matched by the namespace's name label, which Kubernetes sets itself.
    const source = (from: NetworkPeer): k8s.NetworkPolicyPeer[] | undefined =>
      from.kind === 'outside'
        ? undefined
        : from.kind === 'namespace'
          ? [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': from.name } } }]
          : from.kind === 'network'
            ? [{ podSelector: members(from.name) }]
            : [{ podSelector: pods(from.name) }];
    const destination = (to: NetworkPath['to']): k8s.NetworkPolicyPeer[] =>
      to.kind === 'outside' ? ANY_ADDRESS : to.kind === 'network' ? [{ podSelector: members(to.name) }] : [{ podSelector: pods(to.name) }];
    // Grouped once: filtering every path for every peer grows with the square of the stack's size.
    const inboundOf = groupBy(paths, (path) => (path.to.kind === 'service' ? path.to.name : undefined));
    const outboundOf = groupBy(paths, (path) => localClient(path.from));
    for (const peer of peers) {
      const inbound = inboundOf.get(peer) ?? [];
      const outbound = outboundOf.get(peer) ?? [];
      policy(`allow-${peer}`, {
        podSelector: pods(peer),
        policyTypes: [...(inbound.length > 0 ? ['Ingress'] : []), ...(outbound.length > 0 ? ['Egress'] : [])],
        ingress: inbound.length > 0 ? inbound.map((path) => ({ from: source(path.from), ports: path.ports === 'any' ? undefined : ports(path.ports) })) : undefined,
        egress: outbound.length > 0 ? outbound.map((path) => ({ to: destination(path.to), ports: path.ports === 'any' ? undefined : ports(path.ports) })) : undefined,
      });
    }
  }
}

/** The paths by `key`, in their order; a path whose key is undefined is in no group. */
function groupBy(paths: readonly NetworkPath[], key: (path: NetworkPath) => string | undefined): Map<string, NetworkPath[]> {
  const groups = new Map<string, NetworkPath[]>();
  for (const path of paths) {
    const name = key(path);
    if (name === undefined) continue;
    const group = groups.get(name);
    if (group) group.push(path);
    else groups.set(name, [path]);
  }
  return groups;
}

/** The workload that opens a path's connections, when it is one of the environment's own (not a group). */
function localClient(from: NetworkPeer): string | undefined {
  return from.kind === 'outside' || from.kind === 'namespace' || from.kind === 'network' ? undefined : from.name;
}
