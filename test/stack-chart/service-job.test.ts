import { ENVIRONMENTS, find, mainContainer, synthEnvironment } from '../support/project';

describe.each(ENVIRONMENTS)('database Jobs in %s', (environment) => {
  const manifests = synthEnvironment(environment);
  const backend = mainContainer(find(manifests, 'Deployment', 'backend-blue'));

  test.each([
    ['db-init', ['python', 'init_database.py']],
    ['db-migrate', ['alembic', 'upgrade', 'head']],
    ['db-seed', ['python', 'load_initial_data.py']],
  ])('%s runs the seed command %j once per sync', (name, command) => {
    const job = find(manifests, 'Job', name);
    const container = job.spec.template.spec.containers[0];
    expect(container.command).toEqual(command);
    expect(container.args).toBeUndefined();
    expect(job.metadata.annotations).toMatchObject({
      'argocd.argoproj.io/hook': 'Sync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    });
    expect(job.spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 86400 });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  test('use the backend image, Secret references, ConfigMap and resources, without its probes or ports', () => {
    for (const name of ['db-init', 'db-migrate', 'db-seed']) {
      const container = find(manifests, 'Job', name).spec.template.spec.containers[0];
      expect(container.image).toBe(backend.image);
      // The same variables as the backend, less the colour a Job does not have.
      expect(container.env).toEqual(backend.env.filter((variable: { name: string }) => variable.name !== 'COLOR'));
      expect(container.envFrom).toEqual(backend.envFrom);
      expect(container.resources).toEqual(backend.resources);
      expect(container.readinessProbe ?? container.livenessProbe ?? container.startupProbe ?? container.ports).toBeUndefined();
    }
  });

  test('wait for db, the one service they connect to, then run the earlier steps again, so kubectl keeps their order', () => {
    const before = (name: string) => find(manifests, 'Job', name).spec.template.spec.initContainers.map((c: any) => [c.name, c.command]);
    const waitForDb = ['wait-for-db', ['sh', '-c', expect.stringContaining('nc -z -w 2 db 1433')]];
    expect(before('db-init')).toEqual([waitForDb]);
    expect(before('db-migrate')).toEqual([waitForDb, ['db-init', ['python', 'init_database.py']]]);
    expect(before('db-seed')).toEqual([waitForDb, ['db-init', ['python', 'init_database.py']], ['db-migrate', ['alembic', 'upgrade', 'head']]]);
  });
});
