import type { Policy } from './policy';

/**
 * An Ingress without TLS serves its host in plain HTTP: passwords and session cookies cross the
 * network readable. Each host it serves needs a TLS entry with its certificate's Secret.
 */
export const ingressHasTls: Policy = {
  name: 'ingress-has-tls',
  description: 'Every host an Ingress serves is covered by one of its TLS entries.',
  severity: 'warning',
  follows: [{ tool: 'polaris', check: 'tlsSettingsMissing' }],
  check: (manifest) => {
    if (manifest.kind !== 'Ingress') return [];
    const covered = new Set((manifest.spec?.tls ?? []).flatMap((entry: any) => entry.hosts ?? []));
    const hosts: string[] = (manifest.spec?.rules ?? []).map((rule: any) => rule.host ?? '*');
    const plain = hosts.filter((host) => !covered.has(host));
    if ((manifest.spec?.tls ?? []).length === 0) return ['has no TLS: its hosts are served in plain HTTP; name the certificate\'s Secret (exposure tlsSecret)'];
    return plain.map((host) => `serves ${host} without TLS: add it to a TLS entry's hosts`);
  },
};
