import { findManifest, type Policy } from './policy';

/**
 * A StatefulSet's pods get their stable DNS names (`db-0.db-headless`) from its governing Service, which
 * must exist, be headless and select the pods; without it, those names never resolve.
 */
export const statefulsetGoverningService: Policy = {
  name: 'statefulset-governing-service',
  description: 'Every StatefulSet names a headless Service of its namespace, as serviceName, that selects its pods.',
  severity: 'danger',
  follows: [{ tool: 'kube-score', check: 'statefulset-has-servicename' }],
  check: (manifest, context) => {
    if (manifest.kind !== 'StatefulSet') return [];
    const name: string | undefined = manifest.spec?.serviceName;
    if (!name) return ['has no serviceName: name its headless governing Service'];
    const service = findManifest(context.manifests, 'Service', name, manifest.metadata.namespace);
    if (!service) return [`names serviceName "${name}", which is not rendered: add the headless Service`];
    const violations: string[] = [];
    if (service.spec?.clusterIP !== 'None') violations.push(`names serviceName "${name}", which is not headless: set clusterIP: None`);
    const labels: Record<string, string> = manifest.spec?.template?.metadata?.labels ?? {};
    const selector: Record<string, string> = service.spec?.selector ?? {};
    if (Object.keys(selector).length === 0 || !Object.entries(selector).every(([key, value]) => labels[key] === value)) {
      violations.push(`names serviceName "${name}", which does not select its pods: match the pod labels`);
    }
    return violations;
  },
};
