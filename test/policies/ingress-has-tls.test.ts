import { ingressHasTls } from '../../lib/policies/ingress-has-tls';
import type { Manifest } from '../../lib/policies/policy';
import { compliantService, contextOf } from './fixtures';

function ingress(tls?: Array<{ hosts: string[]; secretName: string }>): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'tramites-prod' },
    spec: {
      tls,
      rules: ['shop.example.test', 'www.example.test'].map((host) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } })),
    },
  };
}

const check = (manifest: Manifest) => ingressHasTls.check(manifest, contextOf([manifest]));

describe('ingress-has-tls', () => {
  test('passes an Ingress whose TLS entries cover every host', () => {
    expect(check(ingress([{ hosts: ['shop.example.test', 'www.example.test'], secretName: 'shop-tls' }]))).toEqual([]);
  });

  test("reports Polaris' case: an Ingress without TLS", () => {
    expect(check(ingress())).toEqual(["has no TLS: its hosts are served in plain HTTP; name the certificate's Secret (exposure tlsSecret)"]);
  });

  test('reports a host no TLS entry covers, and ignores other kinds', () => {
    expect(check(ingress([{ hosts: ['shop.example.test'], secretName: 'shop-tls' }]))).toEqual(['serves www.example.test without TLS: add it to a TLS entry\'s hosts']);
    expect(check(compliantService())).toEqual([]);
  });
});
