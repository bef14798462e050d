import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { JobModel, StackModel } from '../model';
import { objectLabels } from './labels';
import { podTemplate } from './pod-template';

export interface ServiceJobProps {
  readonly job: JobModel;
  readonly stack: StackModel;
  /** Annotations of the Job (Argo CD hook and wave). @default none */
  readonly annotations?: Record<string, string>;
}

/** Allowed attempts: a migration that fails three times needs a person, not a fourth try. */
const BACKOFF_LIMIT = 3;
/** A run may not take longer than this; a hung migration must not block every later sync. */
const ACTIVE_DEADLINE_SECONDS = 3600;
/** How long a finished Job and its pod stay for their logs. */
const TTL_SECONDS_AFTER_FINISHED = 86400;

/**
 * A one-off step of a compose service (the seed's `docker-compose exec backend python init_database.py`):
 * a Job whose pod is the service's pod (image, environment, Secret, mounts, resources) running the
 * step's command, and which waits like the service for its `service_healthy` dependencies (db).
 */
export class ServiceJob extends Construct {
  readonly kubeJob: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: ServiceJobProps) {
    super(scope, id);
    const { job, stack } = props;
    const service = stack.services.find((candidate) => candidate.name === job.service);
    if (!service) throw new Error(`job "${job.name}" names service "${job.service}", which the model does not have`);
    const labels = objectLabels({ project: stack.project, environment: stack.environment.name }, job.name);
    this.kubeJob = new k8s.KubeJob(this, 'job', {
      metadata: { name: job.name, labels, annotations: props.annotations },
      spec: {
        backoffLimit: BACKOFF_LIMIT,
        activeDeadlineSeconds: ACTIVE_DEADLINE_SECONDS,
        ttlSecondsAfterFinished: TTL_SECONDS_AFTER_FINISHED,
        template: podTemplate({ service, stack, labels, image: job.image, task: { command: job.command, waitsFor: job.waitsFor } }),
      },
    });
  }
}
