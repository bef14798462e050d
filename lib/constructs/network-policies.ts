import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { StackModel } from '../model';
import { objectLabels, selectorLabels } from './labels';
import { localClient, networkPaths, type NetworkPeer } from './network-paths';

export interface NetworkPoliciesProps {
  /** The environment whose paths (networkPaths) the policies allow. */
  readonly stack: StackModel;
}

/**
 * The environment's NetworkPolicies: `default-deny` blocks everything in and out of every pod except
 * DNS; then one policy per workload on a path says who may connect to it and what it may connect to,
 * on the server's container ports only. A pair of workloads not on a path cannot connect.
 */
export class NetworkPolicies extends Construct {
  readonly policies: k8s.KubeNetworkPolicy[] = [];

  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const { stack } = props;
    const context = { project: stack.project, environment: stack.environment.name };
    const labels = objectLabels(context, 'network-policy');
    const pods = (name: string): k8s.LabelSelector => ({ matchLabels: selectorLabels(context, name) });
    const portsOf = (service: string, numbers: readonly number[]): k8s.NetworkPolicyPort[] =>
      stack.services
        .find((candidate) => candidate.name === service)!
        .ports.filter((port) => numbers.includes(port.containerPort))
        .map((port) => ({ protocol: port.protocol, port: k8s.IntOrString.fromNumber(port.containerPort) }));
    const policy = (name: string, spec: k8s.NetworkPolicySpec) =>
      this.policies.push(new k8s.KubeNetworkPolicy(this, name, { metadata: { name, labels }, spec }));

    policy('default-deny', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      // Name resolution is the one thing every pod needs: the cluster DNS, or the node-local DNS cache
      // at its well-known link-local address where the cluster runs one.
      egress: [
        {
          to: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
            { ipBlock: { cidr: '169.254.20.10/32' } },
          ],
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
          ],
        },
      ],
    });

    const paths = networkPaths(stack);
    const peers = [...new Set(paths.flatMap((path) => [localClient(path), path.to].filter((name): name is string => name !== undefined)))];
    // A rule without `from` takes any source: the entry point takes connections from outside the cluster.
    // Another namespace's pods are matched by the namespace's name label, which Kubernetes sets itself.
    const source = (from: NetworkPeer) =>
      from.kind === 'outside'
        ? undefined
        : from.kind === 'namespace'
          ? [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': from.name } } }]
          : [{ podSelector: pods(from.name) }];
    for (const peer of peers) {
      const inbound = paths.filter((path) => path.to === peer);
      const outbound = paths.filter((path) => localClient(path) === peer);
      policy(`allow-${peer}`, {
        podSelector: pods(peer),
        policyTypes: [...(inbound.length > 0 ? ['Ingress'] : []), ...(outbound.length > 0 ? ['Egress'] : [])],
        ingress: inbound.length > 0 ? inbound.map(({ from, ports }) => ({ from: source(from), ports: portsOf(peer, ports) })) : undefined,
        egress: outbound.length > 0 ? outbound.map(({ to, ports }) => ({ to: [{ podSelector: pods(to) }], ports: portsOf(to, ports) })) : undefined,
      });
    }
  }
}
