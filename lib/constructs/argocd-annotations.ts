/**
 * The Argo CD annotations the rendered objects carry. They only steer Argo CD: `kubectl apply` ignores
 * them, so the same manifests serve both ways of deploying.
 */

/** Argo CD applies objects wave by wave, each wave healthy before the next (a string, as Argo CD reads it). */
export function syncWave(wave: number): Record<string, string> {
  return { 'argocd.argoproj.io/sync-wave': String(wave) };
}

/**
 * On claims and on the Namespace that holds them: never prune them when they leave git, nor delete them
 * with the Application. A claim that goes away takes its volume's data with it, a renamed claim is a
 * new, empty one, and a deleted namespace takes all its claims.
 */
export const KEEP_WITH_DATA: Readonly<Record<string, string>> = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' };

/**
 * On Jobs: run as a sync hook, deleted and created anew before each sync, so every sync runs them
 * again (migrations included) and the last run's pod stays for its logs until the next one.
 */
export const RUN_ON_EVERY_SYNC: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/hook': 'Sync',
  'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
};
