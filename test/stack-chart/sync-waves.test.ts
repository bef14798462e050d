import { syncWaves } from '../../lib/constructs/sync-waves';
import { ENVIRONMENTS, loadEnvironment, synthEnvironment, type Manifest } from '../support/project';

const WAVE = 'argocd.argoproj.io/sync-wave';

describe('syncWaves', () => {
  test('orders the seed as foundation, db and redis, the three database jobs, backend, frontend, nginx', () => {
    expect(syncWaves(loadEnvironment('prod')).map(({ wave, contents }) => [wave, contents.map((c) => ('name' in c ? c.name : c.kind))])).toEqual([
      [0, ['foundation']],
      [1, ['db', 'redis']],
      [2, ['db-init']],
      [3, ['db-migrate']],
      [4, ['db-seed']],
      [5, ['backend']],
      [6, ['frontend']],
      [7, ['nginx']],
      [8, ['database-backup']],
    ]);
  });

  test('gives the database backups no wave where the environment takes none', () => {
    expect(syncWaves(loadEnvironment('dev')).map(({ contents }) => contents.map((c) => c.kind)).flat()).not.toContain('database-backup');
  });

  test('refuses a dependency cycle, naming it', () => {
    const stack = loadEnvironment('prod');
    const cyclic = {
      ...stack,
      services: stack.services.map((service) =>
        service.name === 'db' ? { ...service, dependsOn: [{ service: 'nginx', condition: 'service_started' as const }] } : service,
      ),
    };
    expect(() => syncWaves(cyclic)).toThrow('depends_on forms a cycle: db -> nginx -> backend -> db');
  });
});

describe.each(ENVIRONMENTS)('sync waves in %s', (environment) => {
  const manifests = synthEnvironment(environment);
  const waveOf = (manifest: Manifest) => manifest.metadata.annotations?.[WAVE];
  const wave = (kind: string, name: string) => Number(waveOf(manifests.find((m) => m.kind === kind && m.metadata.name === name)!));

  test('every object carries a sync wave, as a quoted number', () => {
    for (const manifest of manifests) expect({ object: `${manifest.kind}/${manifest.metadata.name}`, wave: waveOf(manifest) }).toEqual({ object: `${manifest.kind}/${manifest.metadata.name}`, wave: expect.stringMatching(/^\d+$/) });
  });

  test('puts Namespace and ConfigMaps first, then db and redis, then the Jobs, then the backend, then frontend and nginx', () => {
    const foundation = Math.max(wave('Namespace', `tramites-${environment}`), wave('ConfigMap', 'tramites-env'), wave('ConfigMap', 'nginx-config'));
    const data = Math.min(wave('StatefulSet', 'db'), wave('StatefulSet', 'redis'));
    const jobs = ['db-init', 'db-migrate', 'db-seed'].map((name) => wave('Job', name));
    const backend = wave('Deployment', 'backend-blue');
    expect(foundation).toBeLessThan(data);
    expect(Math.max(wave('StatefulSet', 'db'), wave('StatefulSet', 'redis'))).toBeLessThan(Math.min(...jobs));
    expect(jobs).toEqual([...jobs].sort((a, b) => a - b));
    expect(Math.max(...jobs)).toBeLessThan(backend);
    expect(backend).toBeLessThan(Math.min(wave('Deployment', 'frontend'), wave('Deployment', 'nginx')));
  });

  test('puts every Service in the first wave, so a selector switch never waits behind the Jobs', () => {
    for (const service of manifests.filter((m) => m.kind === 'Service')) expect({ service: service.metadata.name, wave: waveOf(service) }).toEqual({ service: service.metadata.name, wave: '0' });
  });

  test('puts the shared claim in the wave of its first user, where a claim that binds on first use can bind', () => {
    expect(wave('PersistentVolumeClaim', 'backend-uploads')).toBe(wave('Job', 'db-init'));
  });

  const takesBackups = environment !== 'dev';
  (takesBackups ? test : test.skip)('puts the backup claim with the database that mounts it, and the backups after everything else', () => {
    expect(wave('PersistentVolumeClaim', 'db-backup')).toBe(wave('StatefulSet', 'db'));
    const last = Math.max(...manifests.filter((m) => m.kind !== 'CronJob').map((m) => Number(waveOf(m))));
    for (const name of ['db-backup-full', 'db-backup-log']) expect(wave('CronJob', name)).toBeGreaterThan(wave('Deployment', 'nginx'));
    expect(wave('CronJob', 'db-backup-full')).toBeGreaterThanOrEqual(last);
  });

  test('lists the objects in wave order, so kubectl applies them in the same order', () => {
    const waves = manifests.map((manifest) => Number(waveOf(manifest)));
    expect(waves).toEqual([...waves].sort((a, b) => a - b));
    expect(manifests[0].kind).toBe('Namespace');
  });
});
