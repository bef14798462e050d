import { notQualifiedName } from '../validation/rule';
import type { IssuerRef, RemoteSecretRef, SecretSource } from '../model';
import { checkKnownKeys, describeValue, DNS_LABEL, isRecord, readMapping, readString, type FileReporter } from './report';

/**
 * Readers of the settings that name what the cluster's platform provides and the stack only uses: the
 * secret store (External Secrets Operator), the certificate issuer (cert-manager) and Prometheus
 * (prometheus-operator). None of these is rendered: the stack's objects refer to them by name.
 */

/** `monitoring:` in stack.yaml. */
export interface MonitoringSettings {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly scrape: readonly ScrapeSettings[];
  readonly runbookUrl: string;
}

/** One entry of `monitoring.scrape`: a service's metrics port, by name. */
export interface ScrapeSettings {
  readonly service: string;
  readonly port: string;
  /** @default /metrics */
  readonly path: string;
  /** @default 30s */
  readonly interval: string;
  /** A variable that turns the service's metrics on: it must be `true` wherever the service is scraped. */
  readonly enabledBy?: string;
}

const STORE_KINDS = ['ClusterSecretStore', 'SecretStore'] as const;
const ISSUER_KINDS = ['ClusterIssuer', 'Issuer'] as const;
/** A Go duration as External Secrets reads it (`1h`, `15m`, `1h30m`). */
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
/** A Prometheus duration (`30s`, `1m`), as the PodMonitor CRD's pattern accepts it. */
const PROMETHEUS_DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
const LABEL_VALUE = /^(|[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;

/** `secrets:` in an environment's settings. @default `{ mode: manual }`: a person creates the Secret */
export function readSecretSource(report: FileReporter, value: unknown): SecretSource {
  if (value === undefined) return { mode: 'manual' };
  const data = readMapping(report, ['secrets'], value);
  if (data.mode === 'manual') {
    checkKnownKeys(report, ['secrets'], data, ['mode']);
    return { mode: 'manual' };
  }
  if (data.mode !== 'externalSecret') {
    report.error(['secrets', 'mode'], `${data.mode === undefined ? 'nothing' : describeValue(data.mode)} is not a secrets mode; use externalSecret or manual`);
    return { mode: 'manual' };
  }
  checkKnownKeys(report, ['secrets'], data, ['mode', 'store', 'refreshInterval', 'remoteRefs']);
  const storeData = readMapping(report, ['secrets', 'store'], data.store);
  checkKnownKeys(report, ['secrets', 'store'], storeData, ['kind', 'name']);
  const kind = storeData.kind as (typeof STORE_KINDS)[number];
  if (!STORE_KINDS.includes(kind)) report.error(['secrets', 'store', 'kind'], `${describeValue(storeData.kind ?? 'nothing')} is not a store kind; use ${STORE_KINDS.join(' or ')}`);
  const name = readString(report, storeData, 'name', ['secrets', 'store']);
  if (name && !DNS_LABEL.test(name)) report.error(['secrets', 'store', 'name'], `"${name}" is not a valid Kubernetes name (a DNS label)`);

  const refreshInterval = readString(report, data, 'refreshInterval', ['secrets']);
  if (refreshInterval && !GO_DURATION.test(refreshInterval)) report.error(['secrets', 'refreshInterval'], `"${refreshInterval}" is not a duration; use e.g. 1h or 15m`);

  const remoteRefs = new Map<string, RemoteSecretRef>();
  if (!isRecord(data.remoteRefs)) report.error(['secrets', 'remoteRefs'], 'is required: the store entry of each secret key, e.g. DB_PASSWORD: { key: tramites/prod/database, property: password }');
  for (const [secretKey, entry] of Object.entries(isRecord(data.remoteRefs) ? data.remoteRefs : {})) {
    const keys = ['secrets', 'remoteRefs', secretKey];
    const ref = readMapping(report, keys, entry);
    checkKnownKeys(report, keys, ref, ['key', 'property']);
    const key = readString(report, ref, 'key', keys);
    if (ref.property !== undefined && (typeof ref.property !== 'string' || ref.property === '')) report.error([...keys, 'property'], 'must be a non-empty string');
    remoteRefs.set(secretKey, ref.property === undefined ? { key } : { key, property: String(ref.property) });
  }
  return { mode: 'externalSecret', store: { kind, name }, refreshInterval, remoteRefs };
}

/** `tls:` in an environment's settings: the issuer, when cert-manager writes the TLS Secret. @default manual */
export function readCertificateIssuer(report: FileReporter, value: unknown): IssuerRef | undefined {
  if (value === undefined) return undefined;
  const data = readMapping(report, ['tls'], value);
  if (data.mode === 'manual') {
    checkKnownKeys(report, ['tls'], data, ['mode']);
    return undefined;
  }
  if (data.mode !== 'certManager') {
    report.error(['tls', 'mode'], `${data.mode === undefined ? 'nothing' : describeValue(data.mode)} is not a TLS mode; use certManager or manual`);
    return undefined;
  }
  checkKnownKeys(report, ['tls'], data, ['mode', 'issuer']);
  const issuer = readMapping(report, ['tls', 'issuer'], data.issuer);
  checkKnownKeys(report, ['tls', 'issuer'], issuer, ['kind', 'name']);
  const kind = issuer.kind as (typeof ISSUER_KINDS)[number];
  if (!ISSUER_KINDS.includes(kind)) report.error(['tls', 'issuer', 'kind'], `${describeValue(issuer.kind ?? 'nothing')} is not an issuer kind; use ${ISSUER_KINDS.join(' or ')}`);
  const name = readString(report, issuer, 'name', ['tls', 'issuer']);
  if (name && !DNS_LABEL.test(name)) report.error(['tls', 'issuer', 'name'], `"${name}" is not a valid Kubernetes name (a DNS label)`);
  return { kind, name };
}

/** `monitoring:` in stack.yaml. @default no monitoring objects are rendered */
export function readMonitoring(report: FileReporter, value: unknown): MonitoringSettings | undefined {
  if (value === undefined) return undefined;
  const data = readMapping(report, ['monitoring'], value);
  checkKnownKeys(report, ['monitoring'], data, ['namespace', 'labels', 'scrape', 'runbookUrl']);
  const namespace = readString(report, data, 'namespace', ['monitoring']);
  if (namespace && !DNS_LABEL.test(namespace)) report.error(['monitoring', 'namespace'], `"${namespace}" is not a valid namespace (a DNS label)`);
  const runbookUrl = readString(report, data, 'runbookUrl', ['monitoring']);
  if (runbookUrl && !/^https:\/\/\S+$/.test(runbookUrl)) report.error(['monitoring', 'runbookUrl'], `"${runbookUrl}" is not an https:// address`);

  const labels: Record<string, string> = {};
  for (const [name, label] of Object.entries(readMapping(report, ['monitoring', 'labels'], data.labels))) {
    if (notQualifiedName(name)) report.error(['monitoring', 'labels', name], `"${name}" is not a valid label name`);
    else if (typeof label !== 'string' || !LABEL_VALUE.test(label)) report.error(['monitoring', 'labels', name], `${describeValue(label)} is not a valid label value (write it in quotes)`);
    else labels[name] = label;
  }
  if (Object.keys(labels).length === 0 && !report.hasErrorAt(['monitoring', 'labels'])) {
    report.error(['monitoring', 'labels'], "is required: the labels the cluster's Prometheus selects PodMonitors and PrometheusRules by, e.g. release: kube-prometheus-stack");
  }

  if (!Array.isArray(data.scrape)) report.error(['monitoring', 'scrape'], 'must be a list of { service, port }');
  const scrape = (Array.isArray(data.scrape) ? data.scrape : []).map((item, index): ScrapeSettings => {
    const keys = ['monitoring', 'scrape', index];
    const entry = readMapping(report, keys, item);
    checkKnownKeys(report, keys, entry, ['service', 'port', 'path', 'interval', 'enabledBy']);
    const path = entry.path === undefined ? '/metrics' : String(entry.path);
    if (!path.startsWith('/')) report.error([...keys, 'path'], 'must start with "/"');
    const interval = entry.interval === undefined ? '30s' : String(entry.interval);
    if (!PROMETHEUS_DURATION.test(interval) || interval === '0') report.error([...keys, 'interval'], `"${interval}" is not a Prometheus duration; use e.g. 30s or 1m`);
    if (entry.enabledBy !== undefined && typeof entry.enabledBy !== 'string') report.error([...keys, 'enabledBy'], 'must be the name of a variable');
    return {
      service: readString(report, entry, 'service', keys),
      port: readString(report, entry, 'port', keys),
      path,
      interval,
      enabledBy: typeof entry.enabledBy === 'string' ? entry.enabledBy : undefined,
    };
  });
  return { namespace, labels, scrape, runbookUrl };
}
