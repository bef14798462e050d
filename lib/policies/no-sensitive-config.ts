import type { Policy } from './policy';
import { holdsPrivateKey, looksSensitive } from './sensitive-names';

/**
 * A ConfigMap is readable by anyone who may read the namespace's configuration, and it is rendered into
 * git: a password, token or private key belongs in a Secret. The check is on names, so a key that only
 * looks like a credential is reported too; that is a deliberate, reviewed exception, never a rename.
 */
export const noSensitiveConfig: Policy = {
  name: 'no-sensitive-config',
  description: 'No ConfigMap key is named like a credential (password, token, bearer, secret, cloud keys), and no value holds a private key.',
  severity: 'danger',
  follows: [{ tool: 'polaris', check: 'sensitiveConfigmapContent' }],
  check: (manifest) => {
    if (manifest.kind !== 'ConfigMap') return [];
    return Object.entries((manifest.data ?? {}) as Record<string, string>).flatMap(([key, value]) => {
      const violations: string[] = [];
      if (looksSensitive(key)) violations.push(`key "${key}" is named like a credential: keep credentials in a Secret`);
      if (holdsPrivateKey(String(value))) violations.push(`key "${key}" holds a private key: keep it in a Secret`);
      return violations;
    });
  },
};
