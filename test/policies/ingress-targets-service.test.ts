import { ingressTargetsService } from '../../lib/policies/ingress-targets-service';
import type { Manifest } from '../../lib/policies/policy';
import { compliantService, contextOf } from './fixtures';

function ingress(backend: { name: string; port: { number?: number; name?: string } }): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'backend', namespace: 'tramites-prod' },
    spec: { rules: [{ host: 'shop.example.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: backend } }] } }] },
  };
}

const check = (manifest: Manifest, others: Manifest[]) => ingressTargetsService.check(manifest, contextOf([manifest, ...others]));

describe('ingress-targets-service', () => {
  test('passes an Ingress routing to a Service of its namespace, by port number or by port name', () => {
    expect(check(ingress({ name: 'backend', port: { number: 8000 } }), [compliantService()])).toEqual([]);
    expect(check(ingress({ name: 'backend', port: { name: 'http' } }), [compliantService()])).toEqual([]);
  });

  test("reports kube-score's case: a backend Service that does not exist", () => {
    expect(check(ingress({ name: 'frontend', port: { number: 80 } }), [compliantService()])).toEqual(['routes to Service "frontend", which is not in its namespace: its host answers 503']);
  });

  test('reports a port the Service does not have, and a Service of another namespace', () => {
    expect(check(ingress({ name: 'backend', port: { number: 80 } }), [compliantService()])).toEqual(['routes to port 80 of Service "backend", which has no such port']);
    const elsewhere = compliantService();
    elsewhere.metadata.namespace = 'other';
    expect(check(ingress({ name: 'backend', port: { number: 8000 } }), [elsewhere])).toHaveLength(1);
  });

  test('checks the default backend too, and ignores other kinds', () => {
    const withDefault = ingress({ name: 'backend', port: { number: 8000 } });
    withDefault.spec.defaultBackend = { service: { name: 'missing', port: { number: 80 } } };
    expect(check(withDefault, [compliantService()])).toHaveLength(1);
    expect(check(compliantService(), [])).toEqual([]);
  });
});
