import { noSensitiveConfig } from '../../lib/policies/no-sensitive-config';
import type { Manifest } from '../../lib/policies/policy';
import { contextOf } from './fixtures';

const check = (manifest: Manifest) => noSensitiveConfig.check(manifest, contextOf([manifest]));
const configMap = (data: Record<string, string>): Manifest => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'test-config' }, data });

describe('no-sensitive-config', () => {
  test("passes Polaris' documented example of valid keys and values, and a ConfigMap without data", () => {
    expect(check(configMap({ db_username: 'postgres', log_level: 'INFO' }))).toEqual([]);
    expect(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty' } })).toEqual([]);
  });

  test("reports Polaris' documented example: a key containing password (failure.key_password)", () => {
    expect(check(configMap({ db_username: 'postgres', db_password: 'abc123' }))).toEqual([
      'key "db_password" is named like a credential: keep credentials in a Secret',
    ]);
  });

  test.each(['AWS_SECRET_ACCESS_KEY', 'GOOGLE_APPLICATION_CREDENTIALS', 'AZURE_BATCH_KEY', 'OCI_CLI_KEY_CONTENT', 'API_TOKEN', 'BEARER', 'client_secret'])(
    'reports the key %s, as Polaris does',
    (key) => {
      expect(check(configMap({ [key]: 'x' }))).toEqual([`key "${key}" is named like a credential: keep credentials in a Secret`]);
    },
  );

  test("reports Polaris' documented example of a value holding a private key (failure.value_private_key)", () => {
    expect(check(configMap({ 'tls.key': '-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----' }))).toEqual([
      'key "tls.key" holds a private key: keep it in a Secret',
    ]);
  });

  test('reports a non-secret key whose name only looks like one, such as a token lifetime: the exception is a reviewed decision', () => {
    expect(check(configMap({ JWT_ACCESS_TOKEN_EXPIRE_MINUTES: '30' }))).toHaveLength(1);
  });

  test('ignores objects other than ConfigMaps', () => {
    expect(check({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'eA==' } } as Manifest)).toEqual([]);
  });
});
