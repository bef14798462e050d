import { findManifest } from '../../policies/policy';
import { isWholeNumber, quote, type FieldProblem, type ValidationRule } from '../rule';

const REPLICATED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/**
 * Replica counts are 0 or more; an autoscaler keeps between `minReplicas` (at least 1) and
 * `maxReplicas` (not below the minimum), targets a kind it can scale that the environment renders, and
 * every utilization target is above 0.
 */
export const replicaCounts: ValidationRule = {
  name: 'replica-counts',
  description: 'Replica counts are 0 or more; an autoscaler has 1 ≤ minReplicas ≤ maxReplicas, positive targets and a target the environment renders.',
  kinds: [...REPLICATED_KINDS, 'HorizontalPodAutoscaler'],
  check: (manifest, context) => {
    const problems: FieldProblem[] = [];
    if (REPLICATED_KINDS.includes(manifest.kind) && manifest.spec?.replicas !== undefined && !isWholeNumber(manifest.spec.replicas, 0)) {
      problems.push({ field: 'spec.replicas', message: `${quote(manifest.spec.replicas)} is not a replica count (a whole number, 0 or more)` });
    }
    if (manifest.kind !== 'HorizontalPodAutoscaler') return problems;
    const { minReplicas = 1, maxReplicas, scaleTargetRef, metrics = [] } = manifest.spec ?? {};
    if (!isWholeNumber(minReplicas, 1)) problems.push({ field: 'spec.minReplicas', message: `${quote(minReplicas)} must be a whole number of at least 1` });
    if (!isWholeNumber(maxReplicas, 1)) problems.push({ field: 'spec.maxReplicas', message: `${quote(maxReplicas)} must be a whole number of at least 1` });
    else if (isWholeNumber(minReplicas, 1) && maxReplicas < minReplicas) {
      problems.push({ field: 'spec.maxReplicas', message: `${maxReplicas} is below minReplicas (${minReplicas})` });
    }
    (metrics as any[]).forEach((metric, index) => {
      const target = metric?.resource?.target ?? metric?.containerResource?.target;
      if (target?.averageUtilization !== undefined && !isWholeNumber(target.averageUtilization, 1)) {
        problems.push({ field: `spec.metrics[${index}].resource.target.averageUtilization`, message: `${quote(target.averageUtilization)} must be a whole percentage above 0` });
      }
    });
    if (manifest.spec?.targetCPUUtilizationPercentage !== undefined && !isWholeNumber(manifest.spec.targetCPUUtilizationPercentage, 1)) {
      problems.push({ field: 'spec.targetCPUUtilizationPercentage', message: `${quote(manifest.spec.targetCPUUtilizationPercentage)} must be a whole percentage above 0` });
    }
    const target = findManifest(context.manifests, scaleTargetRef?.kind, scaleTargetRef?.name, manifest.metadata.namespace);
    if (!target) problems.push({ field: 'spec.scaleTargetRef', message: `names ${scaleTargetRef?.kind}/${scaleTargetRef?.name}, which this environment does not render` });
    return problems;
  },
};
