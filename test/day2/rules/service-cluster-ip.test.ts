import { serviceClusterIp } from '../../../lib/day2/rules/service-cluster-ip';
import { findingsOf, headlessService, service } from '../fixtures';

describe('service-cluster-ip', () => {
  test('flags a headless Service that turns into one with an address', () => {
    const after = headlessService();
    delete after.spec.clusterIP;
    expect(findingsOf(serviceClusterIp, { before: headlessService(), after })).toEqual([
      expect.objectContaining({
        object: 'Service/db-headless',
        field: 'spec.clusterIP',
        before: 'None',
        after: '(none)',
        procedure: expect.stringContaining('kubectl -n shop-prod delete service db-headless, then sync'),
      }),
    ]);
  });

  test('flags a Service that pins a new address, and one that becomes headless', () => {
    const pinned = service();
    pinned.spec.clusterIP = '10.0.0.20';
    pinned.spec.clusterIPs = ['10.0.0.20'];
    expect(findingsOf(serviceClusterIp, { before: service(), after: pinned }).map((finding) => finding.field)).toEqual(['spec.clusterIP', 'spec.clusterIPs']);
    const headless = service();
    headless.spec.clusterIP = 'None';
    expect(findingsOf(serviceClusterIp, { before: service(), after: headless })).toHaveLength(1);
  });

  test('passes new ports and selectors, and a Service that leaves its address to the cluster as before', () => {
    const after = service();
    after.spec.ports.push({ name: 'metrics', port: 9090, targetPort: 'metrics' });
    after.spec.selector['blue-green/color'] = 'green';
    expect(findingsOf(serviceClusterIp, { before: service(), after })).toEqual([]);
  });
});
