import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { StackModel } from '../model';
import { objectLabels, selectorLabels } from './labels';
import { networkPaths, type NetworkPeer } from './network-paths';

export interface NetworkPoliciesProps {
  readonly stack: StackModel;
}

/**
 * The environment's NetworkPolicies: everything in the namespace is denied in and out except DNS, then
 * each path of `networkPaths` is allowed at both ends (egress at the client, ingress at the server), on
 * the server's container ports. A pair of workloads not on a path cannot connect.
 */
export class NetworkPolicies extends Construct {
  readonly policies: k8s.KubeNetworkPolicy[] = [];

  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    const { stack } = props;
    const context = { project: stack.project, environment: stack.environment.name };
    const labels = objectLabels(context, 'network-policy');
    const podsOf = (peer: NetworkPeer): k8s.LabelSelector =>
      peer.kind === 'outside' ? {} : { matchLabels: selectorLabels(context, peer.name) };
    const portsOf = (service: string): k8s.NetworkPolicyPort[] =>
      stack.services
        .find((candidate) => candidate.name === service)!
        .ports.map((port) => ({ protocol: port.protocol, port: k8s.IntOrString.fromNumber(port.containerPort) }));
    const policy = (name: string, spec: k8s.NetworkPolicySpec) =>
      this.policies.push(new k8s.KubeNetworkPolicy(this, name, { metadata: { name, labels }, spec }));

    policy('default-deny', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      // Name resolution is the one thing every pod needs.
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [
            { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
            { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
          ],
        },
      ],
    });

    const paths = networkPaths(stack);
    for (const server of unique(paths.map((path) => path.to))) {
      const clients = paths.filter((path) => path.to === server).map((path) => path.from);
      policy(`allow-to-${server}`, {
        podSelector: { matchLabels: selectorLabels(context, server) },
        policyTypes: ['Ingress'],
        // No `from` means any source: the entry point takes connections from outside the cluster.
        ingress: clients.map((client) => (client.kind === 'outside' ? { ports: portsOf(server) } : { from: [{ podSelector: podsOf(client) }], ports: portsOf(server) })),
      });
    }
    const clientNames = unique(paths.flatMap((path) => (path.from.kind === 'outside' ? [] : [path.from.name])));
    for (const client of clientNames) {
      policy(`allow-from-${client}`, {
        podSelector: { matchLabels: selectorLabels(context, client) },
        policyTypes: ['Egress'],
        egress: paths
          .filter((path) => path.from.kind !== 'outside' && path.from.name === client)
          .map((path) => ({ to: [{ podSelector: { matchLabels: selectorLabels(context, path.to) } }], ports: portsOf(path.to) })),
      });
    }
  }
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
