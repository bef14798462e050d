import { replicationOf, type Policy } from './policy';

/**
 * One pod is a single point of failure: a node drain, an eviction or a crash takes the service away until
 * a new pod is ready. Two at least keep it answering; an autoscaler's minimum counts, as it never scales
 * below it.
 */
export const replicatedDeployment: Policy = {
  name: 'replicated-deployment',
  description: 'Every Deployment runs at least 2 replicas, or is kept at 2 or more by a HorizontalPodAutoscaler.',
  severity: 'warning',
  // A second pod is what production needs; a test environment's single pod loses minutes of a test, not a service.
  onlyInProduction: true,
  // kube-score skips a Deployment no Service selects or an autoscaler targets; this rule is stricter.
  // Polaris' deploymentMissingReplicas reads spec.replicas alone: declared-replicas follows it.
  follows: [{ tool: 'kube-score', check: 'deployment-replicas' }],
  check: (manifest, context) => {
    if (manifest.kind !== 'Deployment') return [];
    // A colour scaled to zero on purpose (after a verified release) runs nothing that could fail.
    if (manifest.spec?.replicas === 0) return [];
    if (replicationOf(manifest, context)) return [];
    return [`runs ${manifest.spec?.replicas ?? 1} replica: run at least 2 so one pod's loss does not take the service away`];
  },
};
