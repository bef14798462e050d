import { KubeDeployment } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { ServiceModel } from '../model';
import { Autoscaler } from './autoscaler';
import type { DependencyWaitProps } from './dependency-wait';
import { DisruptionBudget } from './disruption-budget';
import { podTemplate } from './pod-template';
import type { ProbeChoices } from './probes';

/** How a Deployment replaces its pods with new ones. */
export interface RolloutProps {
  /** Pods a rollout may start above the desired count. @default 1 */
  readonly maxSurge?: number;
  /** Pods a rollout may take below the desired count. @default 0: capacity holds during a rollout */
  readonly maxUnavailable?: number;
}

/** What the workloads built on Deployments (StatelessService, BlueGreenDeployment) pass on to each. */
export interface DeploymentChoices {
  /** @default one extra pod at a time, never below the desired count */
  readonly rollout?: RolloutProps;
  /** Pods of a replicated workload its PodDisruptionBudget lets a drain take at once. @default 1 */
  readonly maxUnavailableInDisruption?: number;
}

export interface ServiceDeploymentProps extends DeploymentChoices {
  /** The compose service the Deployment runs. */
  readonly service: ServiceModel;
  /** Object name. @default the service name */
  readonly name?: string;
  /** Labels of the Deployment and its pods; must include `selector`. */
  readonly labels: Record<string, string>;
  /** Labels that select this Deployment's pods (immutable once applied). */
  readonly selector: Record<string, string>;
  /** @default the service's replicas */
  readonly replicas?: number;
  /** @default the service's image */
  readonly image?: string;
  /** Variables added after the compose ones. @default none */
  readonly extraEnvironment?: readonly k8s.EnvVar[];
  /** Pod annotations (checksums of mounted configuration). @default none */
  readonly podAnnotations?: Record<string, string>;
  /** The ServiceAccount the pods run as; the workload that builds this Deployment makes it. @default the service name */
  readonly serviceAccountName?: string;
  /** @default see DependencyWaitProps */
  readonly dependencyWait?: DependencyWaitProps;
  /** @default see ProbeChoices */
  readonly probes?: ProbeChoices;
}

/**
 * The Deployment of one compose service (or of one colour of it), with what keeps it available: a
 * rolling update that surges one pod at a time and never goes below the desired count; spread over
 * nodes; for more than one replica, anti-affinity between its pods and a PodDisruptionBudget; and, where the environment autoscales the
 * service, a HorizontalPodAutoscaler whose minimum is the replica count. A building block of
 * StatelessService and BlueGreenDeployment, which make the ServiceAccount and claims it references.
 */
export class ServiceDeployment extends Construct {
  readonly deployment: k8s.KubeDeployment;
  readonly disruptionBudget?: DisruptionBudget;
  readonly autoscaler?: Autoscaler;

  constructor(scope: Construct, id: string, props: ServiceDeploymentProps) {
    super(scope, id);
    const { service } = props;
    const name = props.name ?? service.name;
    const replicas = props.replicas ?? service.replicas;
    // A colour scaled to zero stays at zero: no autoscaler would start it again.
    const autoscaling = replicas > 0 ? service.autoscaling : undefined;
    const replicated = replicas > 1 || autoscaling !== undefined;
    const maxSurge = props.rollout?.maxSurge ?? 1;
    const maxUnavailable = props.rollout?.maxUnavailable ?? 0;
    if (maxSurge === 0 && maxUnavailable === 0) {
      throw new Error(`deployment "${name}": a rollout with maxSurge 0 and maxUnavailable 0 can replace no pod; allow one of them at least 1`);
    }

    this.deployment = new KubeDeployment(this, 'deployment', {
      metadata: { name, labels: props.labels },
      spec: {
        replicas: autoscaling ? undefined : replicas,
        selector: { matchLabels: props.selector },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: k8s.IntOrString.fromNumber(maxSurge),
            maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable),
          },
        },
        template: podTemplate({
          service,
          labels: props.labels,
          annotations: props.podAnnotations,
          image: props.image,
          extraEnvironment: props.extraEnvironment,
          spreadBy: props.selector,
          replicated,
          serviceAccountName: props.serviceAccountName,
          dependencyWait: props.dependencyWait,
          probes: props.probes,
        }),
      },
    });
    if (replicated) {
      this.disruptionBudget = new DisruptionBudget(this, 'disruption-budget', {
        name,
        labels: props.labels,
        selector: props.selector,
        maxUnavailable: props.maxUnavailableInDisruption,
      });
    }
    if (autoscaling) {
      this.autoscaler = new Autoscaler(this, 'autoscaler', {
        deployment: name,
        labels: props.labels,
        minReplicas: replicas,
        maxReplicas: autoscaling.maxReplicas,
        targetCPUUtilizationPercentage: autoscaling.targetCPUUtilizationPercentage,
      });
    }
  }
}
