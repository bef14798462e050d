import { ConfigError, ProblemCollector, type Problem } from '../../lib/errors';
import { readComposeFile } from '../../lib/loader/compose-file';
import { SecretReference } from '../../lib/loader/interpolate';
import { FileReporter } from '../../lib/loader/report';
import { YamlFile } from '../../lib/loader/yaml-file';

const FILE = 'compose/docker-compose.yml';

/** Reads compose YAML given as lines (so line numbers are easy to count); `data` replaces the parsed tree. */
function read(lines: string[], data?: unknown) {
  const collector = new ProblemCollector();
  const file = YamlFile.parse(FILE, lines.join('\n'), collector);
  const content = readComposeFile(data ?? file.data, new FileReporter(file, collector));
  let errors: Problem[] = [];
  try {
    collector.throwIfAny();
  } catch (error) {
    errors = [...(error as ConfigError).problems];
  }
  return { content, errors, warnings: collector.warnings };
}

/** Volumes without where each was written, to compare what they say. */
function withoutOrigins(volumes: readonly object[]): object[] {
  return volumes.map((volume) => Object.fromEntries(Object.entries(volume).filter(([key, value]) => key !== 'origin' && value !== undefined)));
}

/** One service `app` with the given body lines (indented under it). */
function app(...body: string[]) {
  const result = read(['services:', '  app:', ...body.map((line) => `    ${line}`)]);
  return { ...result, service: result.content!.services.get('app')! };
}

describe('readComposeFile: top level', () => {
  it('reads the project name, services in file order and top-level volume names', () => {
    const { content, errors } = read(['name: tramites', 'services:', '  db: {}', '  api: {}', 'volumes:', '  db-data:', '  uploads: {}']);
    expect(errors).toEqual([]);
    expect(content!.name).toBe('tramites');
    expect([...content!.services.keys()]).toEqual(['db', 'api']);
    expect(content!.volumes).toEqual(['db-data', 'uploads']);
  });

  it('gives each service fragment a reporter for this file', () => {
    expect(app('image: redis').service.report.path).toBe(FILE);
  });

  it('reports a document that is not a mapping, and reads nothing from it', () => {
    const { content, errors } = read(['- a', '- b']);
    expect(errors).toEqual([{ file: FILE, message: 'a compose file must be a mapping with a `services:` key' }]);
    expect(content).toBeUndefined();
  });

  it('reports services that are not a mapping, and reads nothing from the file', () => {
    const { content, errors } = read(['services: [a, b]']);
    expect(errors).toEqual([{ file: FILE, line: 1, field: 'services', message: 'must be a mapping of service names to services' }]);
    expect(content).toBeUndefined();
  });

  it('reports top-level volumes written as a list', () => {
    expect(read(['services: {}', 'volumes: [db-data]']).errors).toEqual([{ file: FILE, line: 2, field: 'volumes', message: 'must be a mapping, not a list' }]);
  });

  it('reports an unknown top-level key by name, with its line', () => {
    expect(read(['services: {}', 'servics: 1']).errors).toEqual([
      { file: FILE, line: 2, field: 'servics', message: 'unknown key; expected one of: version, name, services, networks, volumes, secrets, configs' },
    ]);
  });

  it('reports a project name that is not a DNS label', () => {
    expect(read(['name: My_Stack', 'services: {}']).errors).toEqual([
      { file: FILE, line: 1, field: 'name', message: '"My_Stack" is not a valid project name (a DNS label)' },
    ]);
  });

  it('reports a project name that is a mapping, even one with a key named toString', () => {
    expect(read(['name:', '  toString: 0', 'services: {}']).errors).toEqual([
      { file: FILE, line: 1, field: 'name', message: 'a mapping is not a valid project name (a DNS label)' },
    ]);
  });

  it('reports a service name that is not a DNS label, naming the service', () => {
    expect(read(['services:', '  My_Api:', '    image: x']).errors).toEqual([
      {
        file: FILE, line: 2, service: 'My_Api',
        message: '"My_Api" is not a valid Kubernetes name: use lower-case letters, digits and "-" (a DNS label)',
      },
    ]);
  });

  it('reports a top-level volume name that is not a DNS label', () => {
    expect(read(['services: {}', 'volumes:', '  Bad_Vol: {}']).errors).toEqual([
      { file: FILE, line: 3, field: 'volumes.Bad_Vol', message: '"Bad_Vol" is not a valid Kubernetes name (a DNS label)' },
    ]);
  });
});

describe('readComposeFile: extension fields', () => {
  it('accepts x- keys at the top level and in services, so anchors and merges work', () => {
    const { content, errors, warnings } = read([
      'x-limits: &limits',
      '  deploy:',
      '    resources:',
      '      limits: { cpus: "0.5", memory: 256M }',
      'services:',
      '  app:',
      '    <<: *limits',
      '    image: x:1',
      '    x-owner: platform',
    ]);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(content!.services.get('app')!.limits).toEqual({ cpuMillicores: 500, memoryBytes: 256 * 1024 ** 2 });
  });
});

describe('readComposeFile: service keys', () => {
  it('reports an unknown service key as an error naming the key, the service and the line', () => {
    const { errors, warnings } = app('image: x', 'links: db');
    expect(errors).toEqual([
      {
        file: FILE, line: 4, service: 'app', field: 'links',
        message: 'unsupported compose key; supported: image, build, container_name, environment, env_file, ports, volumes, networks, network_mode, depends_on, command, entrypoint, healthcheck, deploy, '
          + 'secrets, configs, expose, profiles, user, working_dir, cap_add, cap_drop, privileged, tmpfs, stop_grace_period, stop_signal, hostname, extra_hosts, labels',
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('accepts restart with a warning saying why it is ignored, and no error', () => {
    const { errors, warnings } = app('image: x', 'restart: unless-stopped');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      {
        file: FILE, line: 4, service: 'app', field: 'restart',
        message: 'ignored: Kubernetes restarts the containers of Deployments and StatefulSets by itself',
      },
    ]);
  });

  it('reads image and marks build as present; container_name and networks are accepted silently', () => {
    const { service, errors, warnings } = app('image: redis:7.2.5-alpine', 'build: ./backend', 'container_name: x', 'networks: [n]');
    expect(service.image).toBe('redis:7.2.5-alpine');
    expect(service.build).toBe(true);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('reports an empty image', () => {
    expect(app("image: ''").errors).toEqual([{ file: FILE, line: 3, service: 'app', field: 'image', message: 'must be an image reference' }]);
  });
});

describe('readComposeFile: ports', () => {
  it('reads short syntax: target only, published:target, ip:published:target/udp and a YAML number', () => {
    const { service, errors } = app('ports:', '  - "8000"', '  - "1433:1433"', '  - "127.0.0.1:5353:53/udp"', '  - 6379');
    expect(errors).toEqual([]);
    expect(service.ports).toEqual([
      { target: 8000, published: undefined, protocol: 'TCP' },
      { target: 1433, published: '1433', protocol: 'TCP' },
      { target: 53, published: '5353', protocol: 'UDP', hostIp: '127.0.0.1' },
      { target: 6379, published: undefined, protocol: 'TCP' },
    ]);
  });

  it('reads long syntax with names, published ports and protocol', () => {
    const { service, errors } = app(
      'ports:', '  - name: http', '    target: 8000', '    published: "8000"', '  - name: dns', '    target: 53', '    protocol: UDP',
    );
    expect(errors).toEqual([]);
    expect(service.ports).toEqual([
      { name: 'http', target: 8000, published: '8000', protocol: 'TCP' },
      { name: 'dns', target: 53, published: undefined, protocol: 'UDP' },
    ]);
  });

  it('reads a port range as one port per number, published and target side by side', () => {
    const { service, errors } = app('ports:', '  - "127.0.0.1:8000-8002:9000-9002"', '  - "7000-7001/udp"');
    expect(errors).toEqual([]);
    expect(service.ports).toEqual([
      { target: 9000, published: '8000', protocol: 'TCP', hostIp: '127.0.0.1' },
      { target: 9001, published: '8001', protocol: 'TCP', hostIp: '127.0.0.1' },
      { target: 9002, published: '8002', protocol: 'TCP', hostIp: '127.0.0.1' },
      { target: 7000, published: undefined, protocol: 'UDP' },
      { target: 7001, published: undefined, protocol: 'UDP' },
    ]);
  });

  it('reads a tcp and a udp port of one number as two ports', () => {
    const { service, errors } = app('ports:', '  - "53:53/tcp"', '  - "53:53/udp"');
    expect(errors).toEqual([]);
    expect(service.ports).toEqual([
      { target: 53, published: '53', protocol: 'TCP' },
      { target: 53, published: '53', protocol: 'UDP' },
    ]);
  });

  it('refuses a published range of another length than the container range, a backwards range and a range over 100 ports', () => {
    const { service, errors } = app('ports:', '  - "8000-8010:80"', '  - "8005-8000"', '  - "1000-1200:1000-1200"');
    expect(service.ports).toEqual([]);
    expect(errors).toEqual([
      { file: FILE, line: 4, service: 'app', field: 'ports.0', message: '"8000-8010:80": the published range must be as long as the container range, one published port per container port' },
      { file: FILE, line: 5, service: 'app', field: 'ports.1', message: '"8005-8000" has a range that ends before it starts' },
      { file: FILE, line: 6, service: 'app', field: 'ports.2', message: '"1000-1200:1000-1200" is a range of 201 ports: each becomes a Service and NetworkPolicy port, so at most 100' },
    ]);
  });

  it('reports a short-syntax mapping that is not one, with the forms it takes', () => {
    expect(app('ports:', '  - "80:http"').errors).toEqual([{
      file: FILE, line: 4, service: 'app', field: 'ports.0',
      message: '"80:http" is not a port mapping; use "published:target", "target" or ranges such as "8000-8002:8000-8002"',
    }]);
  });

  it('reports a short-syntax target outside 1-65535', () => {
    expect(app('ports:', '  - "80:70000"').errors.map((e) => e.field)).toEqual(['ports.0']);
  });

  it('reports a long-syntax port name that is not a valid Kubernetes port name', () => {
    expect(app('ports:', '  - name: HTTP_Main', '    target: 8000').errors).toEqual([{
      file: FILE, line: 4, service: 'app', field: 'ports.0.name',
      message: '"HTTP_Main" is not a valid port name (at most 15 lower-case letters, digits and "-")',
    }]);
  });

  it('reports a long-syntax port without a target and drops it', () => {
    const { service, errors } = app('ports:', '  - name: http');
    expect(service.ports).toEqual([]);
    expect(errors).toEqual([{ file: FILE, line: 4, service: 'app', field: 'ports.0.target', message: 'is required: the container port (1-65535)' }]);
  });

  it('reports an unknown long-syntax key and a protocol other than tcp or udp', () => {
    expect(app('ports:', '  - target: 80', '    protocol: sctp', '    extra: 1').errors).toEqual([
      {
        file: FILE, line: 6, service: 'app', field: 'ports.0.extra',
        message: 'unknown key; expected one of: name, target, published, protocol, host_ip, app_protocol, mode',
      },
      { file: FILE, line: 5, service: 'app', field: 'ports.0.protocol', message: 'must be tcp or udp' },
    ]);
  });

  it('reports ports that are not a list', () => {
    expect(app('ports: "80"').errors).toEqual([{ file: FILE, line: 3, service: 'app', field: 'ports', message: 'must be a list' }]);
  });
});

describe('readComposeFile: expose', () => {
  it('reads container ports, ranges and udp, never published', () => {
    const { service, errors } = app('expose:', '  - "8080"', '  - 9000-9001', '  - "53/udp"', '  - 3000');
    expect(errors).toEqual([]);
    expect(service.expose).toEqual([
      { target: 8080, published: undefined, protocol: 'TCP' },
      { target: 9000, published: undefined, protocol: 'TCP' },
      { target: 9001, published: undefined, protocol: 'TCP' },
      { target: 53, published: undefined, protocol: 'UDP' },
      { target: 3000, published: undefined, protocol: 'TCP' },
    ]);
  });

  it('refuses a published mapping under expose, and expose that is not a list', () => {
    expect(app('expose:', '  - "80:8080"').errors).toEqual([
      { file: FILE, line: 4, service: 'app', field: 'expose.0', message: '"80:8080" is not a container port: write "8080", "9000-9002" or "53/udp"' },
    ]);
    expect(app('expose: 8080').errors).toEqual([{ file: FILE, line: 3, service: 'app', field: 'expose', message: 'must be a list of container ports' }]);
  });
});

describe('readComposeFile: names with "_"', () => {
  it('renames services, volumes, depends_on and volume sources to DNS labels, warning once per renamed name', () => {
    const { content, errors, warnings } = read([
      'services:',
      '  web_app:',
      '    depends_on: [cache_db]',
      '    volumes: ["app_data:/data"]',
      '  cache_db:',
      '    image: redis:7',
      'volumes:',
      '  app_data: {}',
    ]);
    expect(errors).toEqual([]);
    expect([...content!.services.keys()]).toEqual(['web-app', 'cache-db']);
    expect(content!.volumes).toEqual(['app-data']);
    expect([...content!.services.get('web-app')!.dependsOn.keys()]).toEqual(['cache-db']);
    expect(content!.services.get('web-app')!.volumes).toEqual([expect.objectContaining({ type: 'volume', source: 'app-data', target: '/data', readOnly: false })]);
    expect(warnings).toEqual([
      { file: FILE, line: 8, field: 'volumes.app_data', message: 'volume "app_data" is "app-data" in Kubernetes' },
      { file: FILE, line: 2, service: 'web_app', message: 'service "web_app" is "web-app" in Kubernetes' },
      { file: FILE, line: 5, service: 'cache_db', message: 'service "cache_db" is "cache-db" in Kubernetes' },
    ]);
  });

  it('refuses two services, or two volumes, whose names become the same', () => {
    const { errors } = read(['services:', '  my_app: {}', '  my-app: {}', 'volumes:', '  my_data: {}', '  my-data: {}']);
    expect(errors).toEqual([
      { file: FILE, line: 6, field: 'volumes.my-data', message: '"my-data" and another volume are both "my-data" in Kubernetes: rename one' },
      { file: FILE, line: 3, service: 'my-app', message: '"my-app" and another service are both "my-app" in Kubernetes: rename one' },
    ]);
  });
});

describe('readComposeFile: profiles', () => {
  it('reads the profiles a service runs in, and none when it lists none', () => {
    expect(app('profiles: [debug, tools]').service.profiles).toEqual(['debug', 'tools']);
    expect(app('image: x').service.profiles).toBeUndefined();
    expect(app('profiles: []').service.profiles).toBeUndefined();
  });

  it('refuses profiles that are not a list of names', () => {
    expect(app('profiles: debug').errors).toEqual([
      { file: FILE, line: 3, service: 'app', field: 'profiles', message: 'must be a list of profile names (letters, digits, "_", "." and "-"), not "debug"' },
    ]);
  });
});

describe('readComposeFile: volumes', () => {
  it('classifies short syntax: a name is a named volume, ./ / and ~ are binds, a lone path is anonymous', () => {
    const { service, errors } = app(
      'volumes:', '  - db-data:/var/opt/mssql', '  - ./backend:/app', '  - /etc/certs:/certs:ro', '  - ~/cache:/cache', '  - /scratch', '  - logs:/logs:rw',
    );
    expect(errors).toEqual([]);
    expect(withoutOrigins(service.volumes)).toEqual([
      { type: 'volume', source: 'db-data', target: '/var/opt/mssql', readOnly: false },
      { type: 'bind', source: './backend', target: '/app', readOnly: false },
      { type: 'bind', source: '/etc/certs', target: '/certs', readOnly: true },
      { type: 'bind', source: '~/cache', target: '/cache', readOnly: false },
      { type: 'anonymous', target: '/scratch' },
      { type: 'volume', source: 'logs', target: '/logs', readOnly: false },
    ]);
  });

  it('classifies long syntax by type, or by the source when type is left out', () => {
    const { service, errors } = app(
      'volumes:',
      '  - { type: volume, source: data, target: /data, read_only: true }',
      '  - { type: bind, source: ./nginx.conf, target: /etc/nginx/nginx.conf }',
      '  - { source: ./certs, target: /certs }',
      '  - { source: uploads, target: /uploads }',
      '  - { type: volume, target: /tmp/work }',
    );
    expect(errors).toEqual([]);
    expect(withoutOrigins(service.volumes)).toEqual([
      { type: 'volume', source: 'data', target: '/data', readOnly: true },
      { type: 'bind', source: './nginx.conf', target: '/etc/nginx/nginx.conf', readOnly: false },
      { type: 'bind', source: './certs', target: '/certs', readOnly: false },
      { type: 'volume', source: 'uploads', target: '/uploads', readOnly: false },
      { type: 'anonymous', target: '/tmp/work' },
    ]);
  });

  it('reports a relative mount path and drops the volume', () => {
    const { service, errors } = app('volumes:', '  - data:relative/path');
    expect(service.volumes).toEqual([]);
    expect(errors).toEqual([{ file: FILE, line: 4, service: 'app', field: 'volumes.0', message: 'the mount path "relative/path" must be absolute' }]);
  });

  it('reports a short-syntax option other than ro or rw', () => {
    expect(app('volumes:', '  - data:/data:x').errors).toEqual([
      { file: FILE, line: 4, service: 'app', field: 'volumes.0', message: '"x" is not a supported volume option; use ro or rw' },
    ]);
  });

  it('accepts the SELinux and Docker Desktop options with a warning, and nocopy silently', () => {
    const { service, errors, warnings } = app('volumes:', '  - ./site:/srv:ro,z', '  - data:/data:nocopy', '  - ./src:/src:cached');
    expect(errors).toEqual([]);
    expect(withoutOrigins(service.volumes)).toEqual([
      { type: 'bind', source: './site', target: '/srv', readOnly: true },
      { type: 'volume', source: 'data', target: '/data', readOnly: false },
      { type: 'bind', source: './src', target: '/src', readOnly: false },
    ]);
    expect(warnings.map((warning) => [warning.field, warning.message])).toEqual([
      ['volumes.0', 'option "z" ignored: SELinux relabelling is the node\'s business in a cluster'],
      ['volumes.2', 'option "cached" ignored: it only tunes Docker Desktop\'s file sharing'],
    ]);
  });

  it('reports a short-syntax mapping with more than three parts', () => {
    expect(app('volumes:', '  - a:/b:ro:x').errors).toEqual([
      { file: FILE, line: 4, service: 'app', field: 'volumes.0', message: '"a:/b:ro:x" is not a volume mapping; use "source:target[:ro]"' },
    ]);
  });

  it('reports an unsupported long-syntax type with a source', () => {
    expect(app('volumes:', '  - type: npipe', '    source: x', '    target: /t').errors).toEqual([{
      file: FILE, line: 4, service: 'app', field: 'volumes.0.type',
      message: '"npipe" volumes are not supported; use a named volume, an anonymous volume, a bind mount or tmpfs',
    }]);
  });

  it('reports an unsupported long-syntax type without a source too', () => {
    const { service, errors } = app('volumes:', '  - type: cluster', '    target: /t');
    expect(service.volumes).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ field: 'volumes.0.type', message: expect.stringMatching(/^"cluster" volumes are not supported/) })]);
  });

  it('reads the long syntax\'s per-type options: subpath, create_host_path, tmpfs size', () => {
    const { service, errors, warnings } = app(
      'volumes:',
      '  - { type: volume, source: data, target: /data, volume: { nocopy: true, subpath: site/media } }',
      '  - { type: bind, source: ./conf, target: /conf, bind: { create_host_path: false, propagation: rshared } }',
      '  - { type: tmpfs, target: /cache, tmpfs: { size: 64m, mode: 1777 } }',
      '  - { type: tmpfs, target: /run }',
    );
    expect(errors).toEqual([]);
    expect(withoutOrigins(service.volumes)).toEqual([
      { type: 'volume', source: 'data', target: '/data', readOnly: false, subPath: 'site/media' },
      { type: 'bind', source: './conf', target: '/conf', readOnly: false, createHostPath: false },
      { type: 'tmpfs', target: '/cache', sizeBytes: 64 * 1024 * 1024 },
      { type: 'tmpfs', target: '/run' },
    ]);
    expect(warnings.map((warning) => warning.field)).toEqual(['volumes.1.bind.propagation', 'volumes.2.tmpfs.mode']);
  });

  it('reports each bad per-type option on its own line', () => {
    const { errors } = app(
      'volumes:',
      '  - { type: volume, source: data, target: /data, volume: { subpath: ../etc } }',
      '  - { type: bind, source: ./conf, target: /conf, volume: { nocopy: true } }',
      '  - { type: tmpfs, target: /cache, tmpfs: { size: lots } }',
      '  - { type: tmpfs, source: x, target: /run }',
      '  - { type: bind, source: ./c, target: /c, bind: { create_host_path: maybe } }',
    );
    expect(errors.map((error) => `${error.field}: ${error.message}`)).toEqual([
      'volumes.0.volume.subpath: "../etc" is not a path inside the volume (relative, without "..")',
      'volumes.1.volume: applies to type: volume only',
      expect.stringMatching(/^volumes\.2\.tmpfs\.size: /),
      'volumes.3.source: a tmpfs mount has no source',
      'volumes.4.bind.create_host_path: must be true or false',
    ]);
  });

  it('reports a bind mount without a source', () => {
    const { service, errors } = app('volumes:', '  - type: bind', '    target: /src');
    expect(service.volumes).toEqual([]);
    expect(errors).toEqual([{ file: FILE, line: 4, service: 'app', field: 'volumes.0.source', message: 'a bind mount needs a source path' }]);
  });

  it('reports an empty short-syntax source', () => {
    const { service, errors } = app('volumes:', '  - ":/data"');
    expect(service.volumes).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ field: 'volumes.0', message: expect.stringMatching(/^":\/data" has an empty source/) })]);
  });
});

describe('readComposeFile: depends_on', () => {
  it('reads the list form as service_started for each service, in order', () => {
    expect([...app('depends_on: [db, redis]').service.dependsOn]).toEqual([['db', 'service_started'], ['redis', 'service_started']]);
  });

  it('reads the map form with its conditions, and an entry without options as service_started', () => {
    const { service, errors } = app(
      'depends_on:', '  db:', '    condition: service_healthy', '  migrate:', '    condition: service_completed_successfully', '  redis:',
    );
    expect(errors).toEqual([]);
    expect([...service.dependsOn]).toEqual([
      ['db', 'service_healthy'],
      ['migrate', 'service_completed_successfully'],
      ['redis', 'service_started'],
    ]);
  });

  it('reports an unknown condition with its path and line', () => {
    expect(app('depends_on:', '  db:', '    condition: healthy').errors).toEqual([{
      file: FILE, line: 5, service: 'app', field: 'depends_on.db.condition',
      message: '"healthy" is not a condition; use one of: service_started, service_healthy, service_completed_successfully',
    }]);
  });

  it('reports depends_on that is neither a list nor a mapping', () => {
    expect(app('depends_on: db').errors.map((e) => [e.field, e.message])).toEqual([
      ['depends_on', 'must be a list of services or a mapping of services to conditions'],
    ]);
  });
});

describe('readComposeFile: environment', () => {
  it('reads the map form in order, turning numbers and booleans into strings', () => {
    const { service, errors } = app('environment:', '  ACCEPT_EULA: "Y"', '  PORT: 8000', '  DEBUG: true');
    expect(errors).toEqual([]);
    expect([...service.environment]).toEqual([['ACCEPT_EULA', 'Y'], ['PORT', '8000'], ['DEBUG', 'true']]);
  });

  it('reads the list form, splitting at the first = and allowing an empty value', () => {
    const { service, errors } = app('environment:', '  - A=x', '  - URL=redis://r?a=b', '  - EMPTY=');
    expect(errors).toEqual([]);
    expect([...service.environment]).toEqual([['A', 'x'], ['URL', 'redis://r?a=b'], ['EMPTY', '']]);
  });

  it('reports a list entry without = at its index', () => {
    const { service, errors } = app('environment:', '  - A=x', '  - FROM_SHELL');
    expect([...service.environment]).toEqual([['A', 'x']]);
    expect(errors).toEqual([{
      file: FILE, line: 5, service: 'app', field: 'environment.1',
      message: 'list entries must be KEY=VALUE; a variable without a value is taken from the shell, which a cluster does not have',
    }]);
  });

  it('reports a map entry without a value', () => {
    expect(app('environment:', '  FROM_SHELL:').errors.map((e) => [e.field, e.message])).toEqual([
      ['environment.FROM_SHELL', 'needs a value; a variable without one is taken from the shell, which a cluster does not have'],
    ]);
  });

  it('reports an invalid variable name', () => {
    expect(app('environment:', '  - 1BAD=x').errors.map((e) => [e.field, e.message])).toEqual([
      ['environment.0', '"1BAD" is not a valid environment variable name'],
    ]);
  });

  it('keeps a SecretReference value from interpolation as a SecretReference', () => {
    const secret = new SecretReference('DB_PASSWORD');
    const { content, errors } = read(['services:', '  db:', '    environment:', '      SA_PASSWORD: x'], {
      services: { db: { environment: { SA_PASSWORD: secret } } },
    });
    expect(errors).toEqual([]);
    expect(content!.services.get('db')!.environment.get('SA_PASSWORD')).toBe(secret);
  });
});

describe('readComposeFile: command, entrypoint, env_file', () => {
  it('splits a command string into words', () => {
    expect(app('command: uvicorn app.main:app --host 0.0.0.0 --port 8000 --reload').service.command).toEqual([
      'uvicorn', 'app.main:app', '--host', '0.0.0.0', '--port', '8000', '--reload',
    ]);
  });

  it('keeps a command list, turning numbers into strings', () => {
    expect(app('command: ["redis-server", "--port", 6380]').service.command).toEqual(['redis-server', '--port', '6380']);
  });

  it('reads entrypoint like command', () => {
    expect(app('entrypoint: sh -c "echo hi"').service.entrypoint).toEqual(['sh', '-c', 'echo hi']);
  });

  it('reports a command with an unclosed quote', () => {
    const { service, errors } = app('command: echo "oops');
    expect(service.command).toBeUndefined();
    expect(errors).toEqual([{ file: FILE, line: 3, service: 'app', field: 'command', message: 'has an unclosed quote' }]);
  });

  it('reports a command that is a mapping', () => {
    expect(app('command: { a: 1 }').errors.map((e) => [e.field, e.message])).toEqual([['command', 'must be a string or a list of strings']]);
  });

  it('reads env_file as a single path or a list of paths', () => {
    expect(app('env_file: .env').service.envFiles.map((file) => file.path)).toEqual(['.env']);
    expect(app('env_file: [.env, secrets.env]').service.envFiles.map((file) => file.path)).toEqual(['.env', 'secrets.env']);
  });

  it('reads env_file\'s long syntax, where required: false makes a file optional', () => {
    const files = app('env_file: [{ path: ./web.env }, { path: ./local.env, required: false }, shared.env]').service.envFiles;
    expect(files.map((file) => [file.path, file.required, file.origin.keys.join('.')])).toEqual([
      ['./web.env', true, 'env_file.0'],
      ['./local.env', false, 'env_file.1'],
      ['shared.env', true, 'env_file.2'],
    ]);
  });

  it('reports a bad env_file entry by its index', () => {
    expect(app('env_file: [{ required: false }, { path: a.env, required: "no" }, { path: b.env, format: raw }, 3]').errors.map((e) => `${e.field}: ${e.message}`)).toEqual([
      'env_file.0.path: is required: the path of the file, relative to the stack folder',
      'env_file.1.required: must be true or false',
      'env_file.2.format: unknown key; expected one of: path, required',
      'env_file.3: "3" is not an env file: use a path or { path, required }',
    ]);
  });
});

describe('readComposeFile: healthcheck', () => {
  it('reads test and converts every duration to whole seconds', () => {
    const { service, errors } = app(
      'healthcheck:', '  test: ["CMD", "redis-cli", "ping"]', '  interval: 1m30s', '  timeout: 500ms', '  retries: 5',
      '  start_period: 30s', '  start_interval: 2s',
    );
    expect(errors).toEqual([]);
    expect(service.healthcheck).toEqual({
      test: ['CMD', 'redis-cli', 'ping'], intervalSeconds: 90, timeoutSeconds: 1, retries: 5,
      startPeriodSeconds: 30, startIntervalSeconds: 2, disable: undefined,
    });
  });

  it('keeps a string test as a string and reads disable: true', () => {
    expect(app('healthcheck:', '  test: curl -f http://localhost/ || exit 1', '  disable: true').service.healthcheck).toEqual({
      test: 'curl -f http://localhost/ || exit 1', disable: true,
    });
  });

  it('reports a list test that does not start with CMD, CMD-SHELL or NONE', () => {
    expect(app('healthcheck:', '  test: ["redis-cli", "ping"]').errors.map((e) => [e.field, e.message])).toEqual([
      ['healthcheck.test', 'a list test must start with CMD, CMD-SHELL or NONE'],
    ]);
  });

  it('reports an interval shorter than one second', () => {
    expect(app('healthcheck:', '  test: ["CMD", "true"]', '  interval: 0s').errors).toEqual([{
      file: FILE, line: 5, service: 'app', field: 'healthcheck.interval',
      message: '"0s" is shorter than one second, the smallest probe period',
    }]);
  });

  it('reports a timeout that is not a duration with the unit message', () => {
    expect(app('healthcheck:', '  timeout: soon').errors.map((e) => [e.field, e.message])).toEqual([
      ['healthcheck.timeout', '"soon" is not a duration: use e.g. 10s, 1m30s or 500ms'],
    ]);
  });

  it('reports retries of 0 and leaves retries unset', () => {
    const { service, errors } = app('healthcheck:', '  retries: 0');
    expect(service.healthcheck?.retries).toBeUndefined();
    expect(errors.map((e) => [e.field, e.message])).toEqual([['healthcheck.retries', '"0" is not a positive whole number']]);
  });

  it('reports an unknown healthcheck key', () => {
    expect(app('healthcheck:', '  start: 1s').errors.map((e) => e.field)).toEqual(['healthcheck.start']);
  });
});

describe('readComposeFile: deploy', () => {
  it('parses resources into millicores and bytes, and replicas into a number', () => {
    const { service, errors } = app(
      'deploy:', '  replicas: 3', '  resources:', '    limits:', "      cpus: '4.0'", '      memory: 8G',
      '    reservations:', "      cpus: '0.5'", '      memory: 512M',
    );
    expect(errors).toEqual([]);
    expect(service.replicas).toBe(3);
    expect(service.limits).toEqual({ cpuMillicores: 4000, memoryBytes: 8 * 1024 ** 3 });
    expect(service.reservations).toEqual({ cpuMillicores: 500, memoryBytes: 512 * 1024 ** 2 });
  });

  it('leaves limits, reservations and replicas empty when there is no deploy', () => {
    const { service } = app('image: x');
    expect(service.limits).toEqual({});
    expect(service.reservations).toEqual({});
    expect(service.replicas).toBeUndefined();
  });

  it('accepts 0 replicas', () => {
    expect(app('deploy:', '  replicas: 0').service.replicas).toBe(0);
  });

  it('reports an invalid memory limit at deploy.resources.limits.memory on its own line', () => {
    const { service, errors } = app(
      'image: x', 'deploy:', '  resources:', '    limits:', "      cpus: '2.0'", '      memory: 4 GB',
    );
    expect(service.limits).toEqual({ cpuMillicores: 2000 });
    expect(errors).toEqual([{
      file: FILE, line: 8, service: 'app', field: 'deploy.resources.limits.memory',
      message: '"4 GB" is not a memory size: use a number with an optional unit b, k, m or g (e.g. 512M, 4G)',
    }]);
  });

  it('reports an invalid cpu reservation at deploy.resources.reservations.cpus', () => {
    expect(app('deploy:', '  resources:', '    reservations:', '      cpus: 0').errors).toEqual([{
      file: FILE, line: 6, service: 'app', field: 'deploy.resources.reservations.cpus',
      message: '"0" is not a CPU amount: it must be greater than zero',
    }]);
  });

  it('reports negative replicas', () => {
    expect(app('deploy:', '  replicas: -1').errors.map((e) => [e.field, e.message])).toEqual([
      ['deploy.replicas', '"-1" is not a replica count (a whole number, 0 or more)'],
    ]);
  });

  it('reports unknown keys under deploy and under resources', () => {
    expect(app('deploy:', '  placement: {}', '  resources:', '    devices: []').errors.map((e) => e.field)).toEqual([
      'deploy.placement',
      'deploy.resources.devices',
    ]);
  });
});

describe('readComposeFile: values of the wrong type are reported at their field, never thrown or stringified', () => {
  /** A document whose one service `app` has the given body lines. */
  const appWith = (...body: string[]) => ['services:', '  app:', ...body.map((line) => `    ${line}`)];

  it.each([
    ['a service body that is a list', appWith('- image: x'), undefined, 'must be a mapping, not a list'],
    ['a project name that is a mapping', ['name: { a: 1 }', 'services: {}'], 'name', 'a mapping is not a valid project name (a DNS label)'],
    ['build: with no value', appWith('build:'), 'build', 'must be a build context path or a mapping (context, dockerfile)'],
    ['an environment value that is a mapping', appWith('environment:', '  A: { b: 1 }'), 'environment.A', 'must be a string, number or boolean, not a mapping'],
    ['a port that is empty', appWith('ports:', '  -'), 'ports.0', 'an empty value is not a port: use "published:target", "target" or a mapping with target'],
    ['a long-syntax target of true (Number(true) is 1)', appWith('ports:', '  - target: true'), 'ports.0.target', '"true" is not a port number (1-65535)'],
    ['a long-syntax port name that is a list', appWith('ports:', '  - { target: 80, name: [http] }'), 'ports.0.name', 'a list is not a valid port name (at most 15 lower-case letters, digits and "-")'],
    ['a published port that is a mapping', appWith('ports:', '  - { target: 80, published: {} }'), 'ports.0.published', 'must be a port number, not a mapping'],
    ['a volume that is a number', appWith('volumes:', '  - 5'), 'volumes.0', '"5" is not a volume: use "source:target[:ro]" or a mapping with type, source and target'],
    ['a long-syntax volume source that is a mapping', appWith('volumes:', '  - { source: {}, target: /x }'), 'volumes.0.source', 'must be a string, not a mapping'],
    ['a depends_on list entry that is a mapping', appWith('depends_on:', '  - { db: 1 }'), 'depends_on.0', 'a mapping is not a service name'],
    ['a depends_on entry that is a number', appWith('depends_on:', '  db: 5'), 'depends_on.db', 'must be a mapping with a condition, not "5"'],
    ['a depends_on option compose has but this project does not map', appWith('depends_on:', '  db: { condition: service_started, restart: true }'), 'depends_on.db.restart', 'unknown key; expected one of: condition'],
    ['a health check interval that is a mapping', appWith('healthcheck:', '  interval: { s: 1 }'), 'healthcheck.interval', 'must be a number or a string, not a mapping'],
    ['health check retries of true', appWith('healthcheck:', '  retries: true'), 'healthcheck.retries', '"true" is not a positive whole number'],
    ['health check disable that is not a boolean', appWith('healthcheck:', '  disable: 5'), 'healthcheck.disable', 'must be true or false'],
    ['replicas written as a list (Number([3]) is 3)', appWith('deploy:', '  replicas: [3]'), 'deploy.replicas', 'a list is not a replica count (a whole number, 0 or more)'],
    ['replicas beyond what Kubernetes counts (2^31 - 1)', appWith('deploy:', '  replicas: 2147483648'), 'deploy.replicas', '"2147483648" is not a replica count (a whole number, 0 or more)'],
    ['a memory limit left empty', appWith('deploy:', '  resources:', '    limits:', '      memory:'), 'deploy.resources.limits.memory', 'must be a number or a string, not an empty value'],
  ])('%s', (_, lines, field, message) => {
    expect(read(lines).errors.map((error) => ({ field: error.field, message: error.message }))).toEqual([{ field, message }]);
  });
});
