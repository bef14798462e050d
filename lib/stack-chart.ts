import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { createHash } from 'crypto';
import { KEEP_WITH_DATA, RUN_ON_EVERY_SYNC, syncWave } from './constructs/argocd-annotations';
import { BlueGreenDeployment } from './constructs/blue-green-deployment';
import { DatabaseBackup } from './constructs/database-backup';
import { EnvironmentConfig } from './constructs/environment-config';
import { EnvironmentNamespace } from './constructs/environment-namespace';
import { objectLabels } from './constructs/labels';
import { ReverseProxyConfig } from './constructs/reverse-proxy-config';
import { NetworkPolicies } from './constructs/network-policies';
import { ServiceJob } from './constructs/service-job';
import { SharedVolume } from './constructs/shared-volume';
import { ownedVolumes, StatefulService } from './constructs/stateful-service';
import { StatelessService } from './constructs/stateless-service';
import { firstUseWave, objectWave, syncWaves } from './constructs/sync-waves';
import { WorkloadServiceAccount } from './constructs/workload-service-account';
import type { ServiceModel, StackModel } from './model';

export interface StackChartProps {
  /** One environment of the stack, as the loader built it. */
  readonly stack: StackModel;
}

/**
 * One environment of the stack, built in the order of its sync waves: the foundation (Namespace first,
 * so `kubectl apply -f` on an empty cluster creates it before anything inside it; configuration,
 * ServiceAccounts, NetworkPolicies, shared claims), then the services layer by layer as `depends_on` orders them, each service's Jobs right
 * before it. Every object carries its wave, so Argo CD applies them in the same order.
 */
export class StackChart extends Chart {
  /** The workload built for each compose service, by service name. */
  readonly workloads = new Map<string, StatelessService | StatefulService | BlueGreenDeployment>();
  /** The Job built for each entry of `jobs`, by name. */
  readonly jobs = new Map<string, ServiceJob>();
  /** The database's backups, where the environment takes them. */
  databaseBackup?: DatabaseBackup;

  constructor(scope: Construct, id: string, props: StackChartProps) {
    const { stack } = props;
    super(scope, id, { namespace: stack.environment.namespace, disableResourceNameHashes: true });
    const context = { project: stack.project, environment: stack.environment.name };
    let proxyConfig: ReverseProxyConfig | undefined;

    for (const { wave, contents } of syncWaves(stack)) {
      for (const content of contents) {
        if (content.kind === 'foundation') {
          new EnvironmentNamespace(this, 'namespace', {
            name: stack.environment.namespace,
            labels: objectLabels(context, 'namespace'),
            kubernetesVersion: stack.environment.kubernetesVersion,
          });
          new EnvironmentConfig(this, 'environment-config', {
            project: stack.project,
            variables: stack.variables,
            labels: objectLabels(context, 'config'),
          });
          for (const service of stack.services) {
            new WorkloadServiceAccount(this, `service-account-${service.name}`, { service: service.name, labels: objectLabels(context, service.name) });
          }
          new NetworkPolicies(this, 'network-policies', { stack });
          if (stack.reverseProxy) {
            proxyConfig = new ReverseProxyConfig(this, 'reverse-proxy-config', {
              proxy: stack.reverseProxy,
              labels: objectLabels(context, stack.reverseProxy.service),
            });
          }
          annotateAll(this, wave);
          for (const volume of stack.volumes.filter((candidate) => candidate.accessMode === 'ReadWriteMany')) {
            const claim = new SharedVolume(this, `volume-${volume.name}`, { volume, labels: objectLabels(context, volume.name), annotations: KEEP_WITH_DATA });
            annotateAll(claim, firstUseWave(stack, volume.name));
          }
        } else if (content.kind === 'database-backup') {
          const database = stack.database!;
          const databaseService = stack.services.find((candidate) => candidate.name === database.service)!;
          this.databaseBackup = new DatabaseBackup(this, 'database-backup', { context, database, databaseService, secretName: stack.secret.name });
          annotateAll(this.databaseBackup, wave);
          // The claim goes with the database pod that mounts it, which cannot start without it.
          annotateAll(this.databaseBackup.claim, firstUseWave(stack, database.backup!.claim.name));
        } else if (content.kind === 'job') {
          const job = stack.jobs.find((candidate) => candidate.name === content.name)!;
          const precedingSteps = stack.jobs.slice(0, stack.jobs.indexOf(job)).filter((earlier) => earlier.service === job.service);
          const construct = new ServiceJob(this, `job-${job.name}`, { job, stack, annotations: RUN_ON_EVERY_SYNC, precedingSteps });
          annotateAll(construct, wave);
          this.jobs.set(job.name, construct);
        } else {
          const service = stack.services.find((candidate) => candidate.name === content.name)!;
          // A change to mounted configuration must roll the pods that read it: the checksum does that.
          const configInputs = [
            service.readsEnvFile ? JSON.stringify(stack.variables) : '',
            service.name === stack.reverseProxy?.service ? proxyConfig?.nginxConf ?? '' : '',
          ].join('\n');
          const podAnnotations = configInputs.trim() ? { 'checksum/config': sha256(configInputs) } : undefined;
          const workload = this.workloadFor(service, stack, podAnnotations);
          annotateAll(workload, wave);
          this.workloads.set(service.name, workload);
        }
      }
    }
  }

  private workloadFor(
    service: ServiceModel,
    stack: StackModel,
    podAnnotations?: Record<string, string>,
  ): StatelessService | StatefulService | BlueGreenDeployment {
    if (service.blueGreen) {
      return new BlueGreenDeployment(this, service.name, { service, stack, podAnnotations });
    }
    if (ownedVolumes(service, stack).length > 0) {
      return new StatefulService(this, service.name, { service, stack, podAnnotations, claimAnnotations: KEEP_WITH_DATA });
    }
    const serviceType = service.name === stack.reverseProxy?.service ? 'LoadBalancer' : 'ClusterIP';
    return new StatelessService(this, service.name, { service, stack, serviceType, podAnnotations });
  }
}

/** Marks every API object under `scope` (for the foundation: all objects made so far) with its sync wave. */
function annotateAll(scope: IConstruct, wave: number): void {
  for (const child of scope.node.findAll()) {
    if (!ApiObject.isApiObject(child)) continue;
    for (const [key, value] of Object.entries(syncWave(objectWave(child.kind, wave)))) child.metadata.addAnnotation(key, value);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
