/**
 * Compose names (services, volumes) as Kubernetes names. Compose allows `_` in them, a DNS label does
 * not: the loader renames once, here, and everything after it (the model, the objects, the settings
 * lookups) uses the Kubernetes name.
 */

/** `my_app` → `my-app`: the stable DNS label a compose service or volume name becomes. */
export function kubernetesName(composeName: string): string {
  return composeName.replace(/_/g, '-');
}
