import { resourceQuantities } from '../../../lib/validation/rules/resource-quantities';
import { compliantDeployment, compliantStatefulSet, container, problemsOf } from '../fixtures';

describe('resource-quantities', () => {
  test('refuses a request above its limit, compared by value', () => {
    const deployment = compliantDeployment();
    container(deployment).resources = { requests: { memory: '1025Mi', cpu: '1' }, limits: { memory: '1Gi', cpu: '1000m' } };
    expect(problemsOf(resourceQuantities, deployment)).toEqual(['spec.template.spec.containers[backend].resources.requests[memory]: 1025Mi is more than its limit 1Gi']);
  });

  test('refuses an amount that is not a quantity, a negative one and a claim of zero', () => {
    const deployment = compliantDeployment();
    container(deployment).resources = { requests: { cpu: '-1' }, limits: { memory: '4 GB' } };
    expect(problemsOf(resourceQuantities, deployment)).toEqual([
      'spec.template.spec.containers[backend].resources.requests[cpu]: "-1" is not a non-negative quantity',
      'spec.template.spec.containers[backend].resources.limits[memory]: "4 GB" is not a non-negative quantity',
    ]);
    const statefulSet = compliantStatefulSet();
    statefulSet.spec.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0' } } } }];
    statefulSet.spec.template.spec.containers[0].volumeMounts = [];
    expect(problemsOf(resourceQuantities, statefulSet)).toEqual(['spec.volumeClaimTemplates[data].spec.resources.requests.storage: "0" must be a positive quantity']);
  });

  test('passes requests equal to limits written differently (1Gi and 1024Mi, 1 and 1000m)', () => {
    const deployment = compliantDeployment();
    container(deployment).resources = { requests: { memory: '1024Mi', cpu: '1' }, limits: { memory: '1Gi', cpu: '1000m' } };
    expect(problemsOf(resourceQuantities, deployment)).toEqual([]);
  });
});
