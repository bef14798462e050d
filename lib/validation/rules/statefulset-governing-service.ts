import { findManifest, selects } from '../../policies/policy';
import type { ValidationRule } from '../rule';

/**
 * A StatefulSet names its governing Service (`serviceName`, required in Kubernetes 1.27), which gives
 * each pod its stable DNS name `<pod>.<service>`. The API server does not look for it; without a
 * headless Service of that name selecting the pods, those names never resolve.
 */
export const statefulSetGoverningService: ValidationRule = {
  name: 'statefulset-governing-service',
  description: 'A StatefulSet names a headless Service of its environment that selects its pods.',
  kinds: ['StatefulSet'],
  check: (manifest, context) => {
    if (manifest.kind !== 'StatefulSet') return [];
    const name = manifest.spec?.serviceName;
    if (typeof name !== 'string' || name === '') return [{ field: 'spec.serviceName', message: 'is required: the headless Service that gives each pod its DNS name' }];
    const service = findManifest(context.manifests, 'Service', name, manifest.metadata.namespace);
    if (!service) return [{ field: 'spec.serviceName', message: `names Service "${name}", which this environment does not render` }];
    if (service.spec?.clusterIP !== 'None') return [{ field: 'spec.serviceName', message: `Service "${name}" is not headless (clusterIP: None): the pods get no DNS names of their own` }];
    const labels = manifest.spec?.template?.metadata?.labels ?? {};
    return selects({ matchLabels: service.spec?.selector }, labels) ? [] : [{ field: 'spec.serviceName', message: `Service "${name}" does not select the StatefulSet's pods` }];
  },
};
