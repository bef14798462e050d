import { configMapKeys } from '../../../lib/validation/rules/config-map-keys';
import type { Manifest } from '../../../lib/validation';
import { problemsOf } from '../fixtures';

function configMap(data: Record<string, string>, binaryData?: Record<string, string>): Manifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'backend-env', namespace: 'tramites-prod' }, data, ...(binaryData ? { binaryData } : {}) } as Manifest;
}

describe('config-map-keys', () => {
  test('refuses a key with a space, a key "..", a key starting with "..", and a key of 254 characters', () => {
    const long = 'k'.repeat(254);
    expect(problemsOf(configMapKeys, configMap({ 'nginx conf': 'x', '..': 'x', '..data': 'x', [long]: 'x' }))).toEqual([
      'data[nginx conf]: "nginx conf" is not a valid key (letters, digits, "-", "_" and ".")',
      'data[..]: ".." may not be "." or "..", nor start with ".."',
      'data[..data]: "..data" may not be "." or "..", nor start with ".."',
      `data[${long}]: "${long}" is longer than 253 characters`,
    ]);
  });

  test('refuses a key in both data and binaryData, and values of more than 1 MiB together', () => {
    expect(problemsOf(configMapKeys, configMap({ 'logo.png': 'x' }, { 'logo.png': 'eA==' }))).toEqual([
      'binaryData[logo.png]: "logo.png" is also a key of data: a key may be in one of data and binaryData only',
    ]);
    const half = 'x'.repeat(512 * 1024);
    expect(problemsOf(configMapKeys, configMap({ a: half, b: `${half}x` }))).toEqual(['data: the values hold 1048577 bytes; the API server accepts at most 1048576']);
  });

  test('refuses a Secret key with a slash; counts a Secret\'s data as the bytes its base64 holds', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { 'tls/crt': 'x' } } as Manifest;
    expect(problemsOf(configMapKeys, secret)).toEqual(['stringData[tls/crt]: "tls/crt" is not a valid key (letters, digits, "-", "_" and ".")']);
    // 1 MiB of zeros is about 1.33 MiB of base64 text, and fits.
    const full = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { blob: Buffer.alloc(1024 * 1024).toString('base64') } } as Manifest;
    expect(problemsOf(configMapKeys, full)).toEqual([]);
  });

  test('passes variable names, dotted file names and a value of exactly 1 MiB', () => {
    expect(problemsOf(configMapKeys, configMap({ MAX_UPLOAD_SIZE: '10485760', 'nginx.conf': 'x', '.env': 'x', 'a-b_c': 'x' }))).toEqual([]);
    expect(problemsOf(configMapKeys, configMap({ big: 'x'.repeat(1024 * 1024) }))).toEqual([]);
  });
});
