import { LONG_RUNNING_KINDS, podSpecOf, type Policy } from './policy';

// Only main containers: init containers run to completion before probes apply.

/**
 * Without a readiness probe a Service sends requests to a pod as soon as its process starts, and keeps
 * sending them to one that can no longer answer; without a liveness probe a hung process is never restarted.
 */
export const probesSet: Policy = {
  name: 'probes-set',
  description: 'Every main container of a long-running workload (Deployment, StatefulSet, DaemonSet, Pod) has a readinessProbe and a livenessProbe.',
  severity: 'danger',
  follows: [
    { tool: 'polaris', check: 'readinessProbeMissing' },
    { tool: 'polaris', check: 'livenessProbeMissing' },
    { tool: 'kube-score', check: 'pod-probes' },
    { tool: 'kube-linter', check: 'no-readiness-probe' },
    { tool: 'kube-linter', check: 'no-liveness-probe' },
  ],
  check: (manifest) => {
    if (!LONG_RUNNING_KINDS.includes(manifest.kind)) return [];
    return (podSpecOf(manifest)?.containers ?? []).flatMap((container) => {
      const violations: string[] = [];
      if (!container.readinessProbe) {
        violations.push(`container "${container.name}" has no readinessProbe: add one so its Service sends requests only to a ready pod`);
      }
      if (!container.livenessProbe) {
        violations.push(`container "${container.name}" has no livenessProbe: add one so a hung process is restarted`);
      }
      return violations;
    });
  },
};
