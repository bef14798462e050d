import { ENVIRONMENTS, copyProject, synthEnvironment, type Manifest } from './support/project';

/**
 * Every persistent volume claim of every environment, as it is live. A claim that leaves this list,
 * whether dropped or renamed, is a claim whose data is gone: a renamed claim is a new, empty volume.
 * To change one on purpose, migrate the data first, then update this list in the same change.
 */
const KNOWN_CLAIMS: Record<string, readonly string[]> = {
  dev: ['tramites-dev/PersistentVolumeClaim/backend-uploads', 'tramites-dev/StatefulSet/db claim db-data', 'tramites-dev/StatefulSet/redis claim redis-data'],
  staging: [
    'tramites-staging/PersistentVolumeClaim/backend-uploads',
    'tramites-staging/PersistentVolumeClaim/db-backup',
    'tramites-staging/StatefulSet/db claim db-data',
    'tramites-staging/StatefulSet/redis claim redis-data',
  ],
  prod: [
    'tramites-prod/PersistentVolumeClaim/backend-uploads',
    'tramites-prod/PersistentVolumeClaim/db-backup',
    'tramites-prod/StatefulSet/db claim db-data',
    'tramites-prod/StatefulSet/redis claim redis-data',
  ],
};

const KEEP = 'Prune=false,Delete=false';

/**
 * The claims a rendering holds: standalone claims and StatefulSet claim templates, with their annotations.
 * The namespace is part of a claim's identity: moving claims to another namespace loses them too.
 */
function claimsOf(manifests: readonly Manifest[]): Array<{ id: string; syncOptions?: string }> {
  return manifests.flatMap((manifest) => {
    if (manifest.kind === 'PersistentVolumeClaim') {
      return [{ id: `${manifest.metadata.namespace}/PersistentVolumeClaim/${manifest.metadata.name}`, syncOptions: manifest.metadata.annotations?.['argocd.argoproj.io/sync-options'] }];
    }
    if (manifest.kind === 'StatefulSet') {
      return (manifest.spec.volumeClaimTemplates ?? []).map((template: Manifest) => ({
        id: `${manifest.metadata.namespace}/StatefulSet/${manifest.metadata.name} claim ${template.metadata.name}`,
        syncOptions: template.metadata.annotations?.['argocd.argoproj.io/sync-options'],
      }));
    }
    return [];
  });
}

/** Sentences for every known claim that a rendering lost, and every claim it has that is not known. */
function claimChanges(environment: string, manifests: readonly Manifest[]): string[] {
  const rendered = claimsOf(manifests).map((claim) => claim.id);
  const known = KNOWN_CLAIMS[environment] ?? [];
  return [
    ...known.filter((id) => !rendered.includes(id)).map((id) => `${environment}: ${id} would be dropped or renamed, and its data lost`),
    ...rendered.filter((id) => !known.includes(id)).map((id) => `${environment}: ${id} is new: add it to KNOWN_CLAIMS`),
  ];
}

describe.each(ENVIRONMENTS)('persistent volume claims of %s', (environment) => {
  const manifests = synthEnvironment(environment);

  test('are exactly the known ones: none dropped, none renamed', () => {
    expect(claimChanges(environment, manifests)).toEqual([]);
  });

  test('are all protected from pruning and deletion by Argo CD', () => {
    for (const claim of claimsOf(manifests)) expect(claim).toEqual({ id: claim.id, syncOptions: KEEP });
  });

  test('live in a namespace Argo CD never prunes or deletes, since deleting it would delete them all', () => {
    expect(manifests[0]).toMatchObject({ kind: 'Namespace', metadata: { annotations: { 'argocd.argoproj.io/sync-options': KEEP } } });
  });

  test('outlive their StatefulSets on delete and scale-down', () => {
    for (const statefulSet of manifests.filter((m) => m.kind === 'StatefulSet')) {
      expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    }
  });
});

describe('the claim check', () => {
  test('fails when a compose volume is renamed', () => {
    const root = copyProject((replace) => {
      replace('compose/docker-compose.yml', '- db-data:/var/opt/mssql', '- mssql-data:/var/opt/mssql');
      replace('compose/docker-compose.yml', /^ {2}db-data:$/m, '  mssql-data:');
      replace('environments/prod.yaml', 'db-data: {', 'mssql-data: {');
    });
    expect(claimChanges('prod', synthEnvironment('prod', root))).toEqual([
      'prod: tramites-prod/StatefulSet/db claim db-data would be dropped or renamed, and its data lost',
      'prod: tramites-prod/StatefulSet/db claim mssql-data is new: add it to KNOWN_CLAIMS',
    ]);
  });

  test('fails when a claim is dropped', () => {
    const withoutUploads = synthEnvironment('staging').filter((m) => !(m.kind === 'PersistentVolumeClaim' && m.metadata.name === 'backend-uploads'));
    expect(claimChanges('staging', withoutUploads)).toEqual(['staging: tramites-staging/PersistentVolumeClaim/backend-uploads would be dropped or renamed, and its data lost']);
  });

  test('fails when the namespace is renamed', () => {
    const root = copyProject((replace) => replace('environments/dev.yaml', 'namespace: tramites-dev', 'namespace: tramites-development'));
    expect(claimChanges('dev', synthEnvironment('dev', root))).toContain('dev: tramites-dev/StatefulSet/db claim db-data would be dropped or renamed, and its data lost');
  });
});
