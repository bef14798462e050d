import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../k8s';
import { KEEP_WITH_DATA } from './argocd-annotations';

export interface EnvironmentNamespaceProps {
  /** The namespace's name: the environment's. */
  readonly name: string;
  readonly labels: Record<string, string>;
}

/**
 * The namespace admits only pods that meet the Pod Security Standards' restricted profile, as of the
 * Kubernetes release the manifests are written for.
 */
const RESTRICTED_POD_SECURITY = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'v1.27',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
};

/**
 * The environment's Namespace. It holds the claims, and deleting a namespace deletes every claim in it,
 * whatever their own options say: Argo CD must never prune it, nor delete it with its Application.
 */
export class EnvironmentNamespace extends Construct {
  readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: EnvironmentNamespaceProps) {
    super(scope, id);
    this.namespace = new k8s.KubeNamespace(this, 'namespace', {
      metadata: { name: props.name, labels: { ...props.labels, ...RESTRICTED_POD_SECURITY }, annotations: KEEP_WITH_DATA },
    });
    // The chart puts every object in the namespace; a Namespace itself is cluster-scoped.
    this.namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
