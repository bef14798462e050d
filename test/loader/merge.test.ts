import { ProblemCollector } from '../../lib/errors';
import { readComposeFile, type ComposeFileContent } from '../../lib/loader/compose-file';
import { mergeComposeFiles } from '../../lib/loader/merge';
import { FileReporter } from '../../lib/loader/report';
import { YamlFile } from '../../lib/loader/yaml-file';

/** Reads one compose file from YAML lines; fails the test if the file itself has problems. */
function compose(path: string, lines: string[]): ComposeFileContent {
  const collector = new ProblemCollector();
  const file = YamlFile.parse(path, lines.join('\n'), collector);
  const content = readComposeFile(file.data, new FileReporter(file, collector));
  collector.throwIfAny();
  return content!;
}

/** A file with the single service `api` whose body is `body` (indented under it). */
const api = (path: string, ...body: string[]) => compose(path, ['services:', '  api:', ...body.map((line) => `    ${line}`)]);

const merged = (...files: ComposeFileContent[]) => mergeComposeFiles(files).services.get('api')!;

describe('mergeComposeFiles: files and services', () => {
  it('takes the last name given and keeps an earlier one when a later file has none', () => {
    const a = compose('a.yml', ['name: first', 'services: {}']);
    const b = compose('b.yml', ['name: second', 'services: {}']);
    const c = compose('c.yml', ['services: {}']);
    expect(mergeComposeFiles([a, b, c]).name).toBe('second');
  });

  it('unions top-level volumes in first-seen order without duplicates', () => {
    const a = compose('a.yml', ['services: {}', 'volumes: { db-data: {}, uploads: {} }']);
    const b = compose('b.yml', ['services: {}', 'volumes: { uploads: {}, cache: {} }']);
    expect(mergeComposeFiles([a, b]).volumes).toEqual(['db-data', 'uploads', 'cache']);
  });

  it('keeps base services first and appends services only an overlay defines', () => {
    const a = compose('a.yml', ['services:', '  db: { image: sql }', '  api: { image: api }']);
    const b = compose('b.yml', ['services:', '  worker: { image: w }', '  api: { image: api2 }']);
    const result = mergeComposeFiles([a, b]);
    expect([...result.services.keys()]).toEqual(['db', 'api', 'worker']);
    expect(result.services.get('db')!.image).toBe('sql');
    expect(result.services.get('worker')!.image).toBe('w');
  });

  it('keeps the reporter of the file that first defined the service', () => {
    expect(merged(api('base.yml', 'image: a'), api('prod.yml', 'image: b')).report.path).toBe('base.yml');
  });

  it('does not change the base file content it merges into', () => {
    const base = api('base.yml', 'environment: { A: "1" }', 'ports: ["8000"]');
    mergeComposeFiles([base, api('o.yml', 'environment: { A: "2" }', 'ports: ["9000:8000"]')]);
    const original = base.services.get('api')!;
    expect([...original.environment]).toEqual([['A', '1']]);
    expect(original.ports).toEqual([{ target: 8000, published: undefined, protocol: 'TCP' }]);
  });
});

describe('mergeComposeFiles: field rules', () => {
  it('replaces the whole command with the overlay command', () => {
    const result = merged(
      api('base.yml', 'command: uvicorn app.main:app --reload'),
      api('prod.yml', 'command: gunicorn app.main:app -w 4'),
    );
    expect(result.command).toEqual(['gunicorn', 'app.main:app', '-w', '4']);
  });

  it('keeps the base command, image and entrypoint when the overlay leaves them out', () => {
    const result = merged(api('base.yml', 'image: a', 'entrypoint: [tini, --]', 'command: serve'), api('prod.yml', 'build: .'));
    expect(result.image).toBe('a');
    expect(result.entrypoint).toEqual(['tini', '--']);
    expect(result.command).toEqual(['serve']);
    expect(result.build).toBe(true);
  });

  it('merges environment by key: overlay values win, base order is kept, new keys are appended', () => {
    const result = merged(
      api('base.yml', 'environment: { DEBUG: "True", REDIS_URL: "redis://redis:6379" }'),
      api('prod.yml', 'environment: [DEBUG=False, WORKERS=4]'),
    );
    expect([...result.environment]).toEqual([['DEBUG', 'False'], ['REDIS_URL', 'redis://redis:6379'], ['WORKERS', '4']]);
  });

  it('merges ports by target: the overlay replaces a port in place and appends new targets and protocols', () => {
    const result = merged(
      api('base.yml', 'ports: ["8000:8000", "9090"]'),
      api('prod.yml', 'ports: ["80:8000", "8000/udp", "9100"]'),
    );
    expect(result.ports).toEqual([
      { target: 8000, published: '80', protocol: 'TCP' },
      { target: 9090, published: undefined, protocol: 'TCP' },
      { target: 8000, published: undefined, protocol: 'UDP' },
      { target: 9100, published: undefined, protocol: 'TCP' },
    ]);
  });

  it('merges volumes by mount path: the overlay replaces a mount in place and appends new paths', () => {
    const result = merged(
      api('base.yml', 'volumes: ["./backend:/app", "uploads:/app/uploads"]'),
      api('prod.yml', 'volumes: ["code:/app:ro", "/tmp/cache"]'),
    );
    expect(result.volumes.map(({ origin, ...volume }: any) => Object.fromEntries(Object.entries(volume).filter(([, value]) => value !== undefined)))).toEqual([
      { type: 'volume', source: 'code', target: '/app', readOnly: true },
      { type: 'volume', source: 'uploads', target: '/app/uploads', readOnly: false },
      { type: 'anonymous', target: '/tmp/cache' },
    ]);
  });

  it('merges depends_on by service: the overlay condition wins and new services are appended', () => {
    const result = merged(
      api('base.yml', 'depends_on: { db: { condition: service_healthy }, redis: { condition: service_healthy } }'),
      api('o.yml', 'depends_on: [redis, worker]'),
    );
    expect([...result.dependsOn]).toEqual([['db', 'service_healthy'], ['redis', 'service_started'], ['worker', 'service_started']]);
  });

  it('appends env files without repeating one the base already lists', () => {
    expect(merged(api('a.yml', 'env_file: [.env]'), api('b.yml', 'env_file: [.env, prod.env]')).envFiles.map((file) => file.path)).toEqual(['.env', 'prod.env']);
  });

  it('overrides replicas, including with 0, and keeps them when the overlay has none', () => {
    const base = api('base.yml', 'deploy: { replicas: 1 }');
    expect(merged(base, api('prod.yml', 'deploy: { replicas: 3 }')).replicas).toBe(3);
    expect(merged(base, api('off.yml', 'deploy: { replicas: 0 }')).replicas).toBe(0);
    expect(merged(base, api('none.yml', 'image: x')).replicas).toBe(1);
  });

  it('merges resource limits and reservations field by field', () => {
    const result = merged(
      api('base.yml', 'deploy: { resources: { limits: { cpus: "2.0", memory: 4G }, reservations: { cpus: "1.0", memory: 2G } } }'),
      api('prod.yml', 'deploy: { resources: { limits: { memory: 8G }, reservations: { cpus: "0.5" } } }'),
    );
    expect(result.limits).toEqual({ cpuMillicores: 2000, memoryBytes: 8 * 1024 ** 3 });
    expect(result.reservations).toEqual({ cpuMillicores: 500, memoryBytes: 2 * 1024 ** 3 });
  });

  it('merges healthcheck fields one by one, keeping base fields the overlay leaves out', () => {
    const result = merged(
      api('base.yml', 'healthcheck: { test: "curl -f http://localhost:8000/health", interval: 30s, timeout: 10s, retries: 3, start_period: 40s }'),
      api('prod.yml', 'healthcheck: { interval: 10s, retries: 5 }'),
    );
    expect(result.healthcheck).toEqual({
      test: 'curl -f http://localhost:8000/health', intervalSeconds: 10, timeoutSeconds: 10, retries: 5, startPeriodSeconds: 40,
    });
  });

  it('replaces the healthcheck test and can disable a base healthcheck', () => {
    const base = api('base.yml', 'healthcheck: { test: ["CMD", "true"], interval: 5s }');
    expect(merged(base, api('o.yml', 'healthcheck: { test: ["CMD", "redis-cli", "ping"] }')).healthcheck).toEqual({
      test: ['CMD', 'redis-cli', 'ping'], intervalSeconds: 5,
    });
    expect(merged(base, api('off.yml', 'healthcheck: { disable: true }')).healthcheck).toEqual({
      test: ['CMD', 'true'], intervalSeconds: 5, disable: true,
    });
  });

  it('takes an overlay healthcheck when the base has none, and has none when neither file does', () => {
    expect(merged(api('a.yml', 'image: x'), api('b.yml', 'healthcheck: { test: ["CMD", "true"] }')).healthcheck).toEqual({ test: ['CMD', 'true'] });
    expect(merged(api('a.yml', 'image: x'), api('b.yml', 'image: y')).healthcheck).toBeUndefined();
  });

  it('applies three files in order, the last one winning', () => {
    const result = merged(
      api('a.yml', 'environment: { MODE: a }', 'deploy: { replicas: 1 }'),
      api('b.yml', 'environment: { MODE: b }', 'deploy: { replicas: 2 }'),
      api('c.yml', 'environment: { MODE: c }'),
    );
    expect(result.environment.get('MODE')).toBe('c');
    expect(result.replicas).toBe(2);
  });
});
