import { formatProblem } from '../../lib/errors';
import { loadStacks } from '../../lib/loader/load-stack';
import type { StackModel } from '../../lib/model';
import { copyProject, find, mainContainer, synthEnvironment, synthModel, loadProblems } from '../support/project';

/**
 * The service-level compose keys through the whole loader, on copies of the project whose compose file
 * or settings are edited: what each key becomes in the model, and the one-line refusals.
 */

const BASE = 'compose/docker-compose.yml';
const STACK = 'environments/stack.yaml';
const REDIS = '    container_name: tramites-redis\n';
const REDIS_SECURITY = '  redis: { user: 999, group: 1000, writablePaths: [/tmp] }\n';

type Replace = (file: string, from: string | RegExp, to: string) => void;

/** A project copy whose redis service gets `lines` (compose YAML, indented as service keys). */
function withRedis(lines: string[], edit?: (replace: Replace) => void): string {
  return copyProject((replace) => {
    replace(BASE, REDIS, `${REDIS}${lines.map((line) => `    ${line}\n`).join('')}`);
    edit?.(replace);
  });
}

function load(root: string, environment = 'dev'): StackModel {
  return loadStacks(root, [environment]).models[0];
}

const problemsOf = loadProblems;

const redisOf = (model: StackModel) => model.services.find((service) => service.name === 'redis')!;

describe('service keys in the model', () => {
  const root = withRedis([
    'working_dir: /data',
    'hostname: cache',
    'extra_hosts: ["ldap.internal:10.1.0.5", "ldap=10.1.0.5", "metrics.internal=10.1.0.6"]',
    'labels: { com.example.team: platform }',
    'stop_grace_period: 45s',
    'tmpfs: ["/run:size=16m"]',
    'expose: ["16379", "6379"]',
    'cap_add: [NET_BIND_SERVICE]',
    'cap_drop: [ALL]',
    'stop_signal: SIGTERM',
  ]);
  const model = load(root);
  const redis = redisOf(model);

  test('working_dir, labels and stop_grace_period become their model fields', () => {
    expect(redis).toMatchObject({ workingDir: '/data', annotations: { 'com.example.team': 'platform' }, stopGracePeriodSeconds: 45 });
  });

  test("hostname of a StatefulSet's service is ignored with a warning, its controller names the hosts", () => {
    expect(redis.hostname).toBeUndefined();
    expect(loadStacks(root, ['dev']).warnings.map(formatProblem)).toEqual([
      'compose/docker-compose.yml:51: service "redis": field "hostname": ignored: "redis" owns a ReadWriteOnce volume, so it runs as a StatefulSet, whose pods are named and hosted redis-0, redis-1…',
    ]);
  });

  test('hostname of a Deployment becomes the pod hostname', () => {
    const frontend = copyProject((replace) => replace(BASE, /(  frontend:\n)/, '$1    hostname: web\n'));
    expect(find(synthEnvironment('dev', frontend), 'Deployment', 'frontend').spec.template.spec.hostname).toBe('web');
  });

  test('extra_hosts are grouped by address', () => {
    expect(redis.hostAliases).toEqual([
      { ip: '10.1.0.5', hostnames: ['ldap.internal', 'ldap'] },
      { ip: '10.1.0.6', hostnames: ['metrics.internal'] },
    ]);
  });

  test('tmpfs becomes a memory mount with its size', () => {
    expect(redis.mounts).toContainEqual({ kind: 'tmpfs', path: '/run', sizeLimit: '16Mi' });
  });

  test('a tmpfs at a path podSecurity makes writable replaces that scratch volume, rather than a second volume at one path', () => {
    const model = load(withRedis(['tmpfs: ["/tmp:size=8m"]']));
    const pod = find(synthModel(model), 'StatefulSet', 'redis').spec.template.spec;
    expect(pod.volumes.filter((volume: { name: string }) => volume.name === 'tmp')).toEqual([{ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } }]);
    expect(mainContainer(find(synthModel(model), 'StatefulSet', 'redis')).volumeMounts.filter((mount: { mountPath: string }) => mount.mountPath === '/tmp')).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('expose adds the container ports that ports does not list, marked unpublished', () => {
    expect(redis.ports).toEqual([
      { name: 'redis', containerPort: 6379, servicePort: 6379, protocol: 'TCP' },
      { name: 'port-16379', containerPort: 16379, servicePort: 16379, protocol: 'TCP', published: false },
    ]);
  });

  test('cap_add NET_BIND_SERVICE needs no exception and keeps the namespace restricted', () => {
    expect(redis.security.addCapabilities).toEqual(['NET_BIND_SERVICE']);
    expect(model.environment.enforcedPodSecurity).toBe('restricted');
  });

  test('renders each in the pod template', () => {
    const pod = find(synthModel(model), 'StatefulSet', 'redis').spec.template;
    expect(pod.metadata.annotations).toEqual({ 'com.example.team': 'platform' });
    expect(pod.spec).toMatchObject({ terminationGracePeriodSeconds: 45 });
    expect(pod.spec.hostAliases).toEqual(redis.hostAliases);
    expect(pod.spec.volumes).toContainEqual({ name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } });
    const container = pod.spec.containers[0];
    expect(container.workingDir).toBe('/data');
    expect(container.volumeMounts).toContainEqual({ name: 'run', mountPath: '/run' });
    expect(container.ports).toContainEqual({ name: 'port-16379', containerPort: 16379, protocol: 'TCP' });
  });
});

describe('ports', () => {
  test('a range and a tcp+udp pair become one port each, with stable unique names', () => {
    const redis = redisOf(load(copyProject((replace) => replace(BASE, '      - "6379:6379"\n', '      - "6379:6379"\n      - "6379:6379/udp"\n      - "7000-7002:7000-7002"\n'))));
    expect(redis.ports.map((port) => [port.name, port.servicePort, port.protocol])).toEqual([
      ['redis', 6379, 'TCP'],
      ['redis-udp', 6379, 'UDP'],
      ['port-7000', 7000, 'TCP'],
      ['port-7001', 7001, 'TCP'],
      ['port-7002', 7002, 'TCP'],
    ]);
  });
});

describe('user', () => {
  test('a numeric compose user gives the ids, a uid alone runs with the group of the same number', () => {
    const withoutSettings = (user: string) => redisOf(load(withRedis([`user: "${user}"`], (replace) => replace(STACK, REDIS_SECURITY, ''))));
    expect(withoutSettings('10001:10002').security).toMatchObject({ user: 10001, group: 10002, readOnlyRootFilesystem: true, writablePaths: [] });
    expect(withoutSettings('10001').security).toMatchObject({ user: 10001, group: 10001 });
  });

  test('a compose user that differs from podSecurity is refused, naming both', () => {
    expect(problemsOf(withRedis(['user: "1000:1000"']), ['dev'])).toEqual([
      expect.stringMatching(/^compose\/docker-compose\.yml:50: service "redis": field "user": "1000:1000" differs from podSecurity\.redis in environments\/stack\.yaml \(999:1000\): keep one$/),
    ]);
  });

  test('a compose user equal to podSecurity is accepted', () => {
    expect(redisOf(load(withRedis(['user: "999:1000"']))).security).toMatchObject({ user: 999, group: 1000, writablePaths: ['/tmp'] });
  });
});

describe('Pod Security: restricted unless an exception says otherwise', () => {
  const noSettings = (replace: Replace) => replace(STACK, REDIS_SECURITY, '');
  const exception = (rule: string, scope = 'service: redis') => `securityExceptions:\n  - rule: ${rule}\n    ${scope}\n    reason: the image needs it\n`;

  test('user: root without an exception is one line naming file, service, field and the entry to add', () => {
    expect(problemsOf(withRedis(['user: root'], noSettings), ['dev'])).toEqual([
      'compose/docker-compose.yml:50: service "redis": field "user": runs as root (user 0), which the restricted Pod Security profile refuses: change the image or the setting, '
        + 'or declare it in environments/stack.yaml securityExceptions: { rule: run-as-non-root, service: redis, reason: <why the image needs it> }',
    ]);
  });

  test('user: root with its exception runs as root, and the namespace enforces baseline, warning and auditing restricted', () => {
    const model = load(withRedis(['user: "0"'], (replace) => { noSettings(replace); replace(STACK, 'securityExceptions:\n', exception('run-as-non-root')); }));
    expect(model.environment.enforcedPodSecurity).toBe('baseline');
    const manifests = synthModel(model);
    expect(find(manifests, 'StatefulSet', 'redis').spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 });
    expect(find(manifests, 'Namespace', 'tramites-dev').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('privileged: true needs exceptions to no-host-access and no-privilege-escalation, and a namespace that enforces privileged', () => {
    expect(problemsOf(withRedis(['privileged: true']), ['dev'])).toEqual([
      expect.stringMatching(/field "privileged": is privileged .*securityExceptions: \{ rule: no-host-access, service: redis, .*\} and \{ rule: no-privilege-escalation, service: redis, .*\}$/),
    ]);
    expect(problemsOf(withRedis(['privileged: true'], (replace) => replace(STACK, 'securityExceptions:\n', exception('no-host-access'))), ['dev'])).toEqual([
      expect.stringMatching(/field "privileged": .*declare it in environments\/stack\.yaml securityExceptions: \{ rule: no-privilege-escalation, service: redis, reason: <why the image needs it> \}$/),
    ]);
    const model = load(withRedis(['privileged: true'], (replace) => replace(STACK, 'securityExceptions:\n', exception('no-host-access') + exception('no-privilege-escalation').replace('securityExceptions:\n', ''))));
    expect(model.environment.enforcedPodSecurity).toBe('privileged');
    const container = mainContainer(find(synthModel(model), 'StatefulSet', 'redis'));
    expect(container.securityContext).toMatchObject({ privileged: true, allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] } });
  });

  test('a cap_add outside restricted needs drop-all-capabilities; a baseline capability lowers to baseline, any other to privileged', () => {
    expect(problemsOf(withRedis(['cap_add: [CHOWN]']), ['dev'])).toEqual([
      expect.stringMatching(/^compose\/docker-compose\.yml:50: service "redis": field "cap_add": adds CHOWN, which the restricted Pod Security profile refuses: .*\{ rule: drop-all-capabilities, service: redis, reason: <why the image needs it> \}$/),
    ]);
    const excepted = (capabilities: string) => load(withRedis([`cap_add: [${capabilities}]`], (replace) => replace(STACK, 'securityExceptions:\n', exception('drop-all-capabilities'))));
    expect(excepted('CHOWN, NET_BIND_SERVICE').environment.enforcedPodSecurity).toBe('baseline');
    const model = excepted('SYS_ADMIN');
    expect(model.environment.enforcedPodSecurity).toBe('privileged');
    expect(mainContainer(find(synthModel(model), 'StatefulSet', 'redis')).securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['SYS_ADMIN'] });
  });

  test('an exception scoped to other environments does not admit the pod here', () => {
    const root = withRedis(['cap_add: [CHOWN]'], (replace) => replace(STACK, 'securityExceptions:\n', exception('drop-all-capabilities', 'service: redis\n    environment: prod')));
    expect(load(root, 'prod').environment.enforcedPodSecurity).toBe('baseline');
    expect(problemsOf(root, ['dev'])).toEqual([expect.stringMatching(/service "redis": field "cap_add": adds CHOWN/)]);
  });

  test('an exception to a Pod Security rule must name its services, and one that admits nothing is refused', () => {
    expect(problemsOf(copyProject((replace) => replace(STACK, 'securityExceptions:\n', exception('run-as-non-root', 'environment: dev'))), ['dev'])).toEqual([
      expect.stringMatching(/field "securityExceptions\.0\.services": "run-as-non-root" follows the Pod Security Standards, which admit a pod by its namespace's level: name the services/),
    ]);
    expect(problemsOf(copyProject((replace) => replace(STACK, 'securityExceptions:\n', exception('run-as-non-root'))))).toEqual([
      expect.stringMatching(/field "securityExceptions\.0\.rule": "run-as-non-root" admits nothing: no compose setting of redis needs it \(user: root, privileged: true, cap_add beyond NET_BIND_SERVICE\); remove it$/),
    ]);
  });

  test('the Trámites stack, which needs no exception, stays restricted everywhere', () => {
    for (const environment of ['dev', 'staging', 'prod']) {
      expect(find(synthEnvironment(environment), 'Namespace', `tramites-${environment}`).metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    }
  });
});

describe('profiles', () => {
  const TOOL = [
    '  adminer:',
    '    image: adminer:4.8.1',
    '    profiles: [tools]',
    '    user: "10001:10001"',
    '    ports: ["8080"]',
    '    deploy: { resources: { limits: { cpus: "0.1", memory: 64M } } }',
  ].join('\n');
  const withTool = (edit?: (replace: Replace) => void) => copyProject((replace) => {
    replace(BASE, '  redis:\n', `${TOOL}\n  redis:\n`);
    edit?.(replace);
  });

  test('a service with profiles runs only where the environment enables one of them', () => {
    const root = withTool((replace) => replace('environments/dev.yaml', /^namespace: /m, 'profiles: [tools]\nnamespace: '));
    expect(load(root, 'dev').services.map((service) => service.name)).toContain('adminer');
    expect(find(synthEnvironment('dev', root), 'Deployment', 'adminer').spec.template.spec.containers[0].image).toBe('adminer:4.8.1');
    expect(load(root, 'staging').services.map((service) => service.name)).not.toContain('adminer');
  });

  test('a service that depends on one whose profile is off is refused, naming the setting that enables it', () => {
    const root = copyProject((replace) => replace(BASE, REDIS, `${REDIS}    profiles: [cache]\n`));
    expect(problemsOf(root, ['dev'])).toEqual([
      expect.stringMatching(/service "backend": field "depends_on\.redis": depends on "redis", which runs only with profile cache: enable one in environments\/dev\.yaml \(profiles:\)$/),
    ]);
  });
});

describe('names with "_"', () => {
  test('a volume named with "_" renders exactly as its DNS name, with one warning saying so', () => {
    const root = copyProject((replace) => {
      replace(BASE, '  redis-data:\n', '  redis_data:\n');
      replace(BASE, '      - redis-data:/data\n', '      - redis_data:/data\n');
    });
    const { models, warnings } = loadStacks(root);
    expect(warnings.map(formatProblem)).toEqual([expect.stringMatching(/^compose\/docker-compose\.yml:\d+: field "volumes\.redis_data": volume "redis_data" is "redis-data" in Kubernetes$/)]);
    expect(JSON.stringify(synthModel(models[2]))).toBe(JSON.stringify(synthEnvironment('prod')));
  });

  test('settings may name it either way, but not both ways at once', () => {
    const renamed = (replace: Replace) => {
      replace(BASE, '  redis-data:\n', '  redis_data:\n');
      replace(BASE, '      - redis-data:/data\n', '      - redis_data:/data\n');
      replace(STACK, '  redis-data: { accessMode: ReadWriteOnce }', '  redis_data: { accessMode: ReadWriteOnce }');
      replace('environments/prod.yaml', '  redis-data: { size: 5Gi', '  redis_data: { size: 5Gi');
    };
    const root = copyProject(renamed);
    expect(JSON.stringify(synthModel(loadStacks(root).models[2]))).toBe(JSON.stringify(synthEnvironment('prod')));
    const twice = copyProject((replace) => {
      renamed(replace);
      replace('environments/prod.yaml', '  redis_data: { size: 5Gi', '  redis-data: { size: 5Gi }\n  redis_data: { size: 5Gi');
    });
    expect(problemsOf(twice, ['prod'])).toEqual([expect.stringMatching(/^environments\/prod\.yaml:\d+: field "storage\.redis_data": names "redis-data" a second time \(as "redis_data"\): keep one$/)]);
  });
});
