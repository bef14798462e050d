import { coveredByDisruptionBudget, type Policy } from './policy';

/**
 * Polaris asks a disruption budget of every Deployment, one replica or many: a budget is where the team
 * says how much of the service a node drain may take at once, and a Deployment that grows later keeps it.
 * `replicated-has-pdb` asks the same of replicated workloads only, as kube-score does.
 */
export const deploymentHasPdb: Policy = {
  name: 'deployment-has-pdb',
  description: 'Every Deployment is selected by a PodDisruptionBudget of its namespace, whatever its replica count.',
  severity: 'warning',
  // A budget on a test environment's single pod protects nothing (see replicated-deployment).
  onlyInProduction: true,
  follows: [{ tool: 'polaris', check: 'missingPodDisruptionBudget' }],
  check: (manifest, context) => {
    if (manifest.kind !== 'Deployment') return [];
    return coveredByDisruptionBudget(manifest, context) ? [] : ['is selected by no PodDisruptionBudget of its namespace: add one that says how many pods a node drain may take'];
  },
};
