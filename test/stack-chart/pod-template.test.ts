import { find, loadEnvironment, synthModel } from '../support/project';

describe('podTemplate', () => {
  const stack = loadEnvironment('staging');
  const manifests = synthModel(stack);
  const backend = find(manifests, 'Deployment', 'backend-blue');
  const pod = backend.spec.template.spec;

  test('turns off service links, whose DB_PORT/REDIS_PORT variables would clash with .env', () => {
    for (const workload of manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet')) {
      expect(workload.spec.template.spec.enableServiceLinks).toBe(false);
    }
  });

  test('gives an env_file service the ConfigMap and the Secret, with compose environment on top', () => {
    expect(pod.containers[0].envFrom).toEqual([{ configMapRef: { name: 'tramites-env' } }, { secretRef: { name: 'tramites-secrets' } }]);
    expect(pod.containers[0].env).toContainEqual({ name: 'REDIS_URL', value: 'redis://redis:6379' });
  });

  test('runs the compose command as args, keeping the image entrypoint', () => {
    expect(pod.containers[0].command).toBeUndefined();
    expect(pod.containers[0].args.slice(0, 2)).toEqual(['gunicorn', 'app.main:app']);
  });

  test('rolls the pods when the configuration they read changes (checksum annotation)', () => {
    const changed = synthModel({ ...stack, variables: [...stack.variables, ['NEW_SETTING', 'x'] as const] });
    const before = backend.spec.template.metadata.annotations['checksum/config'];
    const after = find(changed, 'Deployment', 'backend-blue').spec.template.metadata.annotations['checksum/config'];
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
  });

  test('pins pull policy to IfNotPresent outside dev and Always in dev', () => {
    expect(pod.containers[0].imagePullPolicy).toBe('IfNotPresent');
    const dev = synthModel(loadEnvironment('dev'));
    expect(find(dev, 'Deployment', 'backend-blue').spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
  });
});
