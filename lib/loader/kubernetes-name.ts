/**
 * Compose allows `_` in service and volume names, a DNS label does not. Apart from the settings'
 * renaming (names.ts), so that the settings readers can use it without importing what reads them.
 */

/** `my_app` → `my-app`: the stable DNS label a compose service or volume name becomes. */
export function kubernetesName(composeName: string): string {
  return composeName.replace(/_/g, '-');
}
