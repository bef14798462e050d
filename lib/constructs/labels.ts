/**
 * The recommended app.kubernetes.io labels. Selector labels are a stable subset: they never include
 * anything that changes between releases, because a Deployment's selector is immutable.
 */

export interface LabelContext {
  /** Compose project name, e.g. `tramites`. */
  readonly project: string;
  /** Environment name, e.g. `prod`. */
  readonly environment: string;
}

/** Labels that select the pods of one compose service. */
export function selectorLabels(context: LabelContext, service: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': service,
    'app.kubernetes.io/instance': `${context.project}-${context.environment}`,
  };
}

/**
 * The label a pod carries for each compose network its service is on (`networkPaths: compose`), so one
 * NetworkPolicy peer selects a network's members however many there are. The network's name must be
 * a label name (at most 63 characters: letters, digits, "-", "_", "."), which the loader checks.
 */
export function networkMemberLabel(network: string): string {
  return `compose-network/${network}`;
}

/** Labels every object of a service carries. */
export function objectLabels(context: LabelContext, component: string): Record<string, string> {
  return {
    ...selectorLabels(context, component),
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': context.project,
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
}
