import type { Policy } from './policy';

/** What Kubernetes uses when a rolling update states no maxUnavailable. */
const DEFAULT_MAX_UNAVAILABLE = '25%';

/**
 * Recreate stops every pod before starting the new ones, and a rolling update with maxUnavailable above 0
 * stops old pods before their replacements are ready: either way a rollout runs below the capacity the
 * replica count promises. With maxUnavailable 0 new pods surge in first (maxSurge must then be above 0).
 */
export const rollingUpdateKeepsCapacity: Policy = {
  name: 'rolling-update-keeps-capacity',
  description: "A Deployment's strategy is RollingUpdate with maxUnavailable 0.",
  severity: 'warning',
  follows: [
    { tool: 'kube-linter', check: 'no-rolling-update-strategy' },
  ],
  check: (manifest) => {
    if (manifest.kind !== 'Deployment') return [];
    const strategy = manifest.spec?.strategy ?? {};
    const type: string = strategy.type ?? 'RollingUpdate';
    if (type !== 'RollingUpdate') {
      return [`strategy ${type} stops every pod before the new ones start: use RollingUpdate with maxUnavailable: 0`];
    }
    const stated = strategy.rollingUpdate?.maxUnavailable;
    if (stated === 0 || stated === '0%') return [];
    const shown = stated === undefined ? `${DEFAULT_MAX_UNAVAILABLE}, the default` : String(stated);
    return [`a rollout may stop pods before their replacements are ready (maxUnavailable: ${shown}): set maxUnavailable: 0 and maxSurge above 0`];
  },
};
