import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatProblem } from '../../lib/errors';
import { podTemplate } from '../../lib/constructs/pod-template';
import { loadStacks } from '../../lib/loader/load-stack';
import { loadProblems } from '../support/project';
import { DEFAULT_RESOURCES } from '../../lib/loader/service';
import { DEFAULT_SECURITY_EXCEPTIONS } from '../../lib/loader/workload-settings';
import type { ServiceModel, StackModel } from '../../lib/model';

/**
 * Every setting beyond the minimal recipe has a default (README: "Bring your own stack"). Each test here
 * writes a small project of its own, never a copy of the Trámites one, and leaves one thing out or puts
 * one thing in.
 */

const COMPOSE = `services:
  web:
    image: nginx:1.27.2
    ports: ["8080:80"]
    environment:
      APP_MODE: demo
  cache:
    image: redis:7.2.5
    volumes:
      - cache-data:/data
volumes:
  cache-data:
`;

const written: string[] = [];
afterAll(() => written.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

/** Writes a project: `files` by path; the minimal stack.yaml and dev.yaml unless given. */
function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'recipe-defaults-'));
  written.push(root);
  const all = {
    'environments/stack.yaml': 'environments: [dev]\n',
    'environments/dev.yaml': 'namespace: shop-dev\ncomposeFiles: [shop/docker-compose.yml]\n',
    'compose/shop/docker-compose.yml': COMPOSE,
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

function load(root: string): { stack: StackModel; warnings: string[] } {
  const result = loadStacks(root);
  return { stack: result.models[0], warnings: result.warnings.map(formatProblem) };
}

const problemsOf = (root: string): string[] => loadProblems(root);

const serviceOf = (stack: StackModel, name: string): ServiceModel => stack.services.find((service) => service.name === name)!;

describe('the minimal recipe', () => {
  const { stack, warnings } = load(project({}));

  test('loads with nothing but environments, namespace and composeFiles', () => {
    expect(stack.services.map((service) => service.name)).toEqual(['web', 'cache']);
    expect(stack.environment).toEqual({ name: 'dev', namespace: 'shop-dev', kubernetesVersion: '1.34', production: false, enforcedPodSecurity: 'restricted' });
  });

  test('names the stack after its folder when compose has no name:', () => {
    expect(stack.project).toBe('shop');
  });

  test('gives each service the documented defaults, and warns once per service and field', () => {
    const web = serviceOf(stack, 'web');
    // The README's documented defaults, written out: a change of a default must show here.
    expect(web.security).toEqual({ user: 10001, group: 10001, writablePaths: ['/tmp'], readOnlyRootFilesystem: true, addCapabilities: [] });
    expect(web.resources).toEqual({
      limits: { cpu: '1', memory: '1Gi', ephemeralStorage: '1Gi' },
      requests: { cpu: '250m', memory: '256Mi', ephemeralStorage: '256Mi' },
    });
    expect(DEFAULT_RESOURCES.limits).toEqual({ cpuMillicores: 1000, memoryBytes: 1024 ** 3 });
    expect(warnings).toEqual([
      'compose/shop/docker-compose.yml:2: service "web": field "deploy.resources.limits": not set: defaults to cpus 1 (request 250m) and memory 1Gi (request 256Mi) (README: "Bring your own stack"); set the limits the service needs',
      'environments/stack.yaml: service "web": field "podSecurity.web": not set: runs as user 10001, group 10001, with a read-only root filesystem and only /tmp writable (README: "Bring your own stack"); if its image needs its own user or writes elsewhere, set podSecurity.web',
      'compose/shop/docker-compose.yml:7: service "cache": field "deploy.resources.limits": not set: defaults to cpus 1 (request 250m) and memory 1Gi (request 256Mi) (README: "Bring your own stack"); set the limits the service needs',
      'environments/stack.yaml: service "cache": field "podSecurity.cache": not set: runs as user 10001, group 10001, with a read-only root filesystem and only /tmp writable (README: "Bring your own stack"); if its image needs its own user or writes elsewhere, set podSecurity.cache',
      'compose/shop/docker-compose.yml:4: service "web": field "ports": published: reachable from outside the cluster on port 8080 of the LoadBalancer Service web-public (README: "Networks and exposure"); to keep it inside, set exposure.services.web.type: none in environments/dev.yaml',
      `environments/dev.yaml: field "storage.cache-data.size": not set: the claims of volume "cache-data" ask for 1Gi of the cluster's default storage class; size it here (a claim can grow later, never shrink)`,
    ]);
  });

  test('sizes and shares volumes by default: 1Gi, ReadWriteOnce, the default class', () => {
    expect(stack.volumes).toEqual([{ name: 'cache-data', accessMode: 'ReadWriteOnce', size: '1Gi', storageClass: undefined, replicable: false }]);
  });

  test('has no reverse proxy, database, monitoring, Argo CD, Jobs or priority class, and a Secret named after the project', () => {
    expect(stack.reverseProxy).toBeUndefined();
    expect(stack.database).toBeUndefined();
    expect(stack.monitoring).toBeUndefined();
    expect(stack.gitops).toBeUndefined();
    expect(stack.jobs).toEqual([]);
    expect(stack.services.map((service) => service.priorityClassName)).toEqual([undefined, undefined]);
    expect(stack.secret).toEqual({ name: 'shop-secrets', keys: [], source: { mode: 'manual' } });
  });

  test("a service reading the .env of a stack whose Secret has no keys loads only the ConfigMap: there is no Secret to create", () => {
    const withEnvFile = COMPOSE.replace('    environment:\n      APP_MODE: demo\n', '    env_file: .env\n');
    const plain = load(project({ 'compose/shop/docker-compose.yml': withEnvFile, 'compose/shop/.env': 'APP_MODE=demo\n' })).stack;
    expect(serviceOf(plain, 'web').envFrom).toEqual([{ configMap: 'shop-env' }]);
    const secret = load(project({ 'compose/shop/docker-compose.yml': withEnvFile, 'compose/shop/.env': 'APP_MODE=demo\nAPI_TOKEN=x\n' })).stack;
    expect(serviceOf(secret, 'web').envFrom).toEqual([{ configMap: 'shop-env' }, { secret: 'shop-secrets' }]);
  });

  test('declares the two exceptions every stack rendered here needs by design', () => {
    expect(stack.securityExceptions).toEqual(DEFAULT_SECURITY_EXCEPTIONS);
    expect(DEFAULT_SECURITY_EXCEPTIONS.map((exception) => exception.rule)).toEqual(['instance-label-matches-name', 'pull-policy-always']);
  });
});

describe('each default stays a setting with the same effect', () => {
  test('podSecurity, resources, storage, ephemeralStorage, kubernetesVersion and exposure, when set, are used and not warned about', () => {
    const root = project({
      'environments/stack.yaml': `environments: [dev]
podSecurity:
  web: { user: 101, group: 101, writablePaths: [/tmp, /var/cache/nginx] }
  cache: { user: 999, group: 1000, writablePaths: [/tmp] }
ephemeralStorage: { request: 128Mi, limit: 512Mi }
kubernetesVersion: "1.31"
`,
      'environments/dev.yaml': 'namespace: shop-dev\ncomposeFiles: [shop/docker-compose.yml]\nstorage:\n  cache-data: { size: 3Gi }\nexposure: { services: { web: { type: loadBalancer } } }\n',
      'compose/shop/docker-compose.yml': COMPOSE.replace(
        '    ports: ["8080:80"]\n',
        '    ports: ["8080:80"]\n    deploy: { resources: { limits: { cpus: "0.5", memory: 128M } } }\n',
      ).replace('      - cache-data:/data\n', '      - cache-data:/data\n    deploy: { resources: { limits: { cpus: "0.25", memory: 256M } } }\n'),
    });
    const { stack, warnings } = load(root);
    expect(warnings).toEqual([]);
    expect(serviceOf(stack, 'web').exposure?.kind).toBe('loadBalancer');
    expect(serviceOf(stack, 'web').security).toMatchObject({ user: 101, group: 101, writablePaths: ['/tmp', '/var/cache/nginx'] });
    expect(serviceOf(stack, 'cache').security).toMatchObject({ user: 999, group: 1000, writablePaths: ['/tmp'] });
    expect(serviceOf(stack, 'web').resources).toEqual({
      limits: { cpu: '500m', memory: '128Mi', ephemeralStorage: '512Mi' },
      requests: { cpu: '500m', memory: '128Mi', ephemeralStorage: '128Mi' },
    });
    expect(stack.volumes[0].size).toBe('3Gi');
    expect(stack.environment.kubernetesVersion).toBe('1.31');
  });

  test('one missing limit takes its default alone, never below the reservation, and the warning names that field', () => {
    const root = project({
      'compose/shop/docker-compose.yml': COMPOSE.replace(
        '    ports: ["8080:80"]\n',
        '    ports: ["8080:80"]\n    deploy: { resources: { limits: { cpus: "2" }, reservations: { memory: 2G } } }\n',
      ),
    });
    const { stack, warnings } = load(root);
    expect(serviceOf(stack, 'web').resources.limits).toMatchObject({ cpu: '2', memory: '2Gi' });
    expect(serviceOf(stack, 'web').resources.requests).toMatchObject({ cpu: '2', memory: '2Gi' });
    expect(warnings).toContainEqual(expect.stringMatching(/service "web": field "deploy\.resources\.limits\.memory": not set: defaults to memory 2Gi \(request 2Gi\)/));
  });

  test('compose name: wins over the folder; a folder is made a DNS label', () => {
    expect(load(project({ 'compose/shop/docker-compose.yml': `name: boutique\n${COMPOSE}` })).stack.project).toBe('boutique');
    const root = project({
      'compose/My_Shop.v2/docker-compose.yml': COMPOSE,
      'environments/dev.yaml': 'namespace: shop-dev\ncomposeFiles: [My_Shop.v2/docker-compose.yml]\n',
    });
    expect(load(root).stack.project).toBe('my-shop-v2');
    expect(load(root).stack.secret.name).toBe('my-shop-v2-secrets');
  });

  test('a compose file directly in composeDirectory takes that folder as the stack folder, and composeDirectory is a setting', () => {
    const root = project({
      'environments/stack.yaml': 'environments: [dev]\ncomposeDirectory: stacks\n',
      'environments/dev.yaml': 'namespace: shop-dev\ncomposeFiles: [docker-compose.yml]\n',
      'stacks/docker-compose.yml': COMPOSE,
      'stacks/.env': 'APP_TITLE=Shop\n',
    });
    const { stack } = load(root);
    expect(stack.project).toBe('stacks');
    expect(stack.variables).toEqual([['APP_TITLE', 'Shop']]);
  });

  test('the .env of the stack folder is read when there is one; an envFile stack.yaml names must exist', () => {
    expect(load(project({ 'compose/shop/.env': 'APP_TITLE=Shop\n' })).stack.variables).toEqual([['APP_TITLE', 'Shop']]);
    expect(load(project({})).stack.variables).toEqual([]);
    expect(load(project({ 'environments/stack.yaml': 'environments: [dev]\nenvFile: shop.env\n', 'compose/shop/shop.env': 'A=1\n' })).stack.variables).toEqual([['A', '1']]);
    expect(problemsOf(project({ 'environments/stack.yaml': 'environments: [dev]\nenvFile: shop.env\n' }))).toEqual([
      'environments/stack.yaml:2: field "envFile": there is no file "shop.env" in compose/shop/',
    ]);
  });

  test('host is required only with a reverse proxy', () => {
    const stackWithProxy = 'environments: [dev]\nreverseProxy: { service: web, tlsSecret: shop-tls, maxBodySizeVariable: MAX_BODY, routes: [{ path: /, service: web }] }\n';
    expect(problemsOf(project({ 'environments/stack.yaml': stackWithProxy }))).toContainEqual('environments/dev.yaml: field "host": is required');
  });

  test("the default's scratch /tmp gives way to a compose tmpfs at /tmp: one volume there", () => {
    const root = project({ 'compose/shop/docker-compose.yml': COMPOSE.replace('    ports: ["8080:80"]\n', '    ports: ["8080:80"]\n    tmpfs: [/tmp, /run]\n') });
    const web = serviceOf(load(root).stack, 'web');
    expect(web.mounts.filter((mount) => mount.path === '/tmp')).toEqual([{ kind: 'tmpfs', path: '/tmp' }]);
    const pod = podTemplate({ service: web, labels: {} }).spec!;
    expect(pod.volumes!.filter((volume) => volume.name === 'tmp')).toEqual([{ name: 'tmp', emptyDir: { medium: 'Memory' } }]);
    expect(pod.containers[0].volumeMounts!.filter((mount) => mount.mountPath === '/tmp')).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('settings name a service or volume in either spelling, compose\'s or Kubernetes\'', () => {
    const compose = COMPOSE.replace('  cache:\n', '  session_cache:\n').replace(/cache-data/g, 'cache_data');
    const root = project({
      'compose/shop/docker-compose.yml': compose,
      'environments/stack.yaml': 'environments: [dev]\npodSecurity:\n  session_cache: { user: 999, group: 1000, writablePaths: [/tmp] }\nvolumes:\n  cache_data: { accessMode: ReadWriteOnce, replicable: true }\n',
      'environments/dev.yaml': 'namespace: shop-dev\ncomposeFiles: [shop/docker-compose.yml]\nstorage:\n  cache_data: { size: 2Gi }\n',
    });
    const { stack } = load(root);
    expect(serviceOf(stack, 'session-cache').security.user).toBe(999);
    expect(stack.volumes).toEqual([{ name: 'cache-data', accessMode: 'ReadWriteOnce', size: '2Gi', storageClass: undefined, replicable: true }]);
  });

  test('volumes: an entry without accessMode is ReadWriteOnce', () => {
    const { stack } = load(project({ 'environments/stack.yaml': 'environments: [dev]\nvolumes:\n  cache-data: { replicable: true }\n' }));
    expect(stack.volumes[0]).toMatchObject({ accessMode: 'ReadWriteOnce', replicable: true });
  });
});

describe('variables named like a credential', () => {
  const compose = `services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_USER: shop
      POSTGRES_PASSWORD: \${DB_PASSWORD}
      POSTGRES_DB: shop
  web:
    image: ghcr.io/example/shop:1.0.0
    environment:
      API_TOKEN: not-a-real-token
      SESSION_TTL: "3600"
`;

  test('become keys of the Secret, from the .env and from a literal compose value, each warned; no value is rendered', () => {
    const root = project({ 'compose/shop/docker-compose.yml': compose, 'compose/shop/.env': 'DB_PASSWORD=change-me\nSHOP_TITLE=Shop\n' });
    const { stack, warnings } = load(root);
    expect(stack.secret.keys).toEqual(['DB_PASSWORD', 'API_TOKEN']);
    expect(stack.variables).toEqual([['SHOP_TITLE', 'Shop']]);
    expect(serviceOf(stack, 'db').environment).toContainEqual({ name: 'POSTGRES_PASSWORD', secretKey: 'DB_PASSWORD' });
    expect(serviceOf(stack, 'web').environment).toEqual([
      { name: 'API_TOKEN', secretKey: 'API_TOKEN' },
      { name: 'SESSION_TTL', value: '3600' },
    ]);
    expect(JSON.stringify(stack)).not.toMatch(/change-me|not-a-real-token/);
    expect(warnings.filter((warning) => /credential/.test(warning))).toEqual([
      'compose/shop/.env: field "DB_PASSWORD": named like a credential: a key of the Secret shop-secrets, which is created outside git; the pods read it there and the value written here is not rendered (list it under secret.plain in stack.yaml if it is no credential)',
      'compose/shop/docker-compose.yml:11: service "web": field "environment.API_TOKEN": named like a credential: read from key API_TOKEN of the Secret shop-secrets, which is created outside git; the value written here is not rendered (list it under secret.plain in stack.yaml if it is no credential)',
    ]);
  });

  test('KEY, PASS or PASSWD as a word of the name is a credential too; a name that only contains the letters is not', () => {
    const { namedLikeCredential: looksLikeCredential } = require('../../lib/policies/sensitive-names') as typeof import('../../lib/policies/sensitive-names');
    expect(['PAYMENT_API_KEY', 'FTP_USER_PASS', 'KEY', 'DB_PASSWD'].filter((name) => !looksLikeCredential(name))).toEqual([]);
    expect(['KEYCLOAK_ADMIN', 'MONKEY_MODE', 'PASSENGER_COUNT', 'BYPASS_CACHE'].filter((name) => looksLikeCredential(name))).toEqual([]);
  });

  test('in the list form of environment, a whole ${VAR} after "=" is a whole secret value, as in the mapping form', () => {
    const listed = compose.replace('      POSTGRES_USER: shop\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n      POSTGRES_DB: shop\n', '      - POSTGRES_USER=shop\n      - POSTGRES_PASSWORD=${DB_PASSWORD}\n      - POSTGRES_DB=${SHOP_TITLE}\n');
    const { stack } = load(project({ 'compose/shop/docker-compose.yml': listed, 'compose/shop/.env': 'DB_PASSWORD=change-me\nSHOP_TITLE=Shop\n' }));
    expect(serviceOf(stack, 'db').environment).toEqual([
      { name: 'POSTGRES_USER', value: 'shop' },
      { name: 'POSTGRES_PASSWORD', secretKey: 'DB_PASSWORD' },
      { name: 'POSTGRES_DB', value: 'Shop' },
    ]);
    const embedded = listed.replace('POSTGRES_PASSWORD=${DB_PASSWORD}', 'POSTGRES_PASSWORD=x${DB_PASSWORD}');
    expect(problemsOf(project({ 'compose/shop/docker-compose.yml': embedded, 'compose/shop/.env': 'DB_PASSWORD=change-me\nSHOP_TITLE=Shop\n' }))).toEqual([
      'compose/shop/docker-compose.yml:6: service "db": field "environment.1": secret DB_PASSWORD is embedded in a longer value; a secret can only be a whole environment value "${DB_PASSWORD}"',
    ]);
  });

  test('secret.keys adds keys whatever their name, secret.name names the Secret, secret.plain keeps a look-alike rendered', () => {
    const root = project({
      'environments/stack.yaml': 'environments: [dev]\nsecret:\n  name: shop-credentials\n  keys: [DATABASE_URL]\n  plain: [API_TOKEN]\n',
      'compose/shop/docker-compose.yml': compose.replace('      SESSION_TTL: "3600"\n', '      SESSION_TTL: "3600"\n      DATABASE_URL: ${DATABASE_URL}\n'),
      'compose/shop/.env': 'DB_PASSWORD=change-me\n',
    });
    const { stack } = load(root);
    expect(stack.secret).toMatchObject({ name: 'shop-credentials', keys: ['DATABASE_URL', 'DB_PASSWORD'] });
    expect(serviceOf(stack, 'web').environment).toEqual([
      { name: 'API_TOKEN', value: 'not-a-real-token' },
      { name: 'SESSION_TTL', value: '3600' },
      { name: 'DATABASE_URL', secretKey: 'DATABASE_URL' },
    ]);
  });

  test('KEY, PASS and PASSWD as a word of the name are credentials too; inside a longer word they are not', () => {
    const named = `services:
  web:
    image: ghcr.io/example/shop:1.0.0
    environment:
      PAYMENT_API_KEY: not-a-real-key
      FTP_USER_PASS: not-a-real-pass
      GITEA__database__PASSWD: not-a-real-passwd
      KEYCLOAK_ADMIN: admin
      PASSIVE_PORTS: "30000:30009"
`;
    const { stack } = load(project({ 'compose/shop/docker-compose.yml': named }));
    expect(serviceOf(stack, 'web').environment).toEqual([
      { name: 'PAYMENT_API_KEY', secretKey: 'PAYMENT_API_KEY' },
      { name: 'FTP_USER_PASS', secretKey: 'FTP_USER_PASS' },
      { name: 'GITEA__database__PASSWD', secretKey: 'GITEA__database__PASSWD' },
      { name: 'KEYCLOAK_ADMIN', value: 'admin' },
      { name: 'PASSIVE_PORTS', value: '30000:30009' },
    ]);
    expect(JSON.stringify(stack)).not.toMatch(/not-a-real/);
  });

  test('a *_FILE variable naming a mounted file is the path the image reads the credential from, rendered as it is', () => {
    const files = `
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db-password
      ADMIN_TOKEN_FILE: relative/not-a-path
`;
    const { stack } = load(project({ 'compose/shop/docker-compose.yml': files }));
    expect(serviceOf(stack, 'db').environment).toEqual([
      { name: 'POSTGRES_PASSWORD_FILE', value: '/run/secrets/db-password' },
      // Not an absolute path: no file reference, so the name's rule holds and the value stays out.
      { name: 'ADMIN_TOKEN_FILE', secretKey: 'ADMIN_TOKEN_FILE' },
    ]);
  });

  test('in an environment\'s variables, are refused: they would be written into git', () => {
    const root = project({ 'environments/dev.yaml': 'namespace: shop-dev\ncomposeFiles: [shop/docker-compose.yml]\nvariables:\n  ADMIN_PASSWORD: hunter2\n' });
    expect(problemsOf(root)).toEqual([
      "environments/dev.yaml:4: field \"variables.ADMIN_PASSWORD\": ADMIN_PASSWORD is named like a credential: it belongs in the stack's Secret, never in git (if it is not one, list it under secret.plain in stack.yaml)",
    ]);
  });
});
