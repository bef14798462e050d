import { containersWithPaths, isWholeNumber, POD_KINDS, podSpecWithPath, quote, type FieldProblem, type ValidationRule } from '../rule';

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'];

/**
 * A probe has exactly one handler, counts that are not negative (0 means "the default" for those
 * that default), and liveness and startup probes succeed after a single success: the API server
 * refuses `successThreshold` above 1 for them.
 */
export const probeValues: ValidationRule = {
  name: 'probe-values',
  description: 'Every probe has one handler, non-negative timings and thresholds, and successThreshold 1 for liveness and startup.',
  kinds: POD_KINDS,
  check: (manifest) => {
    const pod = podSpecWithPath(manifest);
    const problems: FieldProblem[] = [];
    for (const { container, path } of pod ? containersWithPaths(pod) : []) {
      for (const name of PROBES) {
        const probe = container[name];
        if (!probe) continue;
        const handlers = HANDLERS.filter((handler) => probe[handler] !== undefined);
        if (handlers.length !== 1) problems.push({ field: `${path}.${name}`, message: `must have exactly one of ${HANDLERS.join(', ')} (has ${handlers.length === 0 ? 'none' : handlers.join(', ')})` });
        for (const count of COUNTS) {
          if (probe[count] !== undefined && !isWholeNumber(probe[count], 0)) problems.push({ field: `${path}.${name}.${count}`, message: `${quote(probe[count])} must be a whole number, 0 or more` });
        }
        if (name !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold > 1) {
          problems.push({ field: `${path}.${name}.successThreshold`, message: `must be 1 for a ${name === 'livenessProbe' ? 'liveness' : 'startup'} probe (is ${probe.successThreshold})` });
        }
      }
    }
    if (pod && pod.spec?.terminationGracePeriodSeconds !== undefined && !isWholeNumber(pod.spec.terminationGracePeriodSeconds, 0)) {
      problems.push({ field: `${pod.path}.terminationGracePeriodSeconds`, message: `${quote(pod.spec.terminationGracePeriodSeconds)} must be a whole number, 0 or more` });
    }
    return problems;
  },
};
