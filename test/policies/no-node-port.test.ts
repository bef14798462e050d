import { noNodePort } from '../../lib/policies/no-node-port';
import type { Manifest } from '../../lib/policies/policy';
import { compliantService, contextOf } from './fixtures';

const check = (manifest: Manifest) => noNodePort.check(manifest, contextOf([manifest]));

describe('no-node-port', () => {
  test('passes ClusterIP and LoadBalancer Services', () => {
    expect(check(compliantService())).toEqual([]);
    const entry = compliantService();
    entry.spec.type = 'LoadBalancer';
    expect(check(entry)).toEqual([]);
  });

  test("reports kube-score's documented example: a NodePort Service (node-port-service-with-ignore)", () => {
    const service = compliantService();
    service.spec.type = 'NodePort';
    expect(check(service)).toEqual(['is of type NodePort, open on every node: use ClusterIP, or a LoadBalancer for the entry point']);
  });
});
