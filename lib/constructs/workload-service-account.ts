import { KubeServiceAccount } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';

export interface WorkloadServiceAccountProps {
  /** The compose service; the account takes its name. */
  readonly service: string;
  readonly labels: Record<string, string>;
}

/**
 * A ServiceAccount of its own for each service (and the Jobs that run its code), rather than the
 * namespace's `default`: RBAC and cloud identities can then be granted to one workload at a time.
 * No API token is mounted: none of the services talks to the Kubernetes API.
 */
export class WorkloadServiceAccount extends Construct {
  readonly serviceAccount: k8s.KubeServiceAccount;
  /** The account's name, which the pods name: the service's. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    this.name = props.service;
    this.serviceAccount = new KubeServiceAccount(this, 'account', {
      metadata: { name: props.service, labels: props.labels },
      automountServiceAccountToken: false,
    });
  }
}
