import type { Manifest } from '../../lib/policies/policy';
import { statefulsetGoverningService } from '../../lib/policies/statefulset-governing-service';
import { compliantService, compliantStatefulSet, contextOf } from './fixtures';

const check = (statefulSet: Manifest, others: Manifest[]) => statefulsetGoverningService.check(statefulSet, contextOf([statefulSet, ...others]));

function headless(): Manifest {
  const service = compliantService();
  service.spec.clusterIP = 'None';
  return service;
}

describe('statefulset-governing-service', () => {
  test('passes a StatefulSet whose serviceName is a headless Service selecting its pods', () => {
    expect(check(compliantStatefulSet(), [headless()])).toEqual([]);
  });

  test("reports kube-score's documented examples: no serviceName, a serviceName with no Service, and one that is not headless", () => {
    const unnamed = compliantStatefulSet();
    delete unnamed.spec.serviceName;
    expect(check(unnamed, [headless()])).toEqual(['has no serviceName: name its headless governing Service']);
    const missing = compliantStatefulSet();
    missing.spec.serviceName = 'foo';
    expect(check(missing, [headless()])).toEqual(['names serviceName "foo", which is not rendered: add the headless Service']);
    expect(check(compliantStatefulSet(), [compliantService()])).toEqual(['names serviceName "backend", which is not headless: set clusterIP: None']);
  });

  test('reports a headless Service that selects other pods', () => {
    const service = headless();
    service.spec.selector = { app: 'other' };
    expect(check(compliantStatefulSet(), [service])).toEqual(['names serviceName "backend", which does not select its pods: match the pod labels']);
  });
});
