import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { PrometheusRuleProps, PrometheusRuleSpecGroups, PrometheusRuleSpecGroupsRules } from '../../imports/prometheusrule-monitoring.coreos.com';
import { customResource } from '../custom-resources';

/** A Deployment or StatefulSet a service runs as (a blue/green service: one per colour), as kube-state-metrics names it. */
export interface WorkloadRef {
  readonly service: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly name: string;
}

export interface AlertRulesProps {
  /** Name of the PrometheusRule. */
  readonly name: string;
  /** The environment's namespace: every expression is confined to it. */
  readonly namespace: string;
  readonly environment: string;
  /** The entry point's workload (the reverse proxy): without ready pods the whole site is down. */
  readonly entryPoint?: WorkloadRef;
  /** Every other workload, each with its own alert. */
  readonly workloads: readonly WorkloadRef[];
  /** The cert-manager Certificate whose expiry is watched. @default none: no certificate alert */
  readonly certificate?: string;
  /** @default 14 */
  readonly certificateExpiryWarningDays?: number;
  /** The CronJob of the database's full backups, which must succeed every day. @default none: no backup alert */
  readonly backupCronJob?: string;
  /** The CronJob of the database's log backups, which must succeed every hour. @default none: no log backup alert */
  readonly logBackupCronJob?: string;
  /** How long a condition must hold before it alerts: long enough for a rollout or a restart. @default 5m */
  readonly unavailableFor?: string;
  /** The page whose sections are the runbooks; each alert links to `#<alert name in lower case>`. */
  readonly runbookUrl: string;
  /** The object's labels, including those the cluster's Prometheus selects rules by. */
  readonly labels: Record<string, string>;
}

/**
 * A rule as rendered: the bindings type `expr` as an int-or-string wrapper (a class, for the CRD's
 * int-or-string), and an alerting expression is always a string.
 */
type RenderedRule = Omit<PrometheusRuleSpecGroupsRules, 'expr'> & { readonly expr: string };
type RenderedGroup = Omit<PrometheusRuleSpecGroups, 'rules'> & { readonly rules: readonly RenderedRule[] };

interface Alert {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: 'critical' | 'warning';
  readonly service?: string;
  readonly summary: string;
}

/**
 * The first alerts an operator needs, as a prometheus-operator `PrometheusRule`: the entry point or a
 * service without a ready pod, a stateful service (the database) not ready, the certificate close to
 * expiry, no successful database backup in 26 hours. They rest on kube-state-metrics (workload
 * readiness, CronJob runs) and cert-manager's own metrics,
 * which a standard Prometheus installation scrapes; the README has a runbook section for each.
 */
export class AlertRules extends Construct {
  readonly prometheusRule: ApiObject;
  /** The alerts by name, in the order they are rendered. */
  readonly alertNames: readonly string[];

  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    const namespace = JSON.stringify(props.namespace);
    const unavailableFor = props.unavailableFor ?? '5m';
    // No ready pod although some are wanted: a colour scaled to zero on purpose does not alert. Both
    // colours of a blue/green service are watched, so a switch leaves these rules as they are (it
    // changes only the two Services); the summary says which colour, and whether it takes traffic is
    // one look at the Service.
    const available = (workload: WorkloadRef) => {
      const selector = `{namespace=${namespace}, ${workload.kind === 'Deployment' ? 'deployment' : 'statefulset'}=${JSON.stringify(workload.name)}}`;
      return workload.kind === 'Deployment'
        ? `kube_deployment_status_replicas_available${selector} < 1 and on (namespace, deployment) kube_deployment_spec_replicas${selector} > 0`
        : `kube_statefulset_status_replicas_ready${selector} < 1 and on (namespace, statefulset) kube_statefulset_replicas${selector} > 0`;
    };

    const alerts: Alert[] = [];
    if (props.entryPoint) {
      alerts.push({
        alert: 'EntryPointUnavailable',
        expr: available(props.entryPoint),
        for: unavailableFor,
        severity: 'critical',
        service: props.entryPoint.service,
        summary: `${props.entryPoint.kind} ${props.entryPoint.name}, the entry point, has no available pod: the site is down in ${props.environment}`,
      });
    }
    for (const workload of props.workloads) {
      alerts.push(
        workload.kind === 'Deployment'
          ? {
              alert: 'ServiceUnavailable',
              expr: available(workload),
              for: unavailableFor,
              severity: 'critical',
              service: workload.service,
              summary: `Deployment ${workload.name} of ${workload.service} has no available pod in ${props.environment}`,
            }
          : {
              alert: 'StatefulServiceNotReady',
              expr: available(workload),
              for: unavailableFor,
              severity: 'critical',
              service: workload.service,
              summary: `StatefulSet ${workload.name} has no ready pod in ${props.environment}: whatever uses ${workload.service} fails`,
            },
      );
    }
    if (props.certificate) {
      const days = props.certificateExpiryWarningDays ?? 14;
      // cert-manager exports the Certificate's namespace as `namespace`, which clashes with the target's
      // own `namespace` label (cert-manager's namespace): unless its ServiceMonitor honours labels (its
      // Helm chart's default does not), Prometheus keeps the Certificate's as `exported_namespace`.
      const expiry = (namespaceLabel: string) =>
        `certmanager_certificate_expiration_timestamp_seconds{${namespaceLabel}=${namespace}, name=${JSON.stringify(props.certificate)}}`;
      alerts.push({
        alert: 'CertificateExpiresSoon',
        expr: `(${expiry('exported_namespace')} or ${expiry('namespace')}) - time() < ${days} * 24 * 3600`,
        // Renewal is retried for hours before this matters; one hour filters a scrape gap.
        for: '1h',
        severity: 'warning',
        summary: `Certificate ${props.certificate} expires in less than ${days} days in ${props.environment}: cert-manager has not renewed it`,
      });
    }
    // No success for the given hours, or none at all from a CronJob that has existed that long:
    // kube-state-metrics has no success time until the first one.
    const noSuccessFor = (cronJob: string, hours: number) => {
      const selector = `{namespace=${namespace}, cronjob=${JSON.stringify(cronJob)}}`;
      return (
        `time() - kube_cronjob_status_last_successful_time${selector} > ${hours} * 3600` +
        ` or (time() - kube_cronjob_created${selector} > ${hours} * 3600 unless on (namespace, cronjob) kube_cronjob_status_last_successful_time${selector})`
      );
    };
    if (props.backupCronJob) {
      alerts.push({
        alert: 'BackupMissing',
        // A daily schedule and two hours of slack.
        expr: noSuccessFor(props.backupCronJob, 26),
        for: '15m',
        severity: 'critical',
        summary: `No successful database backup (CronJob ${props.backupCronJob}) in 26 hours in ${props.environment}`,
      });
    }
    if (props.logBackupCronJob) {
      alerts.push({
        alert: 'LogBackupMissing',
        // Every 15 minutes: an hour is four missed runs, and the point of recovery an hour old. It also
        // fires while there is no full backup to chain to, when every log run fails.
        expr: noSuccessFor(props.logBackupCronJob, 1),
        for: '5m',
        severity: 'critical',
        summary: `No successful log backup of the database (CronJob ${props.logBackupCronJob}) in 1 hour in ${props.environment}`,
      });
    }
    this.alertNames = alerts.map((alert) => alert.alert);

    const group: RenderedGroup = {
      name: `${props.name}.rules`,
      rules: alerts.map((alert) => ({
        alert: alert.alert,
        expr: alert.expr,
        for: alert.for,
        labels: { severity: alert.severity, environment: props.environment, ...(alert.service ? { service: alert.service } : {}) },
        annotations: { summary: alert.summary, runbook_url: `${props.runbookUrl}#${alert.alert.toLowerCase()}` },
      })),
    };
    const rule: Omit<PrometheusRuleProps, 'spec'> & { readonly spec: { readonly groups: readonly RenderedGroup[] } } = {
      metadata: { name: props.name, labels: props.labels },
      spec: { groups: [group] },
    };
    this.prometheusRule = customResource(this, 'prometheus-rule', 'PrometheusRule', rule);
  }
}
