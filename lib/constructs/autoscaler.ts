import { KubeHorizontalPodAutoscalerV2 } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';

export interface AutoscalerProps {
  /** The Deployment to scale; the autoscaler takes its name. */
  readonly deployment: string;
  readonly labels: Record<string, string>;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU use, as a percentage of the requests, that the autoscaler aims for. */
  readonly targetCPUUtilizationPercentage: number;
}

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on CPU. The Deployment it scales renders no `replicas`,
 * so neither a sync nor `kubectl apply` resets what the autoscaler decided.
 */
export class Autoscaler extends Construct {
  readonly autoscaler: k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, props: AutoscalerProps) {
    super(scope, id);
    this.autoscaler = new KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
      metadata: { name: props.deployment, labels: props.labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deployment },
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.targetCPUUtilizationPercentage } } },
        ],
      },
    });
  }
}
