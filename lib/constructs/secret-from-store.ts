import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type {
  ExternalSecretProps,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
  ExternalSecretSpecTargetDeletionPolicy,
} from '../../imports/externalsecret-external-secrets.io';
import { customResource, enumValue } from '../custom-resources';
import type { RemoteSecretRef } from '../model';

export interface SecretFromStoreProps {
  /** Name of the Secret the pods read; the ExternalSecret has the same name. */
  readonly name: string;
  /** The platform's store (not rendered: it holds the credentials to the secret manager). */
  readonly store: { readonly kind: 'ClusterSecretStore' | 'SecretStore'; readonly name: string };
  /** A Go duration (`1h`): how long a rotated value may take to reach the Secret. */
  readonly refreshInterval: string;
  /** Each key of the Secret with its store entry, in the order they are written. */
  readonly keys: ReadonlyArray<readonly [string, RemoteSecretRef]>;
  readonly labels: Record<string, string>;
}

/**
 * An External Secrets `ExternalSecret` that creates the Secret the pods read and keeps it equal to the
 * secret store: no value is ever in git or in dist/, and a value rotated in the store reaches the Secret
 * within the refresh interval (the workloads then restart, see reload-annotations.ts). The Secret is
 * owned by the ExternalSecret (`creationPolicy: Owner`): it is deleted with it, and nobody else writes it.
 */
export class SecretFromStore extends Construct {
  readonly externalSecret: ApiObject;

  constructor(scope: Construct, id: string, props: SecretFromStoreProps) {
    super(scope, id);
    const externalSecret: ExternalSecretProps = {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        secretStoreRef: { kind: enumValue<ExternalSecretSpecSecretStoreRefKind>(props.store.kind), name: props.store.name },
        refreshInterval: props.refreshInterval,
        target: {
          name: props.name,
          creationPolicy: enumValue<ExternalSecretSpecTargetCreationPolicy>('Owner'),
          // Written out although it is the default, so Argo CD's diff sees the same object as the cluster.
          deletionPolicy: enumValue<ExternalSecretSpecTargetDeletionPolicy>('Retain'),
        },
        data: props.keys.map(([secretKey, remote]) => ({ secretKey, remoteRef: remote.property === undefined ? { key: remote.key } : { key: remote.key, property: remote.property } })),
      },
    };
    this.externalSecret = customResource(this, 'external-secret', 'ExternalSecret', externalSecret);
  }
}
