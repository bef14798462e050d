/**
 * The project as a library: the constructs, each built from one service's model (or one small object)
 * and making what it references; the loader that reads a compose stack and its settings into those
 * models; and the model's types. Importing this module loads every construct: the synth itself
 * (main.ts) imports only what it uses.
 */

// The loader: compose files and environment settings → one StackModel per environment.
export { loadStacks, type LoadResult } from './loader/load-stack';
export { ConfigError } from './errors';

// The model the loader produces and the constructs consume.
export * from './model';

// Workloads of one compose service, and what their pods reference.
export { StatelessService, type StatelessServiceProps } from './constructs/stateless-service';
export { StatefulService, type StatefulServiceProps } from './constructs/stateful-service';
export { BlueGreenDeployment, COLOR_LABEL, type BlueGreenDeploymentProps } from './constructs/blue-green-deployment';
export { ServiceJob, type JobLimits, type ServiceJobProps } from './constructs/service-job';
export type { ServiceWorkloadProps, PodReferences } from './constructs/service-workload';
export type { DeploymentChoices, RolloutProps } from './constructs/service-deployment';
export { WAIT_IMAGE, type DependencyWaitProps } from './constructs/dependency-wait';
export type { ProbeChoices } from './constructs/probes';
export { WorkloadServiceAccount, type WorkloadServiceAccountProps } from './constructs/workload-service-account';
export { SharedVolume, type SharedVolumeProps } from './constructs/shared-volume';
export { DisruptionBudget, type DisruptionBudgetProps } from './constructs/disruption-budget';
export { Autoscaler, type AutoscalerProps } from './constructs/autoscaler';

// The environment's own objects.
export { EnvironmentNamespace, type EnvironmentNamespaceProps } from './constructs/environment-namespace';
export { EnvironmentConfig, type EnvironmentConfigProps } from './constructs/environment-config';
export { ReverseProxyConfig, type ReverseProxyConfigProps } from './constructs/reverse-proxy-config';
export { NetworkPolicies, type DnsEndpoints, type NetworkPoliciesProps } from './constructs/network-policies';
export { publicServiceName } from './constructs/names';
export { ServiceAlias, ServiceExposure, type ServiceAliasProps, type ServiceExposureProps } from './constructs/service-exposure';
export { FileConfigMap, type FileConfigMapProps } from './constructs/file-config-map';

// What the cluster's platform acts on.
export { SecretFromStore, type SecretFromStoreProps } from './constructs/secret-from-store';
export { TlsCertificate, type TlsCertificateProps } from './constructs/tls-certificate';
export { MetricsMonitor, type MetricsMonitorProps } from './constructs/metrics-monitor';
export { AlertRules, type AlertRulesProps, type WorkloadRef } from './constructs/alert-rules';

// The database's backups and restores.
export { DatabaseBackup, type BackupRunLimits, type DatabaseBackupProps } from './constructs/database-backup';
export { DatabaseRestoreJob, type DatabaseRestoreJobProps } from './constructs/database-restore-job';

// Labels, and the whole environment composed.
export { networkMemberLabel, objectLabels, selectorLabels, type LabelContext } from './constructs/labels';
export { StackChart, type StackChartProps } from './stack-chart';
