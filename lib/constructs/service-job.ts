import * as k8s from '../k8s';
import { Construct } from 'constructs';
import type { JobModel, StackModel } from '../model';
import { objectLabels } from './labels';
import { podTemplate } from './pod-template';

export interface ServiceJobProps {
  /** The step: its name, command, image and the services it waits for. */
  readonly job: JobModel;
  /** The environment, for the service the Job runs the code of. */
  readonly stack: StackModel;
  /** Annotations of the Job (Argo CD hook and wave). @default none */
  readonly annotations?: Record<string, string>;
  /**
   * Steps that must have run before this one (the earlier Jobs of the same service). The Job runs
   * them again first, as init containers: `kubectl apply` starts all Jobs at once, and this keeps their
   * order without Argo CD's waves. The steps must be idempotent, as they are on every sync anyway.
   * @default none
   */
  readonly precedingSteps?: readonly JobModel[];
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
 * step's command, after waiting for the services it connects to (`waitsFor`: db).
 */
export class ServiceJob extends Construct {
  readonly kubeJob: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: ServiceJobProps) {
    super(scope, id);
    const { job, stack } = props;
    const service = stack.services.find((candidate) => candidate.name === job.service);
    if (!service) throw new Error(`job "${job.name}" names service "${job.service}", which the model does not have: pass a model from the loader, which refuses that`);
    const labels = objectLabels({ project: stack.project, environment: stack.environment.name }, job.name);
    const template = podTemplate({ service, stack, labels, image: job.image, task: { command: job.command, waitsFor: job.waitsFor } });
    const [main] = template.spec!.containers;
    // Each earlier step runs in the Job's own container settings (image, environment, mounts, resources).
    const steps = (props.precedingSteps ?? []).map((step): k8s.Container => ({ ...main, name: step.name, command: [...step.command] }));
    const withSteps: k8s.PodTemplateSpec = {
      ...template,
      spec: { ...template.spec!, initContainers: [...(template.spec!.initContainers ?? []), ...steps] },
    };
    this.kubeJob = new k8s.KubeJob(this, 'job', {
      metadata: { name: job.name, labels, annotations: props.annotations },
      spec: {
        backoffLimit: BACKOFF_LIMIT,
        activeDeadlineSeconds: ACTIVE_DEADLINE_SECONDS,
        ttlSecondsAfterFinished: TTL_SECONDS_AFTER_FINISHED,
        template: steps.length > 0 ? withSteps : template,
      },
    });
  }
}
