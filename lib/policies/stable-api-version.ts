import type { Policy } from './policy';

/**
 * Alpha and beta APIs change shape and are removed on a schedule (beta ones within three releases of
 * their stable successor); a manifest written against one stops applying after a cluster upgrade. The
 * kinds rendered here all have stable versions.
 */
export const stableApiVersion: Policy = {
  name: 'stable-api-version',
  description: 'Every object uses a stable API version (no alpha or beta, no extensions group).',
  severity: 'danger',
  follows: [
    { tool: 'kube-score', check: 'stable-version' },
    { tool: 'kube-linter', check: 'no-extensions-v1beta' },
  ],
  check: (manifest) => {
    const [group, version] = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/') : ['', manifest.apiVersion];
    if (group === 'extensions') return [`uses ${manifest.apiVersion}, removed from Kubernetes: use the kind's stable group (apps/v1, networking.k8s.io/v1)`];
    if (/alpha|beta/.test(version)) return [`uses ${manifest.apiVersion}, not a stable API: use the kind's stable version`];
    return [];
  },
};
