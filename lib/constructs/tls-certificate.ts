import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { CertificateProps, CertificateSpecPrivateKeyRotationPolicy } from '../../imports/certificate-cert-manager.io';
import { customResource, enumValue } from '../custom-resources';
import type { IssuerRef } from '../model';

export interface TlsCertificateProps {
  /** Name of the Certificate and of the `kubernetes.io/tls` Secret cert-manager writes. */
  readonly secretName: string;
  /** The host names the certificate is for. */
  readonly dnsNames: readonly string[];
  /** The platform's issuer (not rendered). */
  readonly issuer: IssuerRef;
  readonly labels: Record<string, string>;
}

/**
 * A cert-manager `Certificate`: cert-manager requests the certificate from the issuer, writes it into
 * the TLS Secret the reverse proxy mounts, and renews it before it expires (by default when two thirds
 * of its lifetime have passed), with a new private key each time.
 */
export class TlsCertificate extends Construct {
  readonly certificate: ApiObject;

  constructor(scope: Construct, id: string, props: TlsCertificateProps) {
    super(scope, id);
    const certificate: CertificateProps = {
      metadata: { name: props.secretName, labels: props.labels },
      spec: {
        secretName: props.secretName,
        dnsNames: [...props.dnsNames],
        issuerRef: { group: 'cert-manager.io', kind: props.issuer.kind, name: props.issuer.name },
        privateKey: { rotationPolicy: enumValue<CertificateSpecPrivateKeyRotationPolicy>('Always') },
      },
    };
    this.certificate = customResource(this, 'certificate', 'Certificate', certificate);
  }
}
