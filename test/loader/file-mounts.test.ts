import * as fs from 'fs';
import * as path from 'path';
import type { MountModel, StackModel } from '../../lib/model';
import { renderOutput } from '../../lib/render';
import { find, mainContainer, synthModel } from '../support/project';
import { loadDev, problemsOf, warningsOf, webService, writeStack } from '../support/stack-folder';

const model = (root: string): StackModel => loadDev(root).models[0];
const mountsOf = (root: string): readonly MountModel[] => model(root).services[0].mounts;
/** A second service, `worker`, with its pod security, for stacks where two services share a file. */
const WORKER_SETTINGS = { stack: '  worker: { user: 1000, group: 1000, writablePaths: [] }' };
const worker = (lines: readonly string[]) => [
  '  worker:',
  '    image: busybox:1.36.1',
  '    deploy: { resources: { limits: { cpus: "0.1", memory: 64M } } }',
  ...lines.map((line) => `    ${line}`),
];

describe('env_file', () => {
  test('a single path, a list and the long syntax, with any file name: one ConfigMap per file, read in compose order', () => {
    const root = writeStack(webService(['env_file: [web.env, { path: ./config/shared.env }, .env.local]']), {
      'web.env': 'CACHE_SIZE=64\n# a comment\nMODE="production"\n',
      'config/shared.env': 'REGION=eu\n',
      '.env.local': 'DEBUG=0\n',
    });
    const stack = model(root);
    expect(stack.services[0].envFileConfigMaps).toEqual(['shop-env-web', 'shop-env-config-shared', 'shop-env-local']);
    expect(stack.services[0].readsEnvFile).toBe(false);
    expect(stack.configMaps).toEqual([
      { name: 'shop-env-web', data: { CACHE_SIZE: '64', MODE: 'production' } },
      { name: 'shop-env-config-shared', data: { REGION: 'eu' } },
      { name: 'shop-env-local', data: { DEBUG: '0' } },
    ]);
    const container = mainContainer(find(synthModel(stack), 'Deployment', 'web'));
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'shop-env-web' } }, { configMapRef: { name: 'shop-env-config-shared' } }, { configMapRef: { name: 'shop-env-local' } }]);
    expect(find(synthModel(stack), 'ConfigMap', 'shop-env-web').data).toEqual({ CACHE_SIZE: '64', MODE: 'production' });
  });

  test("the stack's own .env is read as before: its ConfigMap and the whole Secret", () => {
    const stack = model(writeStack(webService(['env_file: .env'])));
    expect(stack.services[0].readsEnvFile).toBe(true);
    expect(stack.services[0].envFileConfigMaps).toEqual([]);
    expect(mainContainer(find(synthModel(stack), 'Deployment', 'web')).envFrom).toEqual([
      { configMapRef: { name: 'shop-env' } },
      { secretRef: { name: 'shop-secrets' } },
    ]);
  });

  test('a file two services read is one ConfigMap', () => {
    const root = writeStack(webService(['env_file: common.env'], worker(['env_file: [common.env]'])), { 'common.env': 'A=1\n' }, WORKER_SETTINGS);
    const stack = model(root);
    expect(stack.configMaps!.map((configMap) => configMap.name)).toEqual(['shop-env-common']);
    expect(stack.services.map((service) => service.envFileConfigMaps)).toEqual([['shop-env-common'], ['shop-env-common']]);
  });

  test('a variable named like a secret never reaches the ConfigMap: the pods read it from the Secret, with a warning', () => {
    const root = writeStack(webService(['env_file: db.env', 'environment: { SESSION_SECRET: "${GREETING}" }']), { 'db.env': 'DB_HOST=db\nDB_PASSWORD=example\nSESSION_SECRET=x\n' });
    const stack = model(root);
    expect(stack.configMaps).toEqual([{ name: 'shop-env-db', data: { DB_HOST: 'db' } }]);
    // compose `environment` wins over the env file, as in compose; its value, named like a secret too,
    // is not rendered either: the pods read SESSION_SECRET from the Secret (README: "Bring your own stack").
    expect(stack.services[0].environment).toEqual([{ name: 'DB_PASSWORD', secretKey: 'DB_PASSWORD' }, { name: 'SESSION_SECRET', secretKey: 'SESSION_SECRET' }]);
    expect(stack.secret.keys).toEqual(['API_TOKEN', 'DB_PASSWORD', 'SESSION_SECRET']);
    expect(warningsOf(root)).toEqual([
      ...['DB_PASSWORD', 'SESSION_SECRET'].map(
        (key) => `compose/shop/db.env: field "${key}": named like a credential: a key of the Secret shop-secrets, which is created outside git; the pods read it there and the value written here is not rendered (list it under secret.plain in stack.yaml if it is no credential)`,
      ),
      expect.stringMatching(/^compose\/shop\/docker-compose\.yml:7: service "web": field "environment\.SESSION_SECRET": named like a credential: read from key SESSION_SECRET of the Secret shop-secrets/),
    ]);
    const rendered = JSON.stringify(synthModel(stack));
    expect(rendered).not.toContain('example');
    expect(mainContainer(find(synthModel(stack), 'Deployment', 'web')).env).toContainEqual({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-secrets', key: 'DB_PASSWORD' } } });
  });

  test('a declared secret in an env file is refused, as in the .env', () => {
    const root = writeStack(webService(['env_file: api.env']), { 'api.env': 'API_TOKEN=abc\n' });
    expect(problemsOf(root)).toEqual(['compose/shop/api.env: field "API_TOKEN": API_TOKEN is a secret: remove it from this file; it belongs in the Secret, never in git']);
  });

  test('a missing file is refused unless required: false, which skips it with a warning', () => {
    expect(problemsOf(writeStack(webService(['env_file: [web.env]'])))).toEqual([
      'compose/shop/docker-compose.yml:6: service "web": field "env_file.0": "web.env": compose/shop/web.env not found (required: false makes it optional)',
    ]);
    const optional = writeStack(webService(['env_file: [{ path: local.env, required: false }]']));
    expect(model(optional).configMaps).toEqual([]);
    expect(warningsOf(optional)).toEqual(['compose/shop/docker-compose.yml:6: service "web": field "env_file.0": "local.env": compose/shop/local.env not found; skipped (required: false)']);
  });

  test('a file outside the stack folder, or a directory, is refused', () => {
    const root = writeStack(webService(['env_file: [../other.env, config]']), { '../other.env': 'A=1\n', 'config/a': '' });
    expect(problemsOf(root)).toEqual([
      'compose/shop/docker-compose.yml:6: service "web": field "env_file.0": "../other.env": compose/other.env is outside the stack folder compose/shop: only files inside it are carried into the cluster',
      'compose/shop/docker-compose.yml:6: service "web": field "env_file.1": "config": compose/shop/config is a directory, not an env file',
    ]);
  });

  test('a line that is not KEY=VALUE is refused at its line', () => {
    expect(problemsOf(writeStack(webService(['env_file: web.env']), { 'web.env': 'A=1\nnot a variable\n' }))).toEqual(['compose/shop/web.env:2: expected KEY=VALUE, found "not a variable"']);
  });
});

describe('bind mounts of the stack folder', () => {
  test('a file becomes a ConfigMap mounted read-only by subPath at its target', () => {
    const conf = 'server {\n  listen 8080;\n}\n';
    const stack = model(writeStack(webService(['volumes: ["./nginx.conf:/etc/nginx/conf.d/default.conf:ro"]']), { 'nginx.conf': conf }));
    expect(stack.configMaps).toEqual([{ name: 'shop-file-nginx-conf', data: { 'nginx.conf': conf } }]);
    expect(stack.services[0].mounts).toEqual([{ kind: 'config-map', configMap: 'shop-file-nginx-conf', path: '/etc/nginx/conf.d/default.conf', file: 'nginx.conf' }]);
    const pod = find(synthModel(stack), 'Deployment', 'web').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'etc-nginx-conf-d-default-conf', mountPath: '/etc/nginx/conf.d/default.conf', subPath: 'nginx.conf', readOnly: true });
  });

  test('a directory becomes one ConfigMap, its subdirectories and binary files kept', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
    const stack = model(
      writeStack(webService(['volumes: [{ type: bind, source: ./prometheus, target: /etc/prometheus, read_only: true }]']), {
        'prometheus/prometheus.yml': 'scrape_configs: []\n',
        'prometheus/rules/alerts.yml': 'groups: []\n',
        'prometheus/logo.png': png,
      }),
    );
    expect(stack.configMaps).toEqual([
      {
        name: 'shop-file-prometheus',
        data: { 'prometheus.yml': 'scrape_configs: []\n', 'rules_alerts.yml': 'groups: []\n' },
        binaryData: { 'logo.png': png.toString('base64') },
      },
    ]);
    expect(stack.services[0].mounts).toEqual([
      {
        kind: 'config-map',
        configMap: 'shop-file-prometheus',
        path: '/etc/prometheus',
        items: [
          { key: 'logo.png', path: 'logo.png' },
          { key: 'prometheus.yml', path: 'prometheus.yml' },
          { key: 'rules_alerts.yml', path: 'rules/alerts.yml' },
        ],
      },
    ]);
  });

  test('the same file mounted by two services is one ConfigMap', () => {
    const root = writeStack(webService(['volumes: [./site.conf:/etc/site.conf]'], worker(['volumes: ["./site.conf:/config/site.conf:ro"]'])), { 'site.conf': 'x\n' }, WORKER_SETTINGS);
    const stack = model(root);
    expect(stack.configMaps!.map((configMap) => configMap.name)).toEqual(['shop-file-site-conf']);
    expect(stack.services.map((service) => service.mounts[0])).toEqual([
      { kind: 'config-map', configMap: 'shop-file-site-conf', path: '/etc/site.conf', file: 'site.conf' },
      { kind: 'config-map', configMap: 'shop-file-site-conf', path: '/config/site.conf', file: 'site.conf' },
    ]);
  });

  test("a treatment in the settings takes precedence over the stack folder's file", () => {
    const root = writeStack(webService(['volumes: [./html:/usr/share/nginx/html]']), { 'html/index.html': '<p>hi</p>' }, { stack: 'bindMounts: { ./html: image }' });
    expect(mountsOf(root)).toEqual([]);
    expect(model(root).configMaps).toEqual([]);
  });

  test("the host's clock files are ignored with a warning when read-only", () => {
    const root = writeStack(webService(['volumes: ["/etc/localtime:/etc/localtime:ro", "/etc/timezone:/etc/timezone:ro"]']));
    expect(mountsOf(root)).toEqual([]);
    expect(warningsOf(root)).toEqual([
      'compose/shop/docker-compose.yml:6: service "web": field "volumes.0": bind mount "/etc/localtime" ignored: the node\'s time zone; set the TZ variable instead',
      'compose/shop/docker-compose.yml:6: service "web": field "volumes.1": bind mount "/etc/timezone" ignored: the node\'s time zone; set the TZ variable instead',
    ]);
  });

  test('host paths, paths outside the stack folder and missing paths are refused, one line each', () => {
    fs.mkdirSync('/tmp/stack-files-outside', { recursive: true });
    const root = writeStack(
      webService([
        'volumes:',
        '  - /var/run/docker.sock:/var/run/docker.sock',
        '  - /srv/data:/data',
        '  - /etc/localtime:/etc/localtime',
        '  - ../shared:/shared:ro',
        '  - ./data:/var/lib/data',
        '  - { type: bind, source: ./missing, target: /m, bind: { create_host_path: false } }',
        '  - ./linked:/linked',
      ]),
      { '../shared/a.conf': 'x' },
    );
    fs.symlinkSync('/tmp/stack-files-outside', path.join(root, 'compose/shop/linked'));
    expect(problemsOf(root)).toEqual([
      'compose/shop/docker-compose.yml:7: service "web": field "volumes.0": bind mount "/var/run/docker.sock": the Docker socket gives root on the host; a pod gets no access to the node\'s container runtime',
      'compose/shop/docker-compose.yml:8: service "web": field "volumes.1": bind mount "/srv/data": a host path: the cluster\'s nodes are not the compose host; put the files in the stack folder (they become a ConfigMap) or use a named volume',
      'compose/shop/docker-compose.yml:9: service "web": field "volumes.2": bind mount "/etc/localtime": a host path: the cluster\'s nodes are not the compose host; put the files in the stack folder (they become a ConfigMap) or use a named volume',
      'compose/shop/docker-compose.yml:10: service "web": field "volumes.3": bind mount "../shared": compose/shared is outside the stack folder compose/shop: only files inside it are carried into the cluster',
      expect.stringMatching(/^compose\/shop\/docker-compose\.yml:11: service "web": field "volumes\.4": bind mount "\.\/data": compose\/shop\/data does not exist: compose would create an empty directory for the service to write in, which is data: use a named volume/),
      'compose/shop/docker-compose.yml:12: service "web": field "volumes.5": bind mount "./missing": compose/shop/missing does not exist (create_host_path: false), and compose would refuse it too',
      'compose/shop/docker-compose.yml:13: service "web": field "volumes.6": bind mount "./linked": compose/shop/linked is outside the stack folder compose/shop: only files inside it are carried into the cluster',
    ]);
  });

  test('a directory holding an env file, or an env file mounted as a file, is refused: its secrets would be rendered', () => {
    const root = writeStack(webService(['volumes: [".:/app", ./.env:/app/.env, ./config:/config]']), { 'config/app.env': 'DB_PASSWORD=example\n', 'config/app.yml': 'a: 1\n' });
    expect(problemsOf(root)).toEqual([
      'compose/shop/docker-compose.yml:6: service "web": field "volumes.0": bind mount ".": compose/shop/.env is an env file, whose secrets a ConfigMap would render: mount the files the service needs, or name a treatment under bindMounts in environments/stack.yaml',
      'compose/shop/docker-compose.yml:6: service "web": field "volumes.1": bind mount "./.env": compose/shop/.env is an env file, whose secrets a ConfigMap would render: mount the files the service needs, or name a treatment under bindMounts in environments/stack.yaml',
      'compose/shop/docker-compose.yml:6: service "web": field "volumes.2": bind mount "./config": compose/shop/config/app.env is an env file, whose secrets a ConfigMap would render: mount the files the service needs, or name a treatment under bindMounts in environments/stack.yaml',
    ]);
  });

  test('a directory with a file that cannot be read (a dangling link) is refused, not a crash', () => {
    const root = writeStack(webService(['volumes: [./conf:/conf]']), { 'conf/a.conf': 'a\n' });
    fs.symlinkSync('missing.conf', path.join(root, 'compose/shop/conf/b.conf'));
    expect(problemsOf(root)).toEqual(['compose/shop/docker-compose.yml:6: service "web": field "volumes.0": bind mount "./conf": compose/shop/conf cannot be read (ENOENT)']);
  });

  test('a file over 1 MiB, a private key and an empty directory are refused', () => {
    const root = writeStack(webService(['volumes: [./big.bin:/big.bin, ./certs:/certs, ./logs:/var/log/app]']), {
      'big.bin': Buffer.alloc(1024 * 1024 + 1),
      'certs/site.crt': 'certificate',
      'certs/site.key': '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n',
      'logs/.gitkeep': '',
    });
    expect(problemsOf(root)).toEqual([
      'compose/shop/docker-compose.yml:6: service "web": field "volumes.0": bind mount "./big.bin": compose/shop/big.bin is over 1 MiB, more than a ConfigMap holds: ship it in the image (bindMounts: image in environments/stack.yaml) or use a named volume',
      'compose/shop/docker-compose.yml:6: service "web": field "volumes.1": bind mount "./certs": compose/shop/certs/site.key holds a private key, which a ConfigMap would show to anyone who reads the namespace: make it a compose secret',
      'compose/shop/docker-compose.yml:6: service "web": field "volumes.2": bind mount "./logs": compose/shop/logs holds no files: a directory the service fills is data; use a named volume',
    ]);
  });
});

describe('secrets', () => {
  const SECRET_CONTENT = 'correct-horse-battery-staple-4f9a';

  test('a file secret is a key of a Secret mounted at /run/secrets/<name>, short and long syntax', () => {
    const root = writeStack(
      webService(
        ['secrets:', '  - db_password', '  - { source: api_key, target: api.key, mode: 0400, uid: "101" }', '  - { source: tls_key, target: /etc/ssl/private/site.key }'],
        ['secrets:', '  db_password: { file: ./secrets/db_password.txt }', '  api_key: { environment: API_KEY }', '  tls_key: { external: true, name: shop-tls-key }'],
      ),
      { 'secrets/db_password.txt': SECRET_CONTENT },
    );
    expect(mountsOf(root)).toEqual([
      { kind: 'secret', secret: 'shop-secret-db-password', key: 'db_password', path: '/run/secrets/db_password', mode: undefined },
      { kind: 'secret', secret: 'shop-secret-api-key', key: 'api_key', path: '/run/secrets/api.key', mode: 0o400 },
      { kind: 'secret', secret: 'shop-tls-key', key: 'tls_key', path: '/etc/ssl/private/site.key', mode: undefined },
    ]);
    expect(warningsOf(root)).toEqual([
      'compose/shop/docker-compose.yml:8: service "web": field "secrets.1.uid": ignored: Kubernetes sets no owner per mounted file; the files belong to the pod\'s group (fsGroup) and are readable by its user',
    ]);
  });

  test("the content of a secret's file never reaches the model or any rendered output", () => {
    const root = writeStack(
      webService(['secrets: [db_password]', 'volumes: [./secrets:/etc/app-secrets]'], ['secrets:', '  db_password: { file: ./secrets/db_password.txt }']),
      { 'secrets/db_password.txt': SECRET_CONTENT },
    );
    // The directory of the secret file is bind-mounted too, which would carry it into a ConfigMap: refused
    // because it is the file of a compose secret.
    expect(problemsOf(root)).toEqual([
      'compose/shop/docker-compose.yml:7: service "web": field "volumes.0": bind mount "./secrets": compose/shop/secrets/db_password.txt is the file of secret "db_password": a ConfigMap would render it; mount the secret instead',
    ]);
    const mountedAsSecret = writeStack(webService(['secrets: [db_password]'], ['secrets:', '  db_password: { file: ./secrets/db_password.txt }']), {
      'secrets/db_password.txt': SECRET_CONTENT,
    });
    const stack = model(mountedAsSecret);
    expect(JSON.stringify(stack)).not.toContain(SECRET_CONTENT);
    const output = renderOutput([stack]).map((folder) => folder.text).join('\n');
    expect(output).toContain('secretName: shop-secret-db-password');
    for (const encoding of [SECRET_CONTENT, Buffer.from(SECRET_CONTENT).toString('base64'), Buffer.from(SECRET_CONTENT).toString('hex')]) expect(output).not.toContain(encoding);
  });

  test("a config's file is refused as a bind mount is: a secret's file or an env file would render its secrets", () => {
    const root = writeStack(
      webService(['secrets: [db_password]', 'configs: [leak, settings]'], ['secrets:', '  db_password: { file: ./db_password.txt }', 'configs:', '  leak: { file: ./db_password.txt }', '  settings: { file: ./app.env }']),
      { 'db_password.txt': SECRET_CONTENT, 'app.env': 'DB_HOST=db\nDB_PASSWORD=example\n' },
    );
    expect(problemsOf(root)).toEqual([
      expect.stringMatching(/field "configs\.leak\.file": compose\/shop\/db_password\.txt is the file of secret "db_password": a ConfigMap would render it; mount the secret instead$/),
      expect.stringMatching(/field "configs\.settings\.file": compose\/shop\/app\.env is an env file, whose secrets a ConfigMap would render: make its variables an env_file of the service, or the file a compose secret$/),
    ]);
  });

  test('where the environment reads its secrets from a store, an ExternalSecret creates each compose secret\'s Secret from its entry', () => {
    const store = [
      'secrets:',
      '  mode: externalSecret',
      '  store: { kind: ClusterSecretStore, name: vault }',
      '  refreshInterval: 1h',
      '  remoteRefs:',
      '    db_password: { key: shop/dev/db, property: password }',
    ].join('\n');
    const compose = webService(['secrets: [db_password, tls-key]'], ['secrets:', '  db_password: { file: ./db_password.txt }', '  tls-key: { external: true }']);
    const stack = model(writeStack(compose, {}, { dev: store }));
    expect(stack.fileSecrets).toEqual([{ name: 'shop-secret-db-password', key: 'db_password', remoteRef: { key: 'shop/dev/db', property: 'password' } }]);
    const externalSecret = find(synthModel(stack), 'ExternalSecret', 'shop-secret-db-password');
    expect(externalSecret.spec).toEqual({
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
      refreshInterval: '1h',
      target: { name: 'shop-secret-db-password', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: [{ secretKey: 'db_password', remoteRef: { key: 'shop/dev/db', property: 'password' } }],
    });
    // The external one exists already: no ExternalSecret of its own.
    expect(synthModel(stack).filter((manifest) => manifest.kind === 'ExternalSecret').map((manifest) => manifest.metadata.name)).toEqual(['shop-secrets', 'shop-secret-db-password']);
    expect(problemsOf(writeStack(compose, {}, { dev: store.replace('db_password:', 'db_pasword:') }))).toEqual([
      'environments/dev.yaml:8: field "secrets.remoteRefs": db_password needs its store entry ({ key, property }): the compose secret db_password is mounted by web from shop-secret-db-password',
      'environments/dev.yaml:9: field "secrets.remoteRefs.db_pasword": no pod reads db_pasword from shop-secrets: remove it',
    ]);
  });

  test('an undeclared secret, and a top-level secret without one source, are refused', () => {
    const root = writeStack(
      webService(['secrets: [missing, { target: /x }]'], ['secrets:', '  both: { file: ./a, environment: A }', '  none: {}', '  swarm: { external: true, driver: vault }']),
    );
    expect(problemsOf(root)).toEqual([
      'compose/shop/docker-compose.yml:6: service "web": field "secrets.1.source": is required: the name of one of the top-level secrets',
      'compose/shop/docker-compose.yml:8: field "secrets.both": has file and environment: give one source',
      'compose/shop/docker-compose.yml:9: field "secrets.none": needs one of: file, environment, external',
      'compose/shop/docker-compose.yml:6: service "web": field "secrets.0": secret "missing" is not declared under the top-level secrets:',
    ]);
  });
});

describe('configs', () => {
  test('file, content, environment and external configs are ConfigMap keys mounted at their target, /<name> by default', () => {
    const root = writeStack(
      webService(
        ['configs:', '  - site', '  - { source: banner, target: /usr/share/nginx/html/banner.txt, mode: 0440 }', '  - { source: greeting, target: /etc/greeting }', '  - { source: shared, target: /etc/shared.conf }'],
        ['configs:', '  site: { file: ./site.conf }', '  banner: { content: "Welcome\\n" }', '  greeting: { environment: GREETING }', '  shared: { external: true, name: platform-shared }'],
      ),
      { 'site.conf': 'listen 8080;\n' },
    );
    const stack = model(root);
    expect(stack.configMaps).toEqual([
      { name: 'shop-config-site', data: { site: 'listen 8080;\n' } },
      { name: 'shop-config-banner', data: { banner: 'Welcome\n' } },
      { name: 'shop-config-greeting', data: { greeting: 'hello' } },
    ]);
    expect(stack.services[0].mounts).toEqual([
      { kind: 'config-map', configMap: 'shop-config-site', path: '/site', file: 'site', mode: undefined },
      { kind: 'config-map', configMap: 'shop-config-banner', path: '/usr/share/nginx/html/banner.txt', file: 'banner', mode: 0o440 },
      { kind: 'config-map', configMap: 'shop-config-greeting', path: '/etc/greeting', file: 'greeting', mode: undefined },
      { kind: 'config-map', configMap: 'platform-shared', path: '/etc/shared.conf', file: 'shared', mode: undefined },
    ]);
    expect(synthModel(stack).filter((manifest) => manifest.kind === 'ConfigMap').map((manifest) => manifest.metadata.name)).toEqual([
      'shop-env',
      'shop-config-site',
      'shop-config-banner',
      'shop-config-greeting',
    ]);
  });

  test('a config from a secret variable, an unset variable, a missing file or an undeclared config is refused', () => {
    const root = writeStack(
      webService(['configs: [token, unset, gone, undeclared, { source: gone, target: relative }]'], ['configs:', '  token: { environment: API_TOKEN }', '  unset: { environment: NOPE }', '  gone: { file: ./gone.conf }']),
    );
    expect(problemsOf(root)).toEqual([
      'compose/shop/docker-compose.yml:8: field "configs.token.environment": API_TOKEN is a secret, and a config is rendered into git: make it a compose secret',
      'compose/shop/docker-compose.yml:9: field "configs.unset.environment": NOPE is not set in the .env file or the environment\'s variables',
      'compose/shop/docker-compose.yml:10: field "configs.gone.file": compose/shop/gone.conf not found',
      'compose/shop/docker-compose.yml:6: service "web": field "configs.3": config "undeclared" is not declared under the top-level configs:',
      'compose/shop/docker-compose.yml:6: service "web": field "configs.4.target": the mount path "relative" must be absolute',
    ]);
  });
});

describe('long-syntax and external volumes', () => {
  test('subpath, tmpfs and read_only reach the mounts', () => {
    const root = writeStack(
      webService(
        ['volumes:', '  - { type: volume, source: media, target: /srv/media, read_only: true, volume: { subpath: public } }', '  - { type: tmpfs, target: /var/cache/nginx, tmpfs: { size: 64m } }'],
        ['volumes:', '  media:'],
      ),
      {},
      { dev: 'storage: { media: { size: 1Gi } }' },
    );
    expect(mountsOf(root)).toEqual([
      { kind: 'volume', volume: 'media', path: '/srv/media', readOnly: true, subPath: 'public' },
      { kind: 'tmpfs', path: '/var/cache/nginx', sizeLimit: '64Mi' },
    ]);
  });

  test('an external volume mounts the existing claim by name: not rendered, not sized', () => {
    const root = writeStack(webService(['volumes: [media:/srv/media, archive:/srv/archive:ro]'], ['volumes:', '  media: { external: true }', '  archive: { external: true, name: shop-archive-2024 }']));
    const stack = model(root);
    expect(stack.volumes).toEqual([]);
    expect(stack.services[0].mounts).toEqual([
      { kind: 'existing-claim', volume: 'media', claim: 'media', path: '/srv/media', readOnly: false, subPath: undefined },
      { kind: 'existing-claim', volume: 'archive', claim: 'shop-archive-2024', path: '/srv/archive', readOnly: true, subPath: undefined },
    ]);
    const manifests = synthModel(stack);
    expect(manifests.filter((manifest) => manifest.kind === 'PersistentVolumeClaim' || manifest.kind === 'StatefulSet')).toEqual([]);
    expect(find(manifests, 'Deployment', 'web').spec.template.spec.volumes).toContainEqual({ name: 'archive', persistentVolumeClaim: { claimName: 'shop-archive-2024', readOnly: true } });
  });

  test('a size for an external volume, a bad claim name and a driver are reported', () => {
    const root = writeStack(
      webService(['volumes: [media:/srv/media]'], ['volumes:', '  media: { external: true, name: Media_Claim }', '  cache: { driver: local, driver_opts: { type: tmpfs } }']),
      {},
      { dev: 'storage: { media: { size: 1Gi }, cache: { size: 1Gi } }' },
    );
    expect(problemsOf(root)).toEqual([
      'compose/shop/docker-compose.yml:8: field "volumes.media.name": "Media_Claim" is not a valid claim name (lower-case letters, digits, "-" and ".")',
      'environments/dev.yaml:4: field "storage.media": volume "media" is external: it mounts the existing claim "Media_Claim", which is not sized here',
    ]);
    const fixed = writeStack(webService(['volumes: [media:/srv/media]'], ['volumes:', '  media: { external: true }', '  cache: { driver: local }']), {}, { dev: 'storage: { cache: { size: 1Gi } }' });
    expect(warningsOf(fixed)).toEqual([
      'compose/shop/docker-compose.yml:9: field "volumes.cache.driver": ignored: the cluster\'s storage class provisions the volume (storage.<volume>.storageClass in the environment\'s settings)',
    ]);
  });
});
