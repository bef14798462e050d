import { KubeJob } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { JobModel } from '../model';
import { objectLabels } from './labels';
import { podTemplate } from './pod-template';
import { podReferences, type PodReferences, type ServiceWorkloadProps } from './service-workload';

/** How long and how often a Job may run, and how long it stays once finished. */
export interface JobLimits {
  /** Retries of a failed run: a migration that fails three times needs a person, not a fourth try. @default 3 */
  readonly backoffLimit?: number;
  /** A run may not take longer: a hung migration must not block every later sync. @default 3600 (an hour) */
  readonly activeDeadlineSeconds?: number;
  /** How long a finished Job and its pod stay for their logs. @default 86400 (a day) */
  readonly ttlSecondsAfterFinished?: number;
}

/**
 * `service` is the service whose code the Job runs (`job.service`): its image, environment, Secret,
 * mounts and resources. Pass the service workload's `references.serviceAccount` (and shared volumes)
 * when both are in one chart, so the Job runs as the service and the objects are made once.
 */
export interface ServiceJobProps extends ServiceWorkloadProps {
  /** The step: its name, command, image and the services it waits for. */
  readonly job: JobModel;
  /** Annotations of the Job (Argo CD hook and wave). @default none */
  readonly annotations?: Record<string, string>;
  /**
   * Steps that must have run before this one (the earlier Jobs of the same service). The Job runs
   * them again first, as init containers: `kubectl apply` starts all Jobs at once, and this keeps their
   * order without Argo CD's waves. The steps must be idempotent, as they are on every sync anyway.
   * @default none
   */
  readonly precedingSteps?: readonly JobModel[];
  /** @default see JobLimits */
  readonly limits?: JobLimits;
}

/**
 * A one-off step of a compose service (the seed's `docker-compose exec backend python init_database.py`):
 * a Job whose pod is the service's pod (image, environment, Secret, mounts, resources) running the
 * step's command, after waiting for the services it connects to (`waitsFor`: db).
 */
export class ServiceJob extends Construct {
  readonly kubeJob: k8s.KubeJob;
  /** The ServiceAccount and shared claims the pod references (made here unless given). */
  readonly references: PodReferences;

  constructor(scope: Construct, id: string, props: ServiceJobProps) {
    super(scope, id);
    const { job, service, context } = props;
    if (service.name !== job.service) throw new Error(`job "${job.name}" runs the code of "${job.service}", not of "${service.name}": pass that service's model`);
    this.references = podReferences(this, props);
    const labels = objectLabels(context, job.name);
    const template = podTemplate({
      service,
      labels,
      annotations: props.podAnnotations,
      image: job.image,
      task: { command: job.command, waitsFor: job.waitsFor },
      serviceAccountName: this.references.serviceAccount.name,
      dependencyWait: props.dependencyWait,
    });
    const [main] = template.spec!.containers;
    // Each earlier step runs in the Job's own container settings (image, environment, mounts, resources).
    const steps = (props.precedingSteps ?? []).map((step): k8s.Container => ({ ...main, name: step.name, command: [...step.command] }));
    const withSteps: k8s.PodTemplateSpec = {
      ...template,
      spec: { ...template.spec!, initContainers: [...(template.spec!.initContainers ?? []), ...steps] },
    };
    const limits = props.limits ?? {};
    this.kubeJob = new KubeJob(this, 'job', {
      metadata: { name: job.name, labels, annotations: props.annotations },
      spec: {
        backoffLimit: limits.backoffLimit ?? 3,
        activeDeadlineSeconds: limits.activeDeadlineSeconds ?? 3600,
        ttlSecondsAfterFinished: limits.ttlSecondsAfterFinished ?? 86400,
        template: steps.length > 0 ? withSteps : template,
      },
    });
  }
}
