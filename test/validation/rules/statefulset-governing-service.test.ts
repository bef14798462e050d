import { statefulSetGoverningService } from '../../../lib/validation/rules/statefulset-governing-service';
import { compliantStatefulSet, governingService, problemsOf, service } from '../fixtures';

describe('statefulset-governing-service', () => {
  test('refuses a serviceName no Service of the environment has', () => {
    expect(problemsOf(statefulSetGoverningService, compliantStatefulSet())).toEqual(['spec.serviceName: names Service "backend", which this environment does not render']);
  });

  test('refuses a governing Service that is not headless, or does not select the pods, and a missing serviceName', () => {
    expect(problemsOf(statefulSetGoverningService, compliantStatefulSet(), [service()])).toEqual([
      'spec.serviceName: Service "backend" is not headless (clusterIP: None): the pods get no DNS names of their own',
    ]);
    const elsewhere = governingService();
    elsewhere.spec.selector = { 'app.kubernetes.io/name': 'db' };
    expect(problemsOf(statefulSetGoverningService, compliantStatefulSet(), [elsewhere])).toEqual(['spec.serviceName: Service "backend" does not select the StatefulSet\'s pods']);
    const unnamed = compliantStatefulSet();
    delete unnamed.spec.serviceName;
    expect(problemsOf(statefulSetGoverningService, unnamed)).toEqual(['spec.serviceName: is required: the headless Service that gives each pod its DNS name']);
  });

  test('passes a StatefulSet with its headless Service', () => {
    expect(problemsOf(statefulSetGoverningService, compliantStatefulSet(), [governingService()])).toEqual([]);
  });
});
