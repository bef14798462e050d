import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { RELOAD_SECRETS_ANNOTATION } from '../../lib/constructs/reload-annotations';
import { referencedSecretKeys } from '../../lib/model';
import { copyProject, ENVIRONMENTS, find, loadEnvironment, synthEnvironment, type Manifest } from '../support/project';

/** Every Secret a pod template reads: as variables (secretKeyRef, envFrom) and as volumes. */
function secretsReadBy(workload: Manifest): string[] {
  const spec = workload.spec.template.spec;
  const names = new Set<string>();
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const variable of container.env ?? []) if (variable.valueFrom?.secretKeyRef) names.add(variable.valueFrom.secretKeyRef.name);
    for (const source of container.envFrom ?? []) if (source.secretRef) names.add(source.secretRef.name);
  }
  for (const volume of spec.volumes ?? []) if (volume.secret) names.add(volume.secret.secretName);
  return [...names].sort();
}

/** Whether a PromQL expression parses (the Prometheus project's own grammar). */
function promqlErrors(expression: string): string[] {
  const errors: string[] = [];
  promqlParser.parse(expression).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`syntax error at ${node.from} in: ${expression}`);
    },
  });
  return errors;
}

describe.each(ENVIRONMENTS)('platform objects of %s', (environment) => {
  const manifests = synthEnvironment(environment);
  const model = loadEnvironment(environment);
  const externalSecret = find(manifests, 'ExternalSecret', 'tramites-secrets');

  test('the ExternalSecret creates tramites-secrets, owned by it, with every secret key a pod reads', () => {
    expect(externalSecret.spec.target).toEqual({ name: 'tramites-secrets', creationPolicy: 'Owner', deletionPolicy: 'Retain' });
    expect(externalSecret.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'tramites-secrets-store' });
    expect(externalSecret.spec.refreshInterval).toBe('1h');
    // Read off the rendered pods, independently of the loader: each secretKeyRef, and for a pod that loads
    // the whole Secret (envFrom) every secret variable of the .env file.
    const workloads = manifests.filter((m) => ['Deployment', 'StatefulSet', 'Job'].includes(m.kind));
    const containers = workloads.flatMap((w) => [...(w.spec.template.spec.initContainers ?? []), ...w.spec.template.spec.containers]);
    const keyRefs = containers.flatMap((c) => (c.env ?? []).map((v: any) => v.valueFrom?.secretKeyRef?.key).filter(Boolean));
    const loadsWholeSecret = containers.some((c) => (c.envFrom ?? []).some((source: any) => source.secretRef?.name === 'tramites-secrets'));
    const keys = externalSecret.spec.data.map((entry: any) => entry.secretKey);
    expect(keys).toEqual(expect.arrayContaining([...new Set(keyRefs)]));
    expect(loadsWholeSecret).toBe(true);
    expect(keys).toEqual(model.secret.keys);
    expect(externalSecret.spec.data[0]).toEqual({ secretKey: 'DB_PASSWORD', remoteRef: { key: `tramites/${environment}/database`, property: 'sa-password' } });
  });

  test('no secret value is rendered: the Secret itself is never an object of dist/', () => {
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(JSON.stringify(manifests)).not.toMatch(/hunter2|stringData|"data":\{"DB_PASSWORD"/);
  });

  test('the Certificate writes tramites-tls, the Secret nginx mounts, for the host, from the issuer in the settings', () => {
    const certificate = find(manifests, 'Certificate', 'tramites-tls');
    expect(certificate.spec).toEqual({
      secretName: 'tramites-tls',
      dnsNames: [model.reverseProxy!.host],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' },
      privateKey: { rotationPolicy: 'Always' },
    });
    expect(find(manifests, 'Deployment', 'nginx').spec.template.spec.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'tramites-tls' } });
  });

  test('every workload that reads a Secret is restarted by Reloader when it changes, and names exactly those Secrets', () => {
    for (const workload of manifests.filter((m) => ['Deployment', 'StatefulSet'].includes(m.kind))) {
      const read = secretsReadBy(workload);
      const annotation = workload.metadata.annotations?.[RELOAD_SECRETS_ANNOTATION];
      expect({ workload: workload.metadata.name, reloads: annotation?.split(',').sort() ?? [] }).toEqual({ workload: workload.metadata.name, reloads: read });
      // On the workload, never on its pods: adding it must not restart anything by itself.
      expect(workload.spec.template.metadata.annotations?.[RELOAD_SECRETS_ANNOTATION]).toBeUndefined();
    }
    expect(find(manifests, 'Deployment', 'nginx').metadata.annotations[RELOAD_SECRETS_ANNOTATION]).toBe('tramites-tls');
    expect(find(manifests, 'Deployment', 'backend-blue').metadata.annotations[RELOAD_SECRETS_ANNOTATION]).toBe('tramites-secrets');
  });

  test('the PodMonitor scrapes both backend colours on the metrics port, with the colour as a label', () => {
    const podMonitor = find(manifests, 'PodMonitor', 'backend-metrics');
    expect(podMonitor.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(podMonitor.spec.podMetricsEndpoints).toEqual([
      { port: 'metrics', path: '/metrics', interval: '30s', relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_label_blue_green_color'], targetLabel: 'color' }] },
    ]);
    const selected = manifests.filter(
      (m) => ['Deployment', 'StatefulSet', 'Job'].includes(m.kind) && Object.entries(podMonitor.spec.selector.matchLabels).every(([k, v]) => m.spec.template.metadata.labels[k] === v),
    );
    expect(selected.map((m) => m.metadata.name)).toEqual(['backend-blue', 'backend-green']);
    for (const workload of selected) {
      const labels = workload.spec.template.metadata.labels;
      // Prometheus names the pod label blue-green/color __meta_kubernetes_pod_label_blue_green_color.
      expect(labels['blue-green/color']).toMatch(/^(blue|green)$/);
      expect(workload.spec.template.spec.containers[0].ports).toContainEqual({ name: 'metrics', containerPort: 9090, protocol: 'TCP' });
    }
  });

  test('the PrometheusRule alerts on the entry point, every workload, and the certificate, with valid PromQL and a runbook', () => {
    const rule = find(manifests, 'PrometheusRule', 'tramites-alerts');
    expect(rule.metadata.labels.release).toBe('kube-prometheus-stack');
    const rules = rule.spec.groups.flatMap((group: any) => group.rules);
    expect(rules.map((r: any) => `${r.alert}/${r.labels.service ?? ''}`)).toEqual([
      'EntryPointUnavailable/nginx',
      'StatefulServiceNotReady/db',
      'StatefulServiceNotReady/redis',
      'ServiceUnavailable/backend',
      'ServiceUnavailable/backend',
      'ServiceUnavailable/frontend',
      'CertificateExpiresSoon/',
      // dev takes no backups.
      ...(environment === 'dev' ? [] : ['BackupMissing/', 'LogBackupMissing/']),
    ]);
    for (const r of rules) {
      expect(promqlErrors(r.expr)).toEqual([]);
      expect(r.expr).toContain(`namespace="tramites-${environment}"`);
      expect(r.annotations.runbook_url).toBe(`https://github.com/juncid/tramites-k8s/blob/main/README.md#${r.alert.toLowerCase()}`);
      expect(r.labels).toMatchObject({ environment, severity: expect.stringMatching(/^(critical|warning)$/) });
    }
    // Every workload the rules name is one that is rendered, by kind and name.
    for (const r of rules.filter((candidate: any) => !['CertificateExpiresSoon', 'BackupMissing', 'LogBackupMissing'].includes(candidate.alert))) {
      const [, kind, name] = /(deployment|statefulset)="([^"]+)"/.exec(r.expr)!;
      expect(find(manifests, kind === 'deployment' ? 'Deployment' : 'StatefulSet', name)).toBeDefined();
    }
    const backup = rules.find((candidate: any) => candidate.alert === 'BackupMissing');
    if (backup) {
      const cronJob = /cronjob="([^"]+)"/.exec(backup.expr)![1];
      expect(find(manifests, 'CronJob', cronJob).spec.schedule).toBeDefined();
      expect(backup.expr).toContain('kube_cronjob_status_last_successful_time');
      expect(backup.expr).toContain('> 26 * 3600');
    }
    const logBackup = rules.find((candidate: any) => candidate.alert === 'LogBackupMissing');
    expect(logBackup === undefined).toBe(environment === 'dev');
    if (logBackup) {
      const cronJob = /cronjob="([^"]+)"/.exec(logBackup.expr)![1];
      expect(cronJob).toBe('db-backup-log');
      expect(find(manifests, 'CronJob', cronJob).spec.schedule).toBeDefined();
      expect(logBackup.expr).toContain('kube_cronjob_status_last_successful_time');
      expect(logBackup.expr).toContain('> 1 * 3600');
    }
  });

  test('the expiry alert finds the Certificate whether or not cert-manager\'s scrape honours its namespace label', () => {
    const rules = find(manifests, 'PrometheusRule', 'tramites-alerts').spec.groups.flatMap((group: any) => group.rules);
    const expiry = rules.find((r: any) => r.alert === 'CertificateExpiresSoon').expr;
    // honorLabels: false (cert-manager's chart default): the Certificate's namespace is exported_namespace;
    // honorLabels: true: it is namespace. Either series alone makes the expression true.
    const metric = 'certmanager_certificate_expiration_timestamp_seconds';
    expect(expiry).toBe(
      `(${metric}{exported_namespace="tramites-${environment}", name="tramites-tls"} or ${metric}{namespace="tramites-${environment}", name="tramites-tls"}) - time() < 14 * 24 * 3600`,
    );
  });

  test('every new object is in the foundation wave, with the Secrets ready before the pods that read them', () => {
    for (const kind of ['ExternalSecret', 'Certificate', 'PodMonitor', 'PrometheusRule']) {
      for (const object of manifests.filter((m) => m.kind === kind)) expect(object.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    }
  });

  test('the referenced keys are the model\'s, so a new secret variable needs its store entry', () => {
    expect(referencedSecretKeys(model.services, model.secret)).toEqual(externalSecret.spec.data.map((entry: any) => entry.secretKey));
  });
});

describe('the manual modes', () => {
  const root = copyProject((replace) => {
    replace('environments/prod.yaml', /secrets:\n {2}mode: externalSecret\n[\s\S]*?JWT_SECRET_KEY: \{[^\n]*\}\n/, 'secrets: { mode: manual }\n');
    replace('environments/prod.yaml', /tls: \{[^\n]*\}\n/, 'tls: { mode: manual }\n');
  });
  const manifests = synthEnvironment('prod', root);

  test('render no ExternalSecret and no Certificate, and nothing else changes', () => {
    expect(manifests.filter((m) => ['ExternalSecret', 'Certificate'].includes(m.kind))).toEqual([]);
    const withoutPlatform = (list: Manifest[]) => list.filter((m) => !['ExternalSecret', 'Certificate', 'PrometheusRule'].includes(m.kind));
    expect(withoutPlatform(manifests)).toEqual(withoutPlatform(synthEnvironment('prod')));
  });

  test('without a Certificate there is no expiry alert: nothing exports its metric', () => {
    const rules = find(manifests, 'PrometheusRule', 'tramites-alerts').spec.groups[0].rules;
    expect(rules.map((r: any) => r.alert)).not.toContain('CertificateExpiresSoon');
  });
});

test('promqlErrors finds a syntax error (the check can fail)', () => {
  expect(promqlErrors('kube_deployment_status_replicas_available{namespace="x" < 1')).not.toEqual([]);
});
