import { parseKubernetesQuantity } from '../../units';
import { containersWithPaths, POD_KINDS, podSpecWithPath, quote, type FieldProblem, type ValidationRule } from '../rule';

/**
 * Every resource amount is a quantity, not negative, and no request exceeds its limit: the API server
 * refuses "must be less than or equal to cpu limit". Compared by value (`1Gi` is `1024Mi`). A claim's
 * storage request must be positive.
 */
export const resourceQuantities: ValidationRule = {
  name: 'resource-quantities',
  description: 'Resource requests and limits are non-negative quantities with every request at most its limit; claims request a positive size.',
  kinds: [...POD_KINDS, 'PersistentVolumeClaim'],
  check: (manifest) => {
    const problems: FieldProblem[] = [];
    const pod = podSpecWithPath(manifest);
    for (const { container, path } of pod ? containersWithPaths(pod) : []) {
      const requests = container?.resources?.requests ?? {};
      const limits = container?.resources?.limits ?? {};
      for (const [kind, amounts] of [['requests', requests], ['limits', limits]] as const) {
        for (const [resource, amount] of Object.entries(amounts)) {
          const value = parseKubernetesQuantity(amount as string);
          if (value === undefined || value < 0n) problems.push({ field: `${path}.resources.${kind}[${resource}]`, message: `${quote(amount)} is not a non-negative quantity` });
        }
      }
      for (const [resource, request] of Object.entries(requests)) {
        const limit = limits[resource];
        if (limit === undefined) continue;
        const requested = parseKubernetesQuantity(request as string);
        const limited = parseKubernetesQuantity(limit as string);
        if (requested !== undefined && limited !== undefined && requested > limited) {
          problems.push({ field: `${path}.resources.requests[${resource}]`, message: `${request} is more than its limit ${limit}` });
        }
      }
    }
    const claims = manifest.kind === 'PersistentVolumeClaim' ? [{ spec: manifest.spec, path: 'spec' }] : [];
    if (manifest.kind === 'StatefulSet') {
      for (const template of manifest.spec?.volumeClaimTemplates ?? []) claims.push({ spec: template?.spec, path: `spec.volumeClaimTemplates[${template?.metadata?.name}].spec` });
    }
    for (const claim of claims) {
      const size = claim.spec?.resources?.requests?.storage;
      const value = size === undefined ? undefined : parseKubernetesQuantity(size);
      if (value === undefined || value <= 0n) problems.push({ field: `${claim.path}.resources.requests.storage`, message: `${quote(size)} must be a positive quantity` });
    }
    return problems;
  },
};
