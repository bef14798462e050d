import { serviceKeepsLoadBalancer } from '../../../lib/day2/rules/service-keeps-load-balancer';
import { findingsOf, namespace, service } from '../fixtures';

describe('service-keeps-load-balancer', () => {
  test('flags a LoadBalancer that becomes a ClusterIP Service: the public address is released', () => {
    expect(findingsOf(serviceKeepsLoadBalancer, { before: service('LoadBalancer'), after: service('ClusterIP') })).toEqual([
      expect.objectContaining({
        object: 'Service/web',
        field: 'spec.type',
        before: 'LoadBalancer',
        after: 'ClusterIP',
        consequence: expect.stringContaining('public address released'),
        procedure: expect.stringContaining('reserve the address'),
      }),
    ]);
  });

  test('flags a LoadBalancer Service that leaves the render', () => {
    expect(findingsOf(serviceKeepsLoadBalancer, { before: service('LoadBalancer') })).toEqual([expect.objectContaining({ before: 'LoadBalancer', after: '(none)' })]);
  });

  test('leaves a LoadBalancer whose namespace leaves the render to namespace-kept', () => {
    expect(findingsOf(serviceKeepsLoadBalancer, { before: service('LoadBalancer') }, { before: [namespace()] })).toEqual([]);
    expect(findingsOf(serviceKeepsLoadBalancer, { before: service('LoadBalancer') }, { before: [namespace()], after: [namespace()] })).toHaveLength(1);
  });

  test('passes a LoadBalancer that stays one, and a ClusterIP Service that changes type', () => {
    const after = service('LoadBalancer');
    after.spec.externalTrafficPolicy = 'Local';
    expect(findingsOf(serviceKeepsLoadBalancer, { before: service('LoadBalancer'), after })).toEqual([]);
    expect(findingsOf(serviceKeepsLoadBalancer, { before: service('ClusterIP'), after: service('NodePort') })).toEqual([]);
  });
});
