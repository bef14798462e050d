import { findManifest, type Manifest, type Policy } from './policy';

/** Every backend of an Ingress: the default one and each path's. */
function backendsOf(ingress: Manifest): Array<{ name?: string; port?: { number?: number; name?: string } }> {
  const spec = ingress.spec ?? {};
  const paths = (spec.rules ?? []).flatMap((rule: any) => rule.http?.paths ?? []);
  return [spec.defaultBackend, ...paths.map((path: any) => path.backend)].filter((backend) => backend?.service).map((backend) => backend.service);
}

/**
 * An Ingress whose backend names a Service that does not exist, or a port that Service does not have,
 * answers 503 for its host, and nothing in the manifests says why (a renamed service or port).
 */
export const ingressTargetsService: Policy = {
  name: 'ingress-targets-service',
  description: 'Every backend of an Ingress names a Service of its namespace, and a port of that Service.',
  severity: 'danger',
  follows: [{ tool: 'kube-score', check: 'ingress-targets-service' }],
  check: (manifest, context) => {
    if (manifest.kind !== 'Ingress') return [];
    return backendsOf(manifest).flatMap((backend) => {
      const service = findManifest(context.manifests, 'Service', backend.name, manifest.metadata.namespace);
      if (!service) return [`routes to Service "${backend.name}", which is not in its namespace: its host answers 503`];
      const ports: any[] = service.spec?.ports ?? [];
      const found = ports.some((port) => (backend.port?.number !== undefined ? port.port === backend.port.number : port.name === backend.port?.name));
      return found ? [] : [`routes to port ${backend.port?.number ?? backend.port?.name} of Service "${backend.name}", which has no such port`];
    });
  },
};
