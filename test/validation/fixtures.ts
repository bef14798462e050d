import type { Manifest, ValidationRule } from '../../lib/validation';
import { compliantDeployment, compliantStatefulSet } from '../policies/fixtures';

export { compliantCronJob, compliantDeployment, compliantJob, compliantPodDisruptionBudget, compliantStatefulSet } from '../policies/fixtures';

/** The headless Service that governs compliantStatefulSet (serviceName `backend`). */
export function governingService(): Manifest {
  const statefulSet = compliantStatefulSet();
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'backend', namespace: statefulSet.metadata.namespace },
    spec: { clusterIP: 'None', selector: { ...statefulSet.spec.selector.matchLabels }, ports: [{ name: 'http', port: 8000, targetPort: 'http' }] },
  };
}

export function service(): Manifest {
  const deployment = compliantDeployment();
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'backend', namespace: deployment.metadata.namespace },
    spec: { type: 'ClusterIP', selector: { ...deployment.spec.selector.matchLabels }, ports: [{ name: 'http', port: 8000, targetPort: 'http' }] },
  };
}

/** The problems a rule finds in one object, among `others`, as `field: message`. */
export function problemsOf(rule: ValidationRule, manifest: Manifest, others: Manifest[] = []): string[] {
  return rule.check(manifest, { environment: 'prod', manifests: [manifest, ...others] }).map((problem) => `${problem.field}: ${problem.message}`);
}

/** The main container of a fixture workload. */
export function container(workload: Manifest): any {
  return workload.spec.template.spec.containers[0];
}
