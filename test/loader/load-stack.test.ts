import * as fs from 'fs';
import { ConfigError, formatProblem } from '../../lib/errors';
import { loadStacks } from '../../lib/loader/load-stack';
import { copyProject, find, mainContainer, PROJECT_ROOT, synthEnvironment } from '../support/project';

/** Loads a project copy and returns the one-line messages of the ConfigError it must throw. */
function problemsOf(root: string, environments?: string[]): string[] {
  try {
    loadStacks(root, environments);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('expected the load to fail');
}

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
    expect(find(manifests, 'ConfigMap', 'nginx-config').data['nginx.conf']).toContain('client_max_body_size 20971520;');
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
      expect.stringMatching(/^compose\/docker-compose\.yml:\d+: field "services\.backend\.environment\.REDIS_URL": secret DB_PASSWORD is embedded in a longer value/),
    ]);
  });
});

describe('image pinning', () => {
  test('prod refuses a "latest" image tag in the settings', () => {
    const root = copyProject((replace) => replace('environments/prod.yaml', 'tramites-frontend, tag: 1.0.0', 'tramites-frontend, tag: latest'));
    expect(problemsOf(root, ['prod'])).toEqual([expect.stringMatching(/^environments\/prod\.yaml:\d+: field "images\.frontend\.tag": "latest" is only allowed in dev/)]);
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

  test('refuses a bind mount that has no treatment in the settings', () => {
    const root = copyProject((replace) => replace('compose/docker-compose.yml', '- redis-data:/data', '- redis-data:/data\n      - ./redis.conf:/usr/local/etc/redis/redis.conf'));
    expect(problemsOf(root, ['dev'])).toEqual([expect.stringMatching(/service "redis": field "volumes": bind mount "\.\/redis\.conf" has no treatment/)]);
  });

  test('refuses an unknown environment', () => {
    expect(problemsOf(PROJECT_ROOT, ['qa'])).toEqual(['environments/stack.yaml: field "environments": unknown environment "qa"; known: dev, staging, prod']);
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
