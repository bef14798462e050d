import { loadStacks } from '../../lib/loader/load-stack';
import { referencedSecretKeys } from '../../lib/model';
import { copyProject, loadEnvironment, PROJECT_ROOT, loadProblems } from '../support/project';

const problemsOf = (root: string): string[] => loadProblems(root);

const PROD_SECRETS = /secrets:\n {2}mode: externalSecret\n[\s\S]*?JWT_SECRET_KEY: \{[^\n]*\}\n/;

describe('secrets settings', () => {
  test('prod reads every secret key the pods reference from the store named in its settings', () => {
    const prod = loadEnvironment('prod');
    expect(prod.secret.source).toEqual({
      mode: 'externalSecret',
      store: { kind: 'ClusterSecretStore', name: 'tramites-secrets-store' },
      refreshInterval: '1h',
      remoteRefs: new Map([
        ['DB_PASSWORD', { key: 'tramites/prod/database', property: 'sa-password' }],
        ['DATABASE_URL', { key: 'tramites/prod/database', property: 'url' }],
        ['SECRET_KEY', { key: 'tramites/prod/backend', property: 'secret-key' }],
        ['JWT_SECRET_KEY', { key: 'tramites/prod/backend', property: 'jwt-secret-key' }],
      ]),
    });
  });

  test('the referenced keys are derived from the services: secretKeyRefs, and the whole Secret for env-file readers', () => {
    const prod = loadEnvironment('prod');
    expect(referencedSecretKeys(prod.services, prod.secret)).toEqual(['DB_PASSWORD', 'DATABASE_URL', 'SECRET_KEY', 'JWT_SECRET_KEY']);
    // db references DB_PASSWORD alone; without the backend (which reads the whole .env) nothing else is read.
    const db = prod.services.filter((service) => service.name === 'db');
    expect(referencedSecretKeys(db, prod.secret)).toEqual(['DB_PASSWORD']);
  });

  test('without a secrets block an environment keeps the manual Secret', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', PROD_SECRETS, ''));
    expect(loadEnvironment('prod', root).secret.source).toEqual({ mode: 'manual' });
    const explicit = copyProject((replace) => replace('environments/prod.yaml', PROD_SECRETS, 'secrets: { mode: manual }\n'));
    expect(loadEnvironment('prod', explicit).secret.source).toEqual({ mode: 'manual' });
  });

  test('refuses a key the pods read without its store entry, and an entry no pod reads', () => {
    const root = copyProject((replace) => {
      replace('environments/prod.yaml', /\n {4}JWT_SECRET_KEY: \{[^\n]*\}/, '\n    API_TOKEN: { key: tramites/prod/backend, property: api-token }');
    });
    expect(problemsOf(root)).toEqual([
      expect.stringMatching(/^environments\/prod\.yaml:\d+: field "secrets\.remoteRefs": JWT_SECRET_KEY needs its store entry \(\{ key, property \}\): backend read it from tramites-secrets$/),
      expect.stringMatching(/^environments\/prod\.yaml:\d+: field "secrets\.remoteRefs\.API_TOKEN": no pod reads API_TOKEN from tramites-secrets: remove it$/),
    ]);
  });

  test('refuses an unknown mode, store kind, bad interval and a remote entry without a key, one line each', () => {
    const root = copyProject((replace) => {
      replace('environments/prod.yaml', 'kind: ClusterSecretStore', 'kind: Vault');
      replace('environments/prod.yaml', 'refreshInterval: 1h', 'refreshInterval: hourly');
      replace('environments/prod.yaml', 'DB_PASSWORD: { key: tramites/prod/database, property: sa-password }', 'DB_PASSWORD: { property: sa-password }');
      replace('environments/dev.yaml', 'mode: externalSecret', 'mode: vault');
    });
    const problems = problemsOf(root);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^environments\/dev\.yaml:\d+: field "secrets\.mode": "vault" is not a secrets mode; use externalSecret or manual$/),
        expect.stringMatching(/^environments\/prod\.yaml:\d+: field "secrets\.store\.kind": "Vault" is not a store kind; use ClusterSecretStore or SecretStore$/),
        expect.stringMatching(/^environments\/prod\.yaml:\d+: field "secrets\.refreshInterval": "hourly" is not a duration; use e\.g\. 1h or 15m$/),
        expect.stringMatching(/^environments\/prod\.yaml:\d+: field "secrets\.remoteRefs\.DB_PASSWORD\.key": is required$/),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  test('no secret value is in the settings: a store entry is a name, and secret variables stay refused', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'variables:\n', 'variables:\n  DB_PASSWORD: hunter2\n'));
    expect(problemsOf(root)).toEqual([expect.stringContaining('DB_PASSWORD is a secret: it belongs in the Secret tramites-secrets, never in git')]);
  });
});

describe('TLS settings', () => {
  test('each environment names its cert-manager issuer', () => {
    for (const environment of ['dev', 'staging', 'prod']) {
      expect(loadEnvironment(environment).reverseProxy?.certificate).toEqual({ issuer: { kind: 'ClusterIssuer', name: 'letsencrypt' } });
    }
  });

  test('manual TLS leaves the certificate to a person', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', /tls: \{[^\n]*\}\n/, 'tls: { mode: manual }\n'));
    expect(loadEnvironment('prod', root).reverseProxy?.certificate).toBeUndefined();
  });

  test('refuses an unknown mode or issuer kind', () => {
    const root = copyProject((replace) => {
      replace('environments/prod.yaml', 'kind: ClusterIssuer', 'kind: AcmeIssuer');
      replace('environments/dev.yaml', 'mode: certManager', 'mode: letsencrypt');
    });
    expect(problemsOf(root)).toEqual([
      expect.stringMatching(/^environments\/dev\.yaml:\d+: field "tls\.mode": "letsencrypt" is not a TLS mode; use certManager or manual$/),
      expect.stringMatching(/^environments\/prod\.yaml:\d+: field "tls\.issuer\.kind": "AcmeIssuer" is not an issuer kind; use ClusterIssuer or Issuer$/),
    ]);
  });
});

describe('monitoring settings', () => {
  test('the backend is scraped on its metrics port, the seed METRICS_PORT', () => {
    const monitoring = loadEnvironment('prod').monitoring;
    expect(monitoring).toEqual({
      namespace: 'monitoring',
      labels: { release: 'kube-prometheus-stack' },
      scrapes: [{ service: 'backend', port: { name: 'metrics', containerPort: 9090 }, path: '/metrics', interval: '30s' }],
      runbookUrl: 'https://github.com/juncid/tramites-k8s/blob/main/README.md',
    });
  });

  test('follows METRICS_PORT', () => {
    const root = copyProject((replace) => replace('compose/.env', 'METRICS_PORT=9090', 'METRICS_PORT=9100'));
    expect(loadEnvironment('prod', root).monitoring?.scrapes[0].port).toEqual({ name: 'metrics', containerPort: 9100 });
  });

  test('refuses to scrape a service whose metrics ENABLE_METRICS turns off, naming the variable', () => {
    const root = copyProject((replace) => replace('environments/staging.yaml', 'variables:\n', 'variables:\n  ENABLE_METRICS: "false"\n'));
    expect(problemsOf(root)).toEqual([
      expect.stringMatching(/^environments\/stack\.yaml:\d+: field "monitoring\.scrape\.0\.enabledBy": ENABLE_METRICS is "false": set it to true, or remove the scrape/),
    ]);
  });

  test('refuses an unknown service or port, an interval Prometheus cannot read, and no selector labels', () => {
    const root = copyProject((replace) => {
      replace('environments/stack.yaml', '{ service: backend, port: metrics, path: /metrics, interval: 30s, enabledBy: ENABLE_METRICS }', '{ service: backend, port: prometheus, interval: 30 seconds }\n    - { service: worker, port: metrics }');
      replace('environments/stack.yaml', 'labels: { release: kube-prometheus-stack }', 'labels: {}');
    });
    const problems = problemsOf(root);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/field "monitoring\.labels": is required: the labels the cluster's Prometheus selects/),
        expect.stringMatching(/field "monitoring\.scrape\.0\.interval": "30 seconds" is not a Prometheus duration/),
        expect.stringMatching(/field "monitoring\.scrape\.0\.port": service "backend" has no port named "prometheus"; its ports: http, metrics/),
        expect.stringMatching(/field "monitoring\.scrape\.1\.service": there is no compose service "worker"/),
      ]),
    );
  });
});

describe('gitops revisions', () => {
  test('dev follows main; a pinned environment names a full commit', () => {
    expect(loadEnvironment('dev').gitops?.targetRevision).toBe('main');
    const root = copyProject((replace) => replace('environments/prod.yaml', /targetRevision: \S+,/, `targetRevision: ${'a'.repeat(40)},`));
    expect(loadEnvironment('prod', root).gitops?.targetRevision).toBe('a'.repeat(40));
  });

  test('refuses an abbreviated commit, which could come to name another one', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', /targetRevision: \S+,/, 'targetRevision: 37b45b5,'));
    expect(problemsOf(root)).toEqual([expect.stringMatching(/^environments\/prod\.yaml:\d+: field "gitops\.targetRevision": "37b45b5" looks like an abbreviated commit: pin the full 40-character commit id/)]);
  });
});

test('the project root loads without problems', () => {
  expect(() => loadStacks(PROJECT_ROOT)).not.toThrow();
});
