import { LONG_RUNNING_KINDS, podLabelsOf, sameNamespace, serviceSelects, type Policy } from './policy';

/**
 * A Service whose selector matches no workload's pods has no endpoints: its clients get connection refused
 * and nothing in the manifests says why (usually a renamed label or service).
 */
export const serviceSelectsPods: Policy = {
  name: 'service-selects-pods',
  description: 'Every Service with a selector selects the pods of some workload of its namespace.',
  severity: 'danger',
  follows: [
    { tool: 'kube-linter', check: 'dangling-service' },
    { tool: 'kube-score', check: 'service-targets-pod' },
  ],
  check: (manifest, context) => {
    if (manifest.kind !== 'Service' || manifest.spec?.type === 'ExternalName') return [];
    const selector: Record<string, string> | undefined = manifest.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) return [];
    const matches = context.manifests.some(
      (workload) =>
        LONG_RUNNING_KINDS.includes(workload.kind) &&
        sameNamespace(workload, manifest) &&
        serviceSelects(manifest, podLabelsOf(workload)),
    );
    return matches ? [] : [`selects ${Object.entries(selector).map(([key, value]) => `${key}=${value}`).join(',')}, which no workload's pods carry: it has no endpoints`];
  },
};
