import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { ArgoCdChart } from '../lib/argocd-chart';
import { loadStacks } from '../lib/loader/load-stack';
import { renderStacks } from '../lib/render';
import { fieldTreeFromBindings, unknownFields } from './support/kubernetes-schema';
import { ENVIRONMENTS, PROJECT_ROOT, synthEnvironment, type Manifest } from './support/project';

const models = loadStacks(PROJECT_ROOT).models;
const kindsRendered = [
  { group: '', kind: 'Namespace', namespaced: false },
  { group: '', kind: 'Service', namespaced: true },
  { group: 'apps', kind: 'Deployment', namespaced: true },
];
const manifests = Testing.synth(new ArgoCdChart(Testing.app(), 'argocd', { stacks: models, kinds: kindsRendered })) as Manifest[];
const project = manifests.find((m) => m.kind === 'AppProject')!;
const applications = manifests.filter((m) => m.kind === 'Application');

/** Field tables of the Argo CD types, from the bindings generated from the CRDs into imports/. */
const argoFields = {
  AppProject: fieldTreeFromBindings(fs.readFileSync(path.join(PROJECT_ROOT, 'imports', 'argocd-appproject-argoproj.io.ts'), 'utf8')),
  Application: fieldTreeFromBindings(fs.readFileSync(path.join(PROJECT_ROOT, 'imports', 'argocd-application-argoproj.io.ts'), 'utf8')),
};

describe('ArgoCdChart', () => {
  test('renders the AppProject first, then one Application per environment, all in Argo CD namespace', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'AppProject/tramites',
      'Application/tramites-dev',
      'Application/tramites-staging',
      'Application/tramites-prod',
    ]);
    for (const manifest of manifests) expect(manifest.metadata.namespace).toBe('argocd');
  });

  test('syncs the AppProject in a wave before every Application, so no Application names a missing project', () => {
    const wave = (manifest: Manifest) => Number(manifest.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
    expect(wave(project)).toBe(-1);
    for (const application of applications) expect(wave(application)).toBeGreaterThan(wave(project));
  });

  test('points each Application at its dist/<env> folder, namespace, project, repository and revision', () => {
    // dev follows main; staging and prod their pinned commit (npm run promote).
    const revisions = models.map((model) => model.gitops!.targetRevision);
    expect(revisions[0]).toBe('main');
    expect(revisions.slice(1)).toEqual([expect.stringMatching(/^[0-9a-f]{40}$/), expect.stringMatching(/^[0-9a-f]{40}$/)]);
    ENVIRONMENTS.forEach((environment, index) => {
      expect(applications[index].spec).toMatchObject({
        project: 'tramites',
        source: { repoURL: 'https://github.com/juncid/tramites-k8s.git', targetRevision: revisions[index], path: `dist/${environment}` },
        destination: { server: 'https://kubernetes.default.svc', namespace: `tramites-${environment}` },
      });
    });
  });

  test('syncs dev and staging automatically with prune and self-heal, and prod without prune', () => {
    const automated = applications.map((application) => application.spec.syncPolicy.automated);
    expect(automated).toEqual([
      { enabled: true, prune: true, selfHeal: true },
      { enabled: true, prune: true, selfHeal: true },
      { enabled: true, prune: false, selfHeal: true },
    ]);
  });

  test('confines the project to this repository, the tramites-* namespaces and the rendered kinds', () => {
    expect(project.spec.sourceRepos).toEqual(['https://github.com/juncid/tramites-k8s.git']);
    expect(project.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'tramites-*' }]);
    expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    expect(project.spec.namespaceResourceWhitelist).toEqual([
      { group: '', kind: 'Service' },
      { group: 'apps', kind: 'Deployment' },
    ]);
  });

  test('passes the strict field check against the Argo CD CRD schemas', () => {
    for (const manifest of manifests) {
      const { apiVersion, kind, ...body } = manifest;
      expect(apiVersion).toBe('argoproj.io/v1alpha1');
      expect({ kind, unknown: unknownFields(body, `${kind}Props`, argoFields[kind as 'AppProject' | 'Application']) }).toEqual({ kind, unknown: [] });
    }
  });

  test('the strict field check catches a misspelt field', () => {
    const { apiVersion: _apiVersion, kind: _kind, ...body } = applications[0];
    const misspelt = { ...body, spec: { ...body.spec, syncPolicy: { ...body.spec.syncPolicy, automatic: {} } } };
    expect(unknownFields(misspelt, 'ApplicationProps', argoFields.Application)).toEqual(['spec.syncPolicy.automatic']);
  });
});

describe('dist/argocd as rendered', () => {
  const outdir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'argocd-render-'));
  renderStacks(models, outdir);

  test('whitelists exactly the kinds the environments render', () => {
    const text = fs.readFileSync(path.join(outdir, 'argocd', 'tramites.k8s.yaml'), 'utf8');
    const rendered = new Set(ENVIRONMENTS.flatMap((environment) => synthEnvironment(environment).map((m) => m.kind)));
    const whitelisted = [...text.matchAll(/kind: (\w+)\n/g)].map((match) => match[1]).filter((kind) => !['AppProject', 'Application'].includes(kind));
    expect(new Set(whitelisted)).toEqual(rendered);
  });

  test('renders objects that pass the strict field check against the Argo CD CRD schemas', () => {
    const rendered = parseAllDocuments(fs.readFileSync(path.join(outdir, 'argocd', 'tramites.k8s.yaml'), 'utf8')).map((document) => document.toJS());
    expect(rendered.map((m) => m.kind)).toEqual(['AppProject', 'Application', 'Application', 'Application']);
    for (const { apiVersion: _apiVersion, kind, ...body } of rendered) {
      expect({ kind, unknown: unknownFields(body, `${kind}Props`, argoFields[kind as 'AppProject' | 'Application']) }).toEqual({ kind, unknown: [] });
    }
  });

  test('never renders a CustomResourceDefinition', () => {
    for (const folder of fs.readdirSync(outdir)) {
      for (const file of fs.readdirSync(path.join(outdir, folder))) {
        expect(fs.readFileSync(path.join(outdir, folder, file), 'utf8')).not.toContain('kind: CustomResourceDefinition');
      }
    }
  });

  test('admits each rendered kind as cluster-scoped or namespaced, as it is rendered, the custom resources included', () => {
    const project = readManifests(path.join(outdir, 'argocd', 'tramites.k8s.yaml')).find((m) => m.kind === 'AppProject')!;
    const objects = ENVIRONMENTS.flatMap((environment) => synthEnvironment(environment));
    const entry = (m: Manifest) => `${m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : ''}/${m.kind}`;
    const listed = (list: Array<{ group: string; kind: string }>) => list.map(({ group, kind }) => `${group}/${kind}`).sort();
    expect(listed(project.spec.clusterResourceWhitelist)).toEqual([...new Set(objects.filter((m) => !m.metadata.namespace).map(entry))].sort());
    expect(listed(project.spec.namespaceResourceWhitelist)).toEqual([...new Set(objects.filter((m) => m.metadata.namespace).map(entry))].sort());
    expect(listed(project.spec.namespaceResourceWhitelist)).toEqual(
      expect.arrayContaining(['cert-manager.io/Certificate', 'external-secrets.io/ExternalSecret', 'monitoring.coreos.com/PodMonitor', 'monitoring.coreos.com/PrometheusRule']),
    );
  });

  test('lets Reloader restart a workload without self-heal undoing it', () => {
    for (const application of readManifests(path.join(outdir, 'argocd', 'tramites.k8s.yaml')).filter((m) => m.kind === 'Application')) {
      expect(application.spec.ignoreDifferences).toEqual(
        ['Deployment', 'StatefulSet'].map((kind) => ({ group: 'apps', kind, jqPathExpressions: ['.spec.template.metadata.annotations."reloader.stakater.com/last-reloaded-from"'] })),
      );
      expect(application.spec.syncPolicy.syncOptions).toEqual(['PruneLast=true', 'RespectIgnoreDifferences=true']);
    }
  });
});

describe('the root Application (dist/argocd/root.k8s.yaml)', () => {
  const outdir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'argocd-render-'));
  renderStacks(models, outdir);
  const root = readManifests(path.join(outdir, 'argocd', 'root.k8s.yaml'));
  const argocd = readManifests(path.join(outdir, 'argocd', 'tramites.k8s.yaml'));
  const [project, application] = root;

  test('is one file with its own AppProject and the Application, applied alone on an empty Argo CD', () => {
    expect(fs.readdirSync(path.join(outdir, 'argocd')).sort()).toEqual(['root.k8s.yaml', 'tramites.k8s.yaml']);
    expect(root.map((m) => `${m.kind}/${m.metadata.namespace}/${m.metadata.name}`)).toEqual(['AppProject/argocd/tramites-root', 'Application/argocd/tramites-root']);
    // It needs nothing from git to exist first: its project is in the same file, and Argo CD's own CRDs.
    expect(application.spec.project).toBe(project.metadata.name);
  });

  test('syncs dist/argocd from main into Argo CD\'s namespace, and is not itself in what it syncs', () => {
    // The folder it is written to, less its own file: it never manages, nor prunes, itself.
    expect(application.spec.source).toEqual({ repoURL: 'https://github.com/juncid/tramites-k8s.git', targetRevision: 'main', path: 'dist/argocd', directory: { exclude: 'root.k8s.yaml' } });
    expect(application.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
    expect(argocd.map((m) => m.metadata.name)).not.toContain('tramites-root');
  });

  test('never deletes: no prune of removed Applications, no finalizer that would cascade to the environments', () => {
    expect(application.spec.syncPolicy.automated).toEqual({ enabled: true, prune: false, selfHeal: true });
    expect(application.metadata.finalizers).toBeUndefined();
  });

  test('its project admits exactly the kinds dist/argocd holds, only this repository and Argo CD\'s namespace', () => {
    expect(project.spec.sourceRepos).toEqual(['https://github.com/juncid/tramites-k8s.git']);
    expect(project.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }]);
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
    const kinds = [...new Set(argocd.map((m) => `${m.apiVersion.split('/')[0]}/${m.kind}`))].sort();
    expect(project.spec.namespaceResourceWhitelist.map((k: any) => `${k.group}/${k.kind}`)).toEqual(kinds);
  });

  test('passes the strict field check against the Argo CD CRD schemas', () => {
    for (const { apiVersion: _apiVersion, kind, ...body } of root) {
      expect({ kind, unknown: unknownFields(body, `${kind}Props`, argoFields[kind as 'AppProject' | 'Application']) }).toEqual({ kind, unknown: [] });
    }
  });
});

function readManifests(file: string): Manifest[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((document) => document.toJS());
}
