import { compareVersions } from '../../lib/loader/jobs';

describe('compareVersions', () => {
  test.each([
    ['1.10.0', '1.9.2', 1],
    ['1.0.0', '1.0.0-rc.1', 1],
    ['1.0.0-rc.2', '1.0.0-rc.10', -1],
    ['1.0.0-alpha', '1.0.0-beta', -1],
    ['v2.0.0', '1.99.99', 1],
    ['1.2.3', '1.2.3', 0],
  ])('%s against %s is %d', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });

  test('is undefined when a tag is not a version', () => {
    expect(compareVersions('dev', '1.0.0')).toBeUndefined();
    expect(compareVersions('1.0', '1.0.0')).toBeUndefined();
  });
});
