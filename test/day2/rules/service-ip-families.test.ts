import { serviceIpFamilies } from '../../../lib/day2/rules/service-ip-families';
import { findingsOf, service } from '../fixtures';

const withFamilies = (...families: string[]) => {
  const manifest = service();
  manifest.spec.ipFamilies = families;
  return manifest;
};

describe('service-ip-families', () => {
  test('flags a Service whose primary family changes', () => {
    expect(findingsOf(serviceIpFamilies, { before: withFamilies('IPv4'), after: withFamilies('IPv6') })).toEqual([
      expect.objectContaining({ field: 'spec.ipFamilies', before: '[IPv4]', after: '[IPv6]', consequence: expect.stringContaining('primary IP family cannot change') }),
    ]);
  });

  test('flags a dual-stack Service that drops a family', () => {
    expect(findingsOf(serviceIpFamilies, { before: withFamilies('IPv4', 'IPv6'), after: withFamilies('IPv4') })).toHaveLength(1);
  });

  test('passes a second family appended, and families left to the cluster', () => {
    expect(findingsOf(serviceIpFamilies, { before: withFamilies('IPv4'), after: withFamilies('IPv4', 'IPv6') })).toEqual([]);
    expect(findingsOf(serviceIpFamilies, { before: withFamilies('IPv4'), after: service() })).toEqual([]);
  });
});
