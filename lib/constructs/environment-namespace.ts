import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeNamespace } from '../api-objects';
import * as k8s from '../k8s';
import type { PodSecurityLevel } from '../model';
import { KEEP_WITH_DATA } from './argocd-annotations';

export interface EnvironmentNamespaceProps {
  /** The namespace's name: the environment's. */
  readonly name: string;
  readonly labels: Record<string, string>;
  /** The cluster's Kubernetes minor release, `1.34`: the version of the profile Pod Security admission applies. */
  readonly kubernetesVersion: string;
  /**
   * The profile Pod Security admission enforces: lower than restricted only where declared exceptions
   * need it (the loader derives it); warn and audit stay restricted either way, so every pod that
   * leaves restricted still shows in `kubectl` warnings and the audit log. @default restricted
   */
  readonly enforce?: PodSecurityLevel;
}

/**
 * The namespace admits only pods that meet the Pod Security Standards' restricted profile (or the
 * lower `enforce` level its declared exceptions need), and warns and audits by restricted, each pinned
 * to the cluster's own release: a cluster upgrade then never tightens the profile under running
 * workloads unnoticed; the version moves with the settings, reviewed.
 */
function podSecurityLabels(kubernetesVersion: string, enforce: PodSecurityLevel): Record<string, string> {
  const version = `v${kubernetesVersion}`;
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = mode === 'enforce' ? enforce : 'restricted';
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return labels;
}

/**
 * The environment's Namespace. It holds the claims, and deleting a namespace deletes every claim in it,
 * whatever their own options say: Argo CD must never prune it, nor delete it with its Application.
 */
export class EnvironmentNamespace extends Construct {
  readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: EnvironmentNamespaceProps) {
    super(scope, id);
    this.namespace = new KubeNamespace(this, 'namespace', {
      metadata: { name: props.name, labels: { ...props.labels, ...podSecurityLabels(props.kubernetesVersion, props.enforce ?? 'restricted') }, annotations: KEEP_WITH_DATA },
    });
    // The chart puts every object in the namespace; a Namespace itself is cluster-scoped.
    this.namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
