import { KubePodDisruptionBudget } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';

export interface DisruptionBudgetProps {
  /** Name of the budget: the workload's. */
  readonly name: string;
  readonly labels: Record<string, string>;
  /** The workload's selector. */
  readonly selector: Record<string, string>;
  /** Pods a voluntary disruption (a node drain, a cluster upgrade) may take down at once. @default 1 */
  readonly maxUnavailable?: number;
}

/**
 * A PodDisruptionBudget for a replicated workload: voluntary disruptions (node drains, cluster
 * upgrades) take its pods down one at a time, so the others keep serving.
 */
export class DisruptionBudget extends Construct {
  readonly budget: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    this.budget = new KubePodDisruptionBudget(this, 'budget', {
      metadata: { name: props.name, labels: props.labels },
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(props.maxUnavailable ?? 1),
        selector: { matchLabels: props.selector },
        // Pods that never became ready protect nothing: a broken rollout must not block node drains.
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
