import * as fs from 'fs';
import { loadStacks } from '../../lib/loader/load-stack';
import { copyProject, find, mainContainer, PROJECT_ROOT, synthEnvironment, loadProblems } from '../support/project';

const problemsOf = loadProblems;

describe('loading the project', () => {
  test('loads dev, staging and prod without problems or warnings', () => {
    const { models, warnings } = loadStacks(PROJECT_ROOT);
    expect(models.map((model) => model.environment.namespace)).toEqual(['tramites-dev', 'tramites-staging', 'tramites-prod']);
    expect(warnings).toEqual([]);
  });

  test('takes nothing from the shell environment, so dist/ is the same on every machine', () => {
    const before = JSON.stringify(synthEnvironment('prod'));
    process.env.DEBUG = 'True';
    process.env.METRICS_PORT = '9999';
    try {
      expect(JSON.stringify(synthEnvironment('prod'))).toBe(before);
    } finally {
      delete process.env.DEBUG;
      delete process.env.METRICS_PORT;
    }
  });

  test('drops source-code bind mounts and the anonymous volume that only shielded node_modules from them', () => {
    const frontend = mainContainer(find(synthEnvironment('dev'), 'Deployment', 'frontend'));
    // Only the scratch paths of the read-only root remain: no /app, no /app/node_modules.
    expect(frontend.volumeMounts.map((mount: { mountPath: string }) => mount.mountPath)).toEqual(['/tmp', '/app/node_modules/.vite']);
  });

  test('uses the seed development command in dev and the production gunicorn command in prod', () => {
    expect(mainContainer(find(synthEnvironment('dev'), 'Deployment', 'backend-blue')).args).toContain('--reload');
    expect(mainContainer(find(synthEnvironment('prod'), 'Deployment', 'backend-blue')).args[0]).toBe('gunicorn');
  });
});

describe('the compose files are the input', () => {
  test('changing a limit in the compose file changes the rendered limit', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', /cpus: '0\.5'\n {10}memory: 512M/, "cpus: '0.75'\n          memory: 768M"));
    const nginx = mainContainer(find(synthEnvironment('prod', root), 'Deployment', 'nginx'));
    expect(nginx.resources.limits).toEqual({ 'cpu': '750m', 'memory': '768Mi', 'ephemeral-storage': '1Gi' });
  });

  test('changing MAX_UPLOAD_SIZE in .env changes the ConfigMap and nginx client_max_body_size', () => {
    const root = copyProject((replace) => replace('compose/.env', 'MAX_UPLOAD_SIZE=10485760', 'MAX_UPLOAD_SIZE=20971520'));
    const manifests = synthEnvironment('staging', root);
    expect(find(manifests, 'ConfigMap', 'tramites-env').data.MAX_UPLOAD_SIZE).toBe('20971520');
    expect(find(manifests, 'ConfigMap', 'nginx-config').data['nginx.conf']).toContain(`client_max_body_size ${20971520 + 65536};`);
  });

  test('an environment override wins over .env', () => {
    const data = find(synthEnvironment('dev'), 'ConfigMap', 'tramites-env').data;
    expect(data.LOG_LEVEL).toBe('DEBUG');
    expect(data.ENVIRONMENT).toBe('development');
  });
});

describe('secrets never reach git or dist/', () => {
  test('a secret in compose/.env is refused', () => {
    const root = copyProject((replace) => replace('compose/.env', 'DB_USER=sa', 'DB_USER=sa\nDB_PASSWORD=hunter2'));
    expect(problemsOf(root, ['dev'])).toEqual(['compose/.env: field "DB_PASSWORD": DB_PASSWORD is a secret: remove it from this file; it belongs in the Secret, never in git']);
  });

  test('a secret in the environment settings is refused', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'variables:\n', 'variables:\n  SECRET_KEY: hunter2\n'));
    expect(problemsOf(root, ['prod'])).toEqual([expect.stringMatching(/^environments\/prod\.yaml:\d+: field "variables\.SECRET_KEY": SECRET_KEY is a secret/)]);
  });

  test('a secret embedded in a longer value is refused rather than rendered', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', 'REDIS_URL: "redis://redis:6379"', 'REDIS_URL: "redis://:${DB_PASSWORD}@redis:6379"'));
    expect(problemsOf(root, ['dev'])).toEqual([
      expect.stringMatching(/^compose\/docker-compose\.yml:\d+: service "backend": field "environment\.REDIS_URL": secret DB_PASSWORD is embedded in a longer value/),
    ]);
  });
});

describe('image pinning', () => {
  test('prod refuses a "latest" image tag in the settings', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'tramites-frontend, tag: 1.0.0', 'tramites-frontend, tag: latest'));
    expect(problemsOf(root, ['prod'])).toEqual([expect.stringMatching(/^environments\/prod\.yaml:\d+: field "images\.frontend\.tag": "latest" is allowed only where the environment sets movingTags: true/)]);
  });

  test('staging refuses an unpinned compose image, dev accepts it', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', 'image: redis:7.2.5-alpine', 'image: redis'));
    expect(problemsOf(root, ['staging'])).toEqual([expect.stringMatching(/service "redis": field "image": "redis" is not pinned/)]);
    expect(() => loadStacks(root, ['dev'])).not.toThrow();
  });
});

describe('bad input', () => {
  test('reports several problems of several files in one run', () => {
    const root = copyProject((replace) => {
      replace('compose/docker-compose.yml', 'memory: 8G', 'memory: 8 GB');
      replace('environments/staging.yaml', 'size: 20Gi, storageClass: premium-rwo }', 'size: lots, storageClass: premium-rwo }');
    });
    const problems = problemsOf(root);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^compose\/docker-compose\.yml:\d+: service "db": field "deploy\.resources\.limits\.memory": "8 GB" is not a memory size/),
        expect.stringMatching(/^environments\/staging\.yaml:\d+: field "storage\.db-data\.size": "lots" is not a storage size/),
      ]),
    );
  });

  test('names the line of the bad value', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', 'memory: 8G', 'memory: 8 GB'));
    const line = fs.readFileSync(`${root}/compose/docker-compose.yml`, 'utf8').split('\n').findIndex((text) => text.includes('8 GB')) + 1;
    expect(problemsOf(root, ['dev'])[0]).toMatch(new RegExp(`^compose/docker-compose\\.yml:${line}: `));
  });

  test('refuses a bind mount of a file the stack folder does not have, when the settings give it no treatment', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', '- redis-data:/data', '- redis-data:/data\n      - ./redis.conf:/usr/local/etc/redis/redis.conf'));
    expect(problemsOf(root, ['dev'])).toEqual([
      expect.stringMatching(/service "redis": field "volumes\.1": bind mount "\.\/redis\.conf": compose\/redis\.conf does not exist: .*use a named volume .*bindMounts in environments\/stack\.yaml/),
    ]);
  });

  test('refuses an unknown environment', () => {
    expect(problemsOf(PROJECT_ROOT, ['qa'])).toEqual(['environments/stack.yaml:5: field "environments": unknown environment "qa"; known: dev, staging, prod']);
  });

  test('refuses a service with neither image nor build, at its image field', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', '    image: redis:7.2.5-alpine\n', ''));
    expect(problemsOf(root, ['dev'])).toEqual([
      'compose/docker-compose.yml:47: service "redis": field "image": is required when there is no build: Kubernetes needs an image to run',
    ]);
  });

  test('refuses an environment listed in stack.yaml without a settings file, naming the entry', () => {
    const root = copyProject((replace) => replace('environments/stack.yaml', 'environments: [dev, staging, prod]', 'environments: [dev, stagin, prod]'));
    expect(problemsOf(root)).toEqual([
      'environments/stack.yaml:5: field "environments.1": unknown environment "stagin": there is no environments/stagin.yaml; environments with settings: dev, prod, staging',
    ]);
  });

  test('names the service and its field when a variable has no value', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', '"${VITE_APP_TITLE}"', '"${VITE_APP_TITEL}"'));
    expect(problemsOf(root, ['dev'])).toEqual([
      expect.stringMatching(/^compose\/docker-compose\.yml:\d+: service "frontend": field "environment\.VITE_APP_TITLE": variable VITE_APP_TITEL has no value and no default$/),
    ]);
  });
});

describe('a problem is reported once, not again as each of its consequences', () => {
  test('a compose file that is not valid YAML gives that one problem, not every service and volume as missing', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', '    image: redis:7.2.5-alpine', '    image: redis:7.2.5-alpine\n   bad: ['));
    expect(problemsOf(root)).toEqual([expect.stringMatching(/^compose\/docker-compose\.yml:\d+: invalid YAML: /)]);
  });

  test('an environment settings file that is not a mapping gives that one problem', () => {
    const root = copyProject();
    fs.writeFileSync(`${root}/environments/prod.yaml`, 'just text\n');
    expect(problemsOf(root)).toEqual(['environments/prod.yaml: the environment settings must be a mapping (namespace, composeFiles, host, …)']);
  });

  test('an invalid memory limit is not reported again as a missing limit', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', 'memory: 512M', 'memory: lots'));
    expect(problemsOf(root, ['dev'])).toEqual([expect.stringMatching(/service "nginx": field "deploy\.resources\.limits\.memory": "lots" is not a memory size/)]);
  });

  test('an invalid image is not reported again as a missing one', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', 'image: redis:7.2.5-alpine', 'image: 7'));
    expect(problemsOf(root, ['dev'])).toEqual([expect.stringMatching(/service "redis": field "image": must be an image reference$/)]);
  });
});

describe('settings paths are checked where they are written', () => {
  test('a compose file named in an environment that does not exist is reported at its entry', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'docker-compose.prod.yml]', 'docker-compose.production.yml]'));
    expect(problemsOf(root)).toEqual(['environments/prod.yaml:4: field "composeFiles.1": there is no file "docker-compose.production.yml" in compose/']);
  });

  test('a compose directory or .env file that does not exist is reported in stack.yaml', () => {
    const noDirectory = copyProject((replace) => replace('environments/stack.yaml', 'composeDirectory: compose', 'composeDirectory: docker'));
    expect(problemsOf(noDirectory)).toEqual(['environments/stack.yaml:8: field "composeDirectory": there is no directory "docker" in the project']);
    const noEnvFile = copyProject((replace) => replace('environments/stack.yaml', 'envFile: .env', 'envFile: .env.local'));
    expect(problemsOf(noEnvFile)).toEqual(['environments/stack.yaml:9: field "envFile": there is no file ".env.local" in compose/']);
  });
});

describe('settings of the wrong type are reported at their field', () => {
  test.each([
    ['a tag YAML reads as a number (1.0 would deploy 1)', 'tramites-frontend, tag: 1.0.0', 'tramites-frontend, tag: 1.0', 'images.frontend.tag', 'is a number in YAML (1.0 reads as 1, 1.10 as 1.1): write the tag in quotes, e.g. tag: "1.0"'],
    ['replicas of true (Number(true) is 1)', 'green: { tag: 1.0.0 }', 'green: { tag: 1.0.0, replicas: true }', 'blueGreen.backend.green.replicas', '"true" is not a replica count (a whole number, 0 or more)'],
    ['an active colour written as a list', 'activeColor: blue', 'activeColor: [blue]', 'blueGreen.backend.activeColor', 'a list is not a colour; use blue or green'],
    ['variables that are not a mapping', /variables:\n(  .*\n)+/, 'variables: production\n', 'variables', 'must be a mapping, not "production"'],
    ['a variable left empty', 'ENVIRONMENT: production', 'ENVIRONMENT:', 'variables.ENVIRONMENT', 'needs a value (write "" for an empty one)'],
  ] as Array<[string, string | RegExp, string, string, string]>)('%s', (_, from, to, field, message) => {
    const root = copyProject((replace) => replace('environments/prod.yaml', from, to));
    const withoutLines = problemsOf(root, ['prod']).map((problem) => problem.replace(/^([^:]+):\d+:/, '$1:'));
    expect(withoutLines).toEqual([`environments/prod.yaml: field "${field}": ${message}`]);
  });
});

describe('blue/green settings', () => {
  test('refuse an invalid colour and replica count, naming the field', () => {
    const root = copyProject((replace) => {
      replace('environments/prod.yaml', 'activeColor: blue', 'activeColor: purple');
      replace('environments/prod.yaml', 'green: { tag: 1.0.0 }', 'green: { tag: 1.0.0, replicas: -1 }');
    });
    expect(problemsOf(root, ['prod'])).toEqual([
      expect.stringMatching(/^environments\/prod\.yaml:\d+: field "blueGreen\.backend\.activeColor": "purple" is not a colour; use blue or green$/),
      expect.stringMatching(/^environments\/prod\.yaml:\d+: field "blueGreen\.backend\.green\.replicas": "-1" is not a replica count/),
    ]);
  });

  test('refuse an active colour that has no image or no replicas', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'blue: { tag: 1.0.0 }', 'blue: { tag: 1.0.0, replicas: 0 }'));
    expect(problemsOf(root, ['prod'])).toEqual([
      expect.stringMatching(/field "blueGreen\.backend\.blue": the active colour blue needs a tag and at least one replica/),
    ]);
  });

  test('refuse a blue/green service that owns a ReadWriteOnce volume', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'blueGreen:\n', 'blueGreen:\n  db:\n    activeColor: blue\n    blue: { tag: "2019" }\n'));
    expect(problemsOf(root, ['prod'])).toContainEqual(expect.stringMatching(/field "blueGreen\.db": "db" owns a ReadWriteOnce volume/));
  });

  test('refuse an image tag on a blue/green service: the colours carry tags', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'backend: { repository: ghcr.io/juncid/tramites-backend }', 'backend: { repository: ghcr.io/juncid/tramites-backend, tag: 1.0.0 }'));
    expect(problemsOf(root, ['prod'])).toEqual([expect.stringMatching(/field "images\.backend\.tag": service "backend" is blue\/green: each colour carries its tag/)]);
  });
});

describe('delivery settings', () => {
  test('refuse a job with an unknown key and a bad name', () => {
    const root = copyProject((replace) =>
      replace('environments/stack.yaml', 'name: db-init, service: backend, command: python init_database.py,', 'name: DB_Init, service: backend, command: python init_database.py, retries: 2,'),
    );
    expect(problemsOf(root, ['dev'])).toEqual([
      expect.stringMatching(/^environments\/stack\.yaml:\d+: field "jobs\.0\.retries": unknown key; expected one of: name, service, command, waitsFor$/),
      expect.stringMatching(/^environments\/stack\.yaml:\d+: field "jobs\.0\.name": "DB_Init" is not a valid Kubernetes name/),
    ]);
  });

  test('refuse a job for an unknown service', () => {
    const root = copyProject((replace) => replace('environments/stack.yaml', 'name: db-seed, service: backend', 'name: db-seed, service: api'));
    expect(problemsOf(root, ['dev'])).toEqual([expect.stringMatching(/^environments\/stack\.yaml:\d+: field "jobs\.2\.service": there is no compose service "api"$/)]);
  });

  test('refuse an environment without gitops settings when the stack uses Argo CD, and a namespace outside the project', () => {
    const root = copyProject((replace) => {
      replace('environments/staging.yaml', /\ngitops: .*\n/, '\n');
      replace('environments/staging.yaml', 'namespace: tramites-staging', 'namespace: staging');
    });
    expect(problemsOf(root, ['staging'])).toEqual([
      expect.stringMatching(/^environments\/staging\.yaml: field "gitops": is required/),
      expect.stringMatching(/^environments\/staging\.yaml:\d+: field "namespace": must start with "tramites-"/),
    ]);
  });

  test('refuse prune or self-heal without automated sync', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'automated: true, prune: false', 'automated: false, prune: false'));
    expect(problemsOf(root, ['prod'])).toEqual([expect.stringMatching(/field "gitops\.automated": prune and selfHeal only act on automated syncs/)]);
  });

  test('run the database jobs with the newest colour of a blue/green service, whichever is active', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'green: { tag: 1.0.0 }', 'green: { tag: 1.1.0 }'));
    const jobImages = (color: string) => {
      const copy = copyProject((edit) => {
        edit('environments/prod.yaml', 'green: { tag: 1.0.0 }', 'green: { tag: 1.1.0 }');
        if (color !== 'blue') edit('environments/prod.yaml', 'activeColor: blue', `activeColor: ${color}`);
      });
      return loadStacks(copy, ['prod']).models[0].jobs.map((job) => job.image);
    };
    expect(loadStacks(root, ['prod']).models[0].jobs.map((job) => job.image)).toEqual(Array(3).fill('ghcr.io/juncid/tramites-backend:1.1.0'));
    expect(jobImages('green')).toEqual(jobImages('blue'));
  });

  test('refuse colour tags whose order cannot be told, naming both', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'green: { tag: 1.0.0 }', 'green: { tag: candidate }'));
    expect(problemsOf(root, ['prod'])).toContainEqual(expect.stringMatching(/cannot tell which of ghcr\.io\/juncid\/tramites-backend:1\.0\.0 and ghcr\.io\/juncid\/tramites-backend:candidate is newer/));
  });
});

describe('workload settings', () => {
  test('refuse root and a relative writable path', () => {
    const root = copyProject((replace) => replace('environments/stack.yaml', 'redis: { user: 999, group: 1000, writablePaths: [/tmp] }', 'redis: { user: 0, group: 1000, writablePaths: [tmp] }'));
    expect(problemsOf(root, ['dev'])).toEqual([
      expect.stringMatching(/^environments\/stack\.yaml:\d+: field "podSecurity\.redis\.writablePaths": must be a list of absolute paths$/),
      expect.stringMatching(/^environments\/stack\.yaml:\d+: field "podSecurity\.redis\.user": "0" is not a whole number of at least 1$/),
    ]);
  });

  test('refuse a security exception without a reason', () => {
    const root = copyProject((replace) => replace('environments/stack.yaml', /  - rule: high-user-group-id\n    reason: >-\n(      .*\n)+/, '  - rule: high-user-group-id\n'));
    expect(problemsOf(root, ['dev'])).toEqual([expect.stringMatching(/field "securityExceptions\.1\.reason": is required$/)]);
  });

  test('refuse a security exception naming an unknown rule, service or environment, or a scope given twice', () => {
    const root = copyProject((replace) =>
      replace(
        'environments/stack.yaml',
        '  - rule: read-only-root-filesystem\n    service: db\n',
        '  - rule: read-only-root-filesytem\n    services: [dbs]\n    environments: [qa]\n    object: configmap\n    objects: [ConfigMap/x]\n',
      ),
    );
    expect(problemsOf(root, ['dev'])).toEqual([
      expect.stringMatching(/field "securityExceptions\.0\.objects": give either object or objects, not both$/),
      expect.stringMatching(/field "securityExceptions\.0\.object": "configmap" is not Kind\/name \(e\.g\. ConfigMap\/tramites-env\)$/),
      expect.stringMatching(/field "securityExceptions\.0\.rule": "read-only-root-filesytem" is not a rule of the policy suite \(lib\/policies\)$/),
      expect.stringMatching(/field "securityExceptions\.0\.services": there is no compose service "dbs"$/),
      expect.stringMatching(/field "securityExceptions\.0\.environments": "qa" is not one of the environments \(dev, staging, prod\)$/),
    ]);
  });

  test('refuse an exception to a rule of the restricted Pod Security Standard that no compose setting can need (test/loader/service-keys.test.ts: those that can)', () => {
    const root = copyProject((replace) => replace('environments/stack.yaml', '  - rule: read-only-root-filesystem\n', '  - rule: seccomp-runtime-default\n'));
    expect(problemsOf(root, ['dev'])).toEqual([
      expect.stringMatching(/field "securityExceptions\.0\.rule": "seccomp-runtime-default" follows the restricted Pod Security Standard, which every namespace enforces: an exception cannot admit the pod; fix the workload$/),
    ]);
  });

  test('read the Kubernetes release from stack.yaml, let an environment name its own, and refuse one outside 1.27 to 1.34 or unquoted', () => {
    expect(loadStacks(PROJECT_ROOT, ['prod']).models[0].environment.kubernetesVersion).toBe('1.34');
    const own = copyProject((replace) => replace('environments/staging.yaml', 'namespace: tramites-staging\n', 'namespace: tramites-staging\nkubernetesVersion: "1.31"\n'));
    expect(loadStacks(own, ['staging']).models[0].environment.kubernetesVersion).toBe('1.31');
    const old = copyProject((replace) => replace('environments/stack.yaml', 'kubernetesVersion: "1.34"', 'kubernetesVersion: "1.26"'));
    expect(problemsOf(old, ['dev'])).toEqual([
      expect.stringMatching(/^environments\/stack\.yaml:\d+: field "kubernetesVersion": "1\.26" is not a Kubernetes release the manifests are validated for: use 1\.27 to 1\.34$/),
    ]);
    const unquoted = copyProject((replace) => replace('environments/dev.yaml', 'namespace: tramites-dev\n', 'namespace: tramites-dev\nkubernetesVersion: 1.30\n'));
    expect(problemsOf(unquoted, ['dev'])).toEqual([expect.stringMatching(/^environments\/dev\.yaml:\d+: field "kubernetesVersion": is a number in YAML \(1\.30 reads as 1\.3\)/)]);
  });

  test('give each service the priority class of its tier, or the environment\'s own for that tier, and refuse a service in two tiers, an unknown tier or service', () => {
    const stack = loadStacks(PROJECT_ROOT, ['prod']).models[0];
    expect(stack.services.map((service) => [service.name, service.priorityClassName])).toEqual([
      ['db', 'tramites-data'],
      ['redis', 'tramites-data'],
      ['backend', 'tramites-serving'],
      ['frontend', 'tramites-serving'],
      ['nginx', 'tramites-serving'],
    ]);
    const own = copyProject((replace) => replace('environments/dev.yaml', 'namespace: tramites-dev\n', 'namespace: tramites-dev\npriorityClasses: { data: dev-low }\n'));
    expect(loadStacks(own, ['dev']).models[0].services.map((service) => service.priorityClassName)).toEqual(['dev-low', 'dev-low', 'tramites-serving', 'tramites-serving', 'tramites-serving']);
    const unknownTier = copyProject((replace) => replace('environments/dev.yaml', 'namespace: tramites-dev\n', 'namespace: tramites-dev\npriorityClasses: { cache: dev-low }\n'));
    expect(problemsOf(unknownTier, ['dev'])).toEqual([expect.stringMatching(/field "priorityClasses\.cache": there is no priority tier "cache" in stack\.yaml \(tiers: data, serving\)$/)]);
    const root = copyProject((replace) => replace('environments/stack.yaml', 'services: [nginx, frontend, backend] }', 'services: [nginx, frontend, backend, redis, worker] }'));
    expect(problemsOf(root, ['dev'])).toEqual([
      expect.stringMatching(/field "priorityTiers\.serving\.services\.3": service "redis" is already in tier "data": a service has one priority$/),
      expect.stringMatching(/field "priorityTiers\.serving\.services\.4": there is no compose service "worker"$/),
    ]);
  });

  test('refuse an autoscaler whose maximum is below the replica count', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'backend: { maxReplicas: 6,', 'backend: { maxReplicas: 2,'));
    expect(problemsOf(root, ['prod'])).toEqual([expect.stringMatching(/field "autoscaling\.backend\.maxReplicas": is below the service's 3 replicas/)]);
  });

  test('render a root filesystem writable only where an exception says so', () => {
    const stack = loadStacks(PROJECT_ROOT, ['staging']).models[0];
    expect(stack.services.map((service) => [service.name, service.security.readOnlyRootFilesystem])).toEqual([
      ['db', false],
      ['redis', true],
      ['backend', true],
      ['frontend', true],
      ['nginx', true],
    ]);
  });
});

describe('dependency cycles', () => {
  test('are refused at the depends_on that closes them, with the whole cycle named', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', '      redis:\n        condition: service_healthy\n', '      redis:\n        condition: service_healthy\n      nginx:\n        condition: service_started\n'));
    expect(problemsOf(root, ['dev'])).toEqual([
      expect.stringMatching(/^compose\/docker-compose\.yml:\d+: service "backend": field "depends_on\.nginx": depends_on forms a cycle: backend -> nginx -> backend; nothing could start first$/),
    ]);
  });
});

describe('problems of every file in one run', () => {
  test('a stack.yaml problem is reported together with compose and environment problems', () => {
    const root = copyProject((replace) => {
      replace('environments/stack.yaml', '  name: tramites-secrets', '  name: Tramites_Secrets');
      replace('compose/docker-compose.yml', 'memory: 8G', 'memory: 8 GB');
      replace('environments/prod.yaml', 'activeColor: blue', 'activeColor: teal');
    });
    expect(problemsOf(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^environments\/stack\.yaml:\d+: field "secret\.name": "Tramites_Secrets" is not a valid Secret name/),
        expect.stringMatching(/^compose\/docker-compose\.yml:\d+: service "db": field "deploy\.resources\.limits\.memory"/),
        expect.stringMatching(/^environments\/prod\.yaml:\d+: field "blueGreen\.backend\.activeColor"/),
      ]),
    );
  });
});

describe('settings of the wrong shape', () => {
  test('a gitops block or a job that is not a mapping is reported as such, once', () => {
    const root = copyProject((replace) => {
      replace('environments/prod.yaml', /\ngitops: .*\n/, '\ngitops: main\n');
      replace('environments/stack.yaml', '  - { name: db-seed, service: backend, command: python load_initial_data.py, waitsFor: [db] }', '  - db-seed');
    });
    expect(problemsOf(root, ['prod'])).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^environments\/stack\.yaml:\d+: field "jobs\.2": must be a mapping/),
        expect.stringMatching(/^environments\/prod\.yaml:\d+: field "gitops": must be a mapping/),
      ]),
    );
  });
});
