import { selects } from '../../lib/policies/policy';
import type { Manifest } from './project';

/**
 * A small evaluator of Kubernetes NetworkPolicy semantics, enough to walk every pair of workloads:
 * a connection is allowed when the client's egress and the server's ingress both allow it. A pod that no
 * policy of a direction selects is open in that direction; once one selects it, only what some rule of
 * that direction allows gets through (policies are additive).
 */

export interface Pod {
  readonly workload: string;
  readonly labels: Record<string, string>;
  readonly ports: readonly number[];
  /** The pod's namespace, when it is not the environment's own (a client such as Prometheus). */
  readonly namespace?: string;
}

/** Anything outside the cluster: reaches pods only through rules without `from`, or with an ipBlock. */
export const OUTSIDE = 'outside';

/** The pods of every workload of a rendering (Deployments, StatefulSets, Jobs, the Jobs of CronJobs). */
export function podsOf(manifests: readonly Manifest[]): Pod[] {
  return manifests
    .filter((m) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(m.kind))
    .map((m) => {
      const template = m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template : m.spec.template;
      return {
        workload: `${m.kind}/${m.metadata.name}`,
        labels: template.metadata.labels,
        ports: template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort)),
      };
    });
}

export type Protocol = 'TCP' | 'UDP';

/** Whether a rule's `ports` let `port` over `protocol` through (a port without a protocol is TCP's, as Kubernetes reads it). */
function portAllowed(rulePorts: Array<{ port?: number | string; protocol?: string }> | undefined, port: number, protocol: Protocol): boolean {
  return !rulePorts || rulePorts.length === 0 || rulePorts.some((rule) => (rule.protocol ?? 'TCP') === protocol && (rule.port === undefined || rule.port === port));
}

/** Whether the egress of `pod` lets through what `ruleAllows` says some rule allows: open when no policy's egress selects the pod. */
function egressAllows(policies: readonly Manifest[], pod: Pod, ruleAllows: (rule: any) => boolean): boolean {
  const egress = policies.filter((p) => p.spec.policyTypes.includes('Egress') && selects(p.spec.podSelector, pod.labels));
  return egress.length === 0 || egress.some((policy) => (policy.spec.egress ?? []).some(ruleAllows));
}

/** Whether `client` (a pod, or OUTSIDE) may open a connection to `server` on `port` over `protocol`. */
export function allowed(policies: readonly Manifest[], client: Pod | typeof OUTSIDE, server: Pod, port: number, protocol: Protocol = 'TCP'): boolean {
  // The environment's policies select only its own pods; another namespace's pods are not theirs to limit.
  if (client !== OUTSIDE && client.namespace === undefined) {
    const out = egressAllows(
      policies,
      client,
      (rule) => (!rule.to || rule.to.some((peer: any) => !peer.namespaceSelector && selects(peer.podSelector, server.labels))) && portAllowed(rule.ports, port, protocol),
    );
    if (!out) return false;
  }
  const ingress = policies.filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p.spec.podSelector, server.labels));
  return (
    ingress.length === 0 ||
    ingress.some((policy) =>
      (policy.spec.ingress ?? []).some((rule: any) => {
        const fromMatches = !rule.from || rule.from.some((peer: any) => (client === OUTSIDE ? !!peer.ipBlock : peerMatches(peer, client)));
        return fromMatches && portAllowed(rule.ports, port, protocol);
      }),
    )
  );
}

/**
 * Whether a `from` peer matches a pod: without a namespaceSelector, pods of the policy's own namespace
 * that the podSelector selects; with one, pods of the namespaces it selects (by the name label Kubernetes
 * sets on every namespace), narrowed by the podSelector when there is one.
 */
function peerMatches(peer: any, pod: Pod): boolean {
  if (peer.ipBlock) return false;
  if (!peer.namespaceSelector) return pod.namespace === undefined && selects(peer.podSelector, pod.labels);
  const namespaceLabels = { 'kubernetes.io/metadata.name': pod.namespace ?? 'the-environment' };
  return pod.namespace !== undefined && selects(peer.namespaceSelector, namespaceLabels) && (!peer.podSelector || selects(peer.podSelector, pod.labels));
}

/** Whether a pod may resolve names through the cluster DNS (kube-dns in kube-system, port 53 over UDP and TCP). */
export function resolvesNames(policies: readonly Manifest[], pod: Pod): boolean {
  const toDns = (peer: any) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system' && peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns';
  return (['UDP', 'TCP'] as const).every((protocol) => egressAllows(policies, pod, (rule) => rule.to?.some(toDns) && portAllowed(rule.ports, 53, protocol)));
}

/** Whether an IPv4 address lies in a CIDR block (IPv6 blocks match no IPv4 address). */
function inBlock(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  if (base.includes(':')) return false;
  const number = (text: string) => text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(number(address) / size) === Math.floor(number(base) / size);
}

/** An address on the internet, outside the cluster. */
const INTERNET_ADDRESS = '203.0.113.10';

/** Whether a pod may open a connection to an address on the internet on `port` over `protocol`. */
export function reachesOutside(policies: readonly Manifest[], pod: Pod, port: number, protocol: Protocol = 'TCP'): boolean {
  const toInternet = (peer: any) => peer.ipBlock && inBlock(INTERNET_ADDRESS, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((except: string) => inBlock(INTERNET_ADDRESS, except));
  return egressAllows(policies, pod, (rule) => (!rule.to || rule.to.some(toInternet)) && portAllowed(rule.ports, port, protocol));
}
