import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { createHash } from 'crypto';
import { KEEP_WITH_DATA, RUN_ON_EVERY_SYNC, syncWave } from './constructs/argocd-annotations';
import { AlertRules, type WorkloadRef } from './constructs/alert-rules';
import { BlueGreenDeployment, COLOR_LABEL } from './constructs/blue-green-deployment';
import { DatabaseBackup } from './constructs/database-backup';
import { EnvironmentConfig } from './constructs/environment-config';
import { EnvironmentNamespace } from './constructs/environment-namespace';
import { FileConfigMap } from './constructs/file-config-map';
import { objectLabels, selectorLabels } from './constructs/labels';
import { MetricsMonitor } from './constructs/metrics-monitor';
import { reloadAnnotations } from './constructs/reload-annotations';
import { ReverseProxyConfig } from './constructs/reverse-proxy-config';
import { NetworkPolicies } from './constructs/network-policies';
import { SecretFromStore } from './constructs/secret-from-store';
import { ServiceJob } from './constructs/service-job';
import { SharedVolume } from './constructs/shared-volume';
import { ownedVolumes } from './constructs/pod-template';
import { StatefulService } from './constructs/stateful-service';
import { StatelessService } from './constructs/stateless-service';
import type { ServiceWorkloadProps } from './constructs/service-workload';
import { FOUNDATION_WAVE, firstUseWave, objectWave, syncWaves } from './constructs/sync-waves';
import { TlsCertificate } from './constructs/tls-certificate';
import { WorkloadServiceAccount } from './constructs/workload-service-account';
import type { LabelContext } from './constructs/labels';
import { referencedSecretKeys, type ConfigMapModel, type ServiceModel, type StackModel } from './model';

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
  /** The alerts, when the environment is monitored. */
  readonly alertRules?: AlertRules;
  /** The database's backups, where the environment takes them. */
  databaseBackup?: DatabaseBackup;

  private readonly stack: StackModel;
  private readonly context: LabelContext;
  /**
   * Made in the foundation and handed to the constructs, which would otherwise make their own: a
   * service's Jobs run as the service in earlier waves than its workload, and a shared claim is
   * mounted by several workloads and Jobs.
   */
  private readonly serviceAccounts = new Map<string, WorkloadServiceAccount>();
  private readonly sharedVolumes: SharedVolume[] = [];
  private proxyConfig?: ReverseProxyConfig;

  constructor(scope: Construct, id: string, props: StackChartProps) {
    const { stack } = props;
    super(scope, id, { namespace: stack.environment.namespace, disableResourceNameHashes: true });
    this.stack = stack;
    this.context = { project: stack.project, environment: stack.environment.name };
    for (const { wave, contents } of syncWaves(stack)) {
      for (const content of contents) {
        if (content.kind === 'foundation') this.foundation(wave);
        else if (content.kind === 'database-backup') this.backups(wave);
        else if (content.kind === 'job') this.job(content.name, wave);
        else this.workload(content.name, wave);
      }
    }
    // Built last, from the workloads as built; it belongs to the foundation, with the PodMonitors.
    if (stack.monitoring) this.alertRules = this.alerts(stack.monitoring);
  }

  /** The Namespace, configuration, ServiceAccounts, NetworkPolicies, platform objects; the shared claims in the wave of their first user. */
  private foundation(wave: number): void {
    const { stack, context } = this;
    new EnvironmentNamespace(this, 'namespace', {
      name: stack.environment.namespace,
      labels: objectLabels(context, 'namespace'),
      kubernetesVersion: stack.environment.kubernetesVersion,
      enforce: stack.environment.enforcedPodSecurity,
    });
    new EnvironmentConfig(this, 'environment-config', {
      name: stack.variablesConfigMap,
      variables: stack.variables,
      labels: objectLabels(context, 'config'),
    });
    for (const configMap of stack.configMaps ?? []) {
      new FileConfigMap(this, `config-map-${configMap.name}`, { configMap, labels: objectLabels(context, 'config') });
    }
    for (const service of stack.services) {
      const account = new WorkloadServiceAccount(this, `service-account-${service.name}`, { service: service.name, labels: objectLabels(context, service.name) });
      this.serviceAccounts.set(service.name, account);
    }
    new NetworkPolicies(this, 'network-policies', { paths: stack.networkPaths ?? [], context });
    if (stack.reverseProxy) {
      this.proxyConfig = new ReverseProxyConfig(this, 'reverse-proxy-config', {
        proxy: stack.reverseProxy,
        labels: objectLabels(context, stack.reverseProxy.service),
      });
    }
    this.platformObjects();
    annotateAll(this, wave);
    for (const volume of stack.volumes.filter((candidate) => candidate.accessMode === 'ReadWriteMany')) {
      const claim = new SharedVolume(this, `volume-${volume.name}`, { volume, labels: objectLabels(context, volume.name), annotations: KEEP_WITH_DATA });
      annotateAll(claim, firstUseWave(stack, volume.name));
      this.sharedVolumes.push(claim);
    }
  }

  /** The database's backups; their claim goes with the database pod that mounts it, which cannot start without it. */
  private backups(wave: number): void {
    const database = this.stack.database!;
    const databaseService = this.service(database.service);
    this.databaseBackup = new DatabaseBackup(this, 'database-backup', { context: this.context, database, databaseService, secretName: this.stack.secret.name });
    annotateAll(this.databaseBackup, wave);
    annotateAll(this.databaseBackup.claim, firstUseWave(this.stack, database.backup!.claim.name));
  }

  /** One Job, run on every sync, after the earlier Jobs of its service. */
  private job(name: string, wave: number): void {
    const { jobs } = this.stack;
    const job = jobs.find((candidate) => candidate.name === name)!;
    const precedingSteps = jobs.slice(0, jobs.indexOf(job)).filter((earlier) => earlier.service === job.service);
    const construct = new ServiceJob(this, `job-${job.name}`, { ...this.sharedWith(job.service), job, annotations: RUN_ON_EVERY_SYNC, precedingSteps });
    annotateAll(construct, wave);
    this.jobs.set(job.name, construct);
  }

  /** One service's workload, its pods annotated with a checksum of the configuration they read. */
  private workload(name: string, wave: number): void {
    const { stack } = this;
    const service = this.service(name);
    // A change to mounted configuration must roll the pods that read it: the checksum does that.
    const configInputs = [
      service.readsEnvFile ? JSON.stringify(stack.variables) : '',
      service.name === stack.reverseProxy?.service ? this.proxyConfig?.nginxConf ?? '' : '',
      // Added only where there is one, so the checksum of a service without such files is as before.
      ...configMapsReadBy(service, stack).map((configMap) => JSON.stringify(configMap)),
    ].join('\n');
    const podAnnotations = configInputs.trim() ? { 'checksum/config': sha256(configInputs) } : undefined;
    const workload = this.workloadFor({ ...this.sharedWith(name), podAnnotations });
    annotateAll(workload, wave);
    annotateWorkloads(workload, reloadAnnotations(service));
    this.workloads.set(service.name, workload);
    if (service.exposure || service.aliases) {
      // Loaded only for a stack that exposes a service without a reverse proxy or names aliases: the
      // Trámites synth never needs it.
      const { ServiceAlias, ServiceExposure } = require('./constructs/service-exposure') as typeof import('./constructs/service-exposure');
      const { context } = this;
      for (const alias of service.aliases ?? []) annotateAll(new ServiceAlias(this, `alias-${alias}`, { service, alias, context }), wave);
      if (service.exposure) annotateAll(new ServiceExposure(this, `exposure-${service.name}`, { service, exposure: service.exposure, context }), wave);
    }
  }

  /** The alerts on every workload as built, the certificate and the backups. */
  private alerts(monitoring: NonNullable<StackModel['monitoring']>): AlertRules {
    const { stack } = this;
    const refs = stack.services.flatMap((service) => workloadRefs(service.name, this.workloads.get(service.name)!));
    const entryPoint = refs.find((ref) => ref.service === stack.reverseProxy?.service);
    const alertRules = new AlertRules(this, 'alert-rules', {
      name: `${stack.project}-alerts`,
      namespace: stack.environment.namespace,
      environment: stack.environment.name,
      entryPoint,
      workloads: refs.filter((ref) => ref !== entryPoint),
      certificate: stack.reverseProxy?.certificate ? stack.reverseProxy.tlsSecret : undefined,
      backupCronJob: this.databaseBackup?.fullBackups.name,
      logBackupCronJob: this.databaseBackup?.logBackups.name,
      runbookUrl: monitoring.runbookUrl,
      labels: { ...objectLabels(this.context, 'monitoring'), ...monitoring.labels },
    });
    annotateAll(alertRules, FOUNDATION_WAVE);
    return alertRules;
  }

  private service(name: string): ServiceModel {
    return this.stack.services.find((candidate) => candidate.name === name)!;
  }

  /** What a construct running `service`'s pods gets: its model, the labels context, and the foundation's identity and shared claims. */
  private sharedWith(service: string): ServiceWorkloadProps {
    return { service: this.service(service), context: this.context, serviceAccount: this.serviceAccounts.get(service)!, sharedVolumes: this.sharedVolumes };
  }

  /**
   * What the cluster's platform services act on: the ExternalSecret that creates the stack's Secret, the
   * Certificate that writes the TLS Secret, the PodMonitors. In the foundation: the Secrets must exist
   * before the pods that read them start.
   */
  private platformObjects(): void {
    const { stack, context } = this;
    const source = stack.secret.source;
    if (source.mode === 'externalSecret') {
      new SecretFromStore(this, 'secret-from-store', {
        name: stack.secret.name,
        store: source.store,
        refreshInterval: source.refreshInterval,
        keys: referencedSecretKeys(stack.services, stack.secret).map((key) => [key, source.remoteRefs.get(key)!] as const),
        labels: objectLabels(context, 'secrets'),
      });
      // Each compose secret's Secret, from its own store entry (the loader requires one for each).
      for (const fileSecret of stack.fileSecrets ?? []) {
        if (!fileSecret.remoteRef) continue;
        new SecretFromStore(this, `secret-from-store-${fileSecret.name}`, {
          name: fileSecret.name,
          store: source.store,
          refreshInterval: source.refreshInterval,
          keys: [[fileSecret.key, fileSecret.remoteRef]],
          labels: objectLabels(context, 'secrets'),
        });
      }
    }
    if (stack.reverseProxy?.certificate) {
      new TlsCertificate(this, 'tls-certificate', {
        secretName: stack.reverseProxy.tlsSecret,
        dnsNames: [stack.reverseProxy.host],
        issuer: stack.reverseProxy.certificate.issuer,
        labels: objectLabels(context, stack.reverseProxy.service),
      });
    }
    for (const scrape of stack.monitoring?.scrapes ?? []) {
      const service = this.service(scrape.service);
      new MetricsMonitor(this, `metrics-monitor-${scrape.service}`, {
        scrape,
        podSelector: selectorLabels(context, scrape.service),
        podLabelsAsTargetLabels: service.blueGreen ? { color: COLOR_LABEL } : undefined,
        labels: { ...objectLabels(context, scrape.service), ...stack.monitoring!.labels },
      });
    }
  }

  /** The workload kind a service needs: blue/green when its settings say so, stateful when it owns a volume. */
  private workloadFor(props: ServiceWorkloadProps): StatelessService | StatefulService | BlueGreenDeployment {
    const { service } = props;
    const { stack } = this;
    if (service.blueGreen) return new BlueGreenDeployment(this, service.name, props);
    if (ownedVolumes(service).length > 0) return new StatefulService(this, service.name, { ...props, claimAnnotations: KEEP_WITH_DATA });
    const serviceType = service.name === stack.reverseProxy?.service ? 'LoadBalancer' : 'ClusterIP';
    return new StatelessService(this, service.name, { ...props, serviceType });
  }
}

/** The stack's ConfigMaps a service mounts or reads as variables: a change in one must roll its pods. */
function configMapsReadBy(service: ServiceModel, stack: StackModel): ConfigMapModel[] {
  const names = new Set([
    ...(service.envFrom ?? []).flatMap((source) => ('configMap' in source ? [source.configMap] : [])),
    ...service.mounts.flatMap((mount) => (mount.kind === 'config-map' ? [mount.configMap] : [])),
  ]);
  return (stack.configMaps ?? []).filter((configMap) => names.has(configMap.name));
}

/** The Deployments and StatefulSets a service runs as (a blue/green service: each colour rendered). */
function workloadRefs(service: string, workload: IConstruct): WorkloadRef[] {
  return workload.node
    .findAll()
    .filter((child): child is ApiObject => ApiObject.isApiObject(child) && (child.kind === 'Deployment' || child.kind === 'StatefulSet'))
    .map((object) => ({ service, kind: object.kind as WorkloadRef['kind'], name: object.name }));
}

/** Adds annotations to the workload objects (Deployments, StatefulSets) under `scope`, not to their pods. */
function annotateWorkloads(scope: IConstruct, annotations: Record<string, string>): void {
  for (const child of scope.node.findAll()) {
    if (!ApiObject.isApiObject(child) || !['Deployment', 'StatefulSet'].includes(child.kind)) continue;
    for (const [key, value] of Object.entries(annotations)) child.metadata.addAnnotation(key, value);
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
