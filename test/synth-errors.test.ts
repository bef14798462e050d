import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { copyRunnableProject, runTypeScript, snapshotTree } from './support/project';

/**
 * Every bad input the README promises to refuse, written into a runnable copy of the project, through
 * the app cdk8s.yaml runs (main.ts): a non-zero exit, one `error:` line per problem naming the file
 * (and line), the service and the field, no stack trace, and dist/ byte for byte as it was.
 *
 * One copy serves every case: each writes its edits, runs the synth and puts the files back.
 */

/** Replaces `from` (which must occur) by `to` in one file of the project. */
type Edit = readonly [file: string, from: string | RegExp, to: string];

interface ExpectedProblem {
  readonly file: string;
  /** Text on the line the problem must name, found in the edited file; absent when no line is known. */
  readonly lineWith?: string;
  /** When the problem names a line above the one with `lineWith` (a key whose value spans lines). */
  readonly linesAbove?: number;
  readonly service?: string;
  readonly field?: string;
  /** The start of the message. */
  readonly message: string;
}

const root = copyRunnableProject();
const dist = path.join(root, 'dist');
const distBefore = snapshotTree(dist);

/** Applies the edits, runs `run` in the edited project, and always restores the files. */
function withEdits<T>(edits: readonly Edit[], run: () => T): { result: T; editedText: (file: string) => string } {
  const originals = new Map<string, string>();
  const edited = new Map<string, string>();
  try {
    for (const [file, from, to] of edits) {
      const target = path.join(root, file);
      const before = fs.readFileSync(target, 'utf8');
      if (!originals.has(file)) originals.set(file, before);
      const after = before.replace(from, to);
      if (after === before) throw new Error(`test setup: ${String(from)} not found in ${file}`);
      fs.writeFileSync(target, after);
      edited.set(file, after);
    }
    return { result: run(), editedText: (file) => edited.get(file) ?? fs.readFileSync(path.join(root, file), 'utf8') };
  } finally {
    for (const [file, text] of originals) fs.writeFileSync(path.join(root, file), text);
  }
}

/** 1-based number of the only line of `text` that contains `needle`. */
function lineNumberOf(text: string, needle: string): number {
  const lines = text.split('\n');
  const matches = lines.flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
  if (matches.length !== 1) throw new Error(`test setup: "${needle}" is on ${matches.length} lines, not one`);
  return matches[0];
}

/** The start of the line the synth must print for a problem. */
function expectedLineStart(problem: ExpectedProblem, editedText: (file: string) => string): string {
  const line = problem.lineWith === undefined ? '' : `:${lineNumberOf(editedText(problem.file), problem.lineWith) - (problem.linesAbove ?? 0)}`;
  const service = problem.service === undefined ? '' : ` service "${problem.service}":`;
  const field = problem.field === undefined ? '' : ` field "${problem.field}":`;
  return `error: ${problem.file}${line}:${service}${field} ${problem.message}`;
}

const errorLines = (output: string) => output.split('\n').filter((line) => line.startsWith('error: '));
const stackFrames = (output: string) => output.split('\n').filter((line) => /^\s+at /.test(line));

/** Runs the synth with `edits` and checks the refusal: exit, one line per expected problem, no trace, dist/ unchanged. */
function expectRefused(edits: readonly Edit[], expected: readonly ExpectedProblem[]): void {
  const { result, editedText } = withEdits(edits, () => runTypeScript(root, 'main.ts'));
  expect(result.status).toBe(1);
  expect(stackFrames(result.stderr)).toEqual([]);
  const startsWith = (start: string) => expect.stringMatching(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  expect(errorLines(result.stderr)).toEqual(expected.map((problem) => startsWith(expectedLineStart(problem, editedText))));
  expect(snapshotTree(dist)).toEqual(distBefore);
}

const BASE = 'compose/docker-compose.yml';

describe('the synth refuses bad input with one line per problem and leaves dist/ unchanged', () => {
  test('malformed YAML in a compose file: the file and the line the parser stopped at', () => {
    expectRefused([[BASE, '    image: redis:7.2.5-alpine', '    image: redis:7.2.5-alpine\n   ports: ["6379"']], [
      { file: BASE, lineWith: 'ports: ["6379"', message: 'invalid YAML: ' },
    ]);
  });

  test('malformed YAML in the environment settings', () => {
    expectRefused([['environments/prod.yaml', 'host: tramites.gob.pa', 'host: tramites.gob.pa\nimages: { backend: [ }']], [
      { file: 'environments/prod.yaml', lineWith: 'images: { backend: [ }', message: 'invalid YAML: ' },
    ]);
  });

  test('a compose key outside the supported subset', () => {
    expectRefused([[BASE, '    container_name: tramites-redis', '    container_name: tramites-redis\n    pid: host']], [
      { file: BASE, lineWith: 'pid: host', service: 'redis', field: 'pid', message: 'unsupported compose key; supported: image, build,' },
    ]);
  });

  test('a compose user that is a name, and privileged without its security exceptions', () => {
    expectRefused([[BASE, '    container_name: tramites-redis', '    container_name: tramites-redis\n    privileged: true\n    user: postgres']], [
      { file: BASE, lineWith: 'user: postgres', service: 'redis', field: 'user', message: '"postgres" is a user name: write its numeric id, e.g. user: "999:999" (`docker run --rm --entrypoint id <image>` shows it)' },
      {
        file: BASE, lineWith: 'privileged: true', service: 'redis', field: 'privileged',
        message: 'is privileged (every device and capability of the node), which the restricted Pod Security profile refuses: change the image or the setting, or declare it in environments/stack.yaml securityExceptions: { rule: no-host-access, service: redis, reason: <why the image needs it> } and { rule: no-privilege-escalation, service: redis, reason: <why the image needs it> }',
      },
    ]);
  });

  test('a service with neither image nor build', () => {
    expectRefused([[BASE, '    image: redis:7.2.5-alpine\n', '']], [
      // The field is missing, so the line is the service's own.
      { file: BASE, lineWith: 'container_name: tramites-redis', linesAbove: 1, service: 'redis', field: 'image', message: 'is required when there is no build' },
    ]);
  });

  // The seed repeats some values (db reserves what backend limits), so each edit replaces the first
  // occurrence left, and the expected lines say which service and field that is.
  test('memory values "4 GB", "-1", "abc" and "0", in four services, all in one run', () => {
    expectRefused(
      [
        [BASE, 'memory: 8G', 'memory: 4 GB'],
        [BASE, 'memory: 1G', 'memory: -1'],
        [BASE, 'memory: 2G', 'memory: 0'],
        [BASE, 'memory: 512M', 'memory: abc'],
      ],
      [
        { file: BASE, lineWith: 'memory: 4 GB', service: 'db', field: 'deploy.resources.limits.memory', message: '"4 GB" is not a memory size' },
        { file: BASE, lineWith: 'memory: -1', service: 'redis', field: 'deploy.resources.limits.memory', message: '"-1" is not a memory size' },
        { file: BASE, lineWith: 'memory: 0', service: 'backend', field: 'deploy.resources.reservations.memory', message: '"0" is not a memory size' },
        { file: BASE, lineWith: 'memory: abc', service: 'nginx', field: 'deploy.resources.limits.memory', message: '"abc" is not a memory size' },
      ],
    );
  });

  test('CPU values "4 GB", "-1", "abc" and "0", in three services, all in one run', () => {
    expectRefused(
      [
        [BASE, "cpus: '4.0'", "cpus: '4 GB'"],
        [BASE, "cpus: '2.0'", 'cpus: 0'],
        [BASE, "cpus: '0.5'", 'cpus: -1'],
        [BASE, "cpus: '0.5'", 'cpus: abc'],
      ],
      [
        { file: BASE, lineWith: "cpus: '4 GB'", service: 'db', field: 'deploy.resources.limits.cpus', message: '"4 GB" is not a CPU amount' },
        { file: BASE, lineWith: 'cpus: 0', service: 'db', field: 'deploy.resources.reservations.cpus', message: '"0" is not a CPU amount' },
        { file: BASE, lineWith: 'cpus: -1', service: 'redis', field: 'deploy.resources.limits.cpus', message: '"-1" is not a CPU amount' },
        { file: BASE, lineWith: 'cpus: abc', service: 'nginx', field: 'deploy.resources.limits.cpus', message: '"abc" is not a CPU amount' },
      ],
    );
  });

  test('two services publishing the same host port', () => {
    expectRefused([[BASE, '- "6379:6379"', '- "1433:6379"']], [
      // The field is the service's port list, so the line is that of `ports:`, just above the mapping.
      { file: BASE, lineWith: '- "1433:6379"', linesAbove: 1, service: 'redis', field: 'ports', message: 'publishes port 1433, which service "db" already publishes' },
    ]);
  });

  test('depends_on naming a service that does not exist', () => {
    expectRefused([[BASE, '      - backend\n      - frontend', '      - backend\n      - frontent']], [
      { file: BASE, lineWith: '- frontent', service: 'nginx', field: 'depends_on.frontent', message: 'depends on "frontent", which is not a service' },
    ]);
  });

  test('${VAR} with no value and no default', () => {
    expectRefused([[BASE, '"${VITE_APP_TITLE}"', '"${VITE_APP_TITEL}"']], [
      { file: BASE, lineWith: 'VITE_APP_TITEL', service: 'frontend', field: 'environment.VITE_APP_TITLE', message: 'variable VITE_APP_TITEL has no value and no default' },
    ]);
  });

  test('an unknown environment: listed in stack.yaml with no settings file', () => {
    expectRefused([['environments/stack.yaml', 'environments: [dev, staging, prod]', 'environments: [dev, stagin, prod]']], [
      { file: 'environments/stack.yaml', lineWith: 'environments: [', field: 'environments.1', message: 'unknown environment "stagin": there is no environments/stagin.yaml' },
    ]);
  });

  test('an invalid colour in the settings', () => {
    expectRefused([['environments/prod.yaml', 'activeColor: blue', 'activeColor: purple']], [
      { file: 'environments/prod.yaml', lineWith: 'activeColor: purple', field: 'blueGreen.backend.activeColor', message: '"purple" is not a colour; use blue or green' },
    ]);
  });

  test('an invalid replica count in the settings', () => {
    expectRefused([['environments/prod.yaml', 'green: { tag: 1.0.0 }', 'green: { tag: 1.0.0, replicas: two }']], [
      { file: 'environments/prod.yaml', lineWith: 'replicas: two', field: 'blueGreen.backend.green.replicas', message: '"two" is not a replica count' },
    ]);
  });

  test('an invalid size in the settings', () => {
    expectRefused([['environments/prod.yaml', 'size: 100Gi', 'size: 100GB']], [
      { file: 'environments/prod.yaml', lineWith: 'size: 100GB', field: 'storage.db-data.size', message: '"100GB" is not a storage size; use e.g. 10Gi' },
    ]);
  });

  test('a SQL Server edition licensed for development only, in an environment marked production', () => {
    expectRefused([['environments/prod.yaml', 'edition: Standard', 'edition: Developer']], [
      {
        file: 'environments/prod.yaml',
        lineWith: 'edition: Developer',
        field: 'database.edition',
        message: '"Developer" is licensed for development and test only, and this environment is marked production (production: true): use Standard or Enterprise',
      },
    ]);
  });

  test('a service name that is not a DNS label', () => {
    const service = ['  Cache_Warmer:', '    image: redis:7.2.5-alpine', '    deploy:', '      resources:', "        limits: { cpus: '0.1', memory: 64M }", ''].join('\n');
    expectRefused([[BASE, '  # Nginx Reverse Proxy\n', `${service}  # Nginx Reverse Proxy\n`]], [
      { file: BASE, lineWith: 'Cache_Warmer:', service: 'Cache_Warmer', message: '"Cache_Warmer" is not a valid Kubernetes name' },
    ]);
  });

  test('a namespace that is not a DNS label', () => {
    expectRefused([['environments/prod.yaml', 'namespace: tramites-prod', 'namespace: Tramites_Prod']], [
      { file: 'environments/prod.yaml', lineWith: 'namespace: Tramites_Prod', field: 'namespace', message: '"Tramites_Prod" is not a valid namespace (a DNS label)' },
    ]);
  });

  test('bind mounts of a host path, of a path outside the stack folder and of a missing path, and a missing env_file', () => {
    expectRefused(
      [[BASE, '      - redis-data:/data\n', '      - redis-data:/data\n      - /var/run/docker.sock:/var/run/docker.sock\n      - ../redis.conf:/etc/redis.conf\n      - ./redis:/etc/redis\n'], [BASE, '      - .env\n', '      - .env\n      - backend.env\n']],
      [
        { file: BASE, lineWith: '/var/run/docker.sock:', service: 'redis', field: 'volumes.1', message: 'bind mount "/var/run/docker.sock": the Docker socket gives root on the host' },
        { file: BASE, lineWith: '../redis.conf', service: 'redis', field: 'volumes.2', message: 'bind mount "../redis.conf": redis.conf is outside the stack folder compose' },
        { file: BASE, lineWith: './redis:/etc/redis', service: 'redis', field: 'volumes.3', message: 'bind mount "./redis": compose/redis does not exist' },
        { file: BASE, lineWith: '- backend.env', service: 'backend', field: 'env_file.1', message: '"backend.env": compose/backend.env not found' },
      ],
    );
  });

  test('a secret a service names that the compose file does not declare', () => {
    expectRefused([[BASE, '    container_name: tramites-redis\n', '    container_name: tramites-redis\n    secrets: [redis_password]\n']], [
      { file: BASE, lineWith: 'secrets: [redis_password]', service: 'redis', field: 'secrets.0', message: 'secret "redis_password" is not declared under the top-level secrets:' },
    ]);
  });

  test('several problems in four files are reported together, in one run', () => {
    expectRefused(
      [
        [BASE, 'memory: 8G', 'memory: 8 GB'],
        ['compose/docker-compose.prod.yml', 'replicas: 3', 'replicas: -3'],
        ['environments/staging.yaml', 'size: 20Gi', 'size: lots'],
        ['environments/prod.yaml', 'activeColor: blue', 'activeColor: teal'],
      ],
      [
        { file: BASE, lineWith: 'memory: 8 GB', service: 'db', field: 'deploy.resources.limits.memory', message: '"8 GB" is not a memory size' },
        { file: 'environments/staging.yaml', lineWith: 'size: lots', field: 'storage.db-data.size', message: '"lots" is not a storage size' },
        { file: 'environments/prod.yaml', lineWith: 'activeColor: teal', field: 'blueGreen.backend.activeColor', message: '"teal" is not a colour' },
        { file: 'compose/docker-compose.prod.yml', lineWith: 'replicas: -3', service: 'backend', field: 'deploy.replicas', message: '"-3" is not a replica count' },
      ],
    );
  });
});

describe('an ignored compose key', () => {
  test('is a warning naming the file, service, field and the reason, and the synth succeeds with dist/ unchanged', () => {
    const { result, editedText } = withEdits([[BASE, '    container_name: tramites-redis', '    container_name: tramites-redis\n    restart: always']], () =>
      runTypeScript(root, 'main.ts'),
    );
    expect(result.status).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      `warning: ${BASE}:${lineNumberOf(editedText(BASE), 'restart: always')}: service "redis": field "restart": ignored: Kubernetes restarts the containers of Deployments and StatefulSets by itself`,
    ]);
    expect(snapshotTree(dist)).toEqual(distBefore);
  });
});

describe('through the cdk8s CLI (npm run synth)', () => {
  test('a bad input exits non-zero with the same one-line problems, the app prints no stack trace, and dist/ is unchanged', () => {
    const { result } = withEdits([[BASE, 'memory: 8G', 'memory: 8 GB']], () =>
      spawnSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['--no-check-upgrade', 'synth'], { cwd: root, encoding: 'utf8' }),
    );
    expect(result.status).not.toBe(0);
    expect(errorLines(result.stderr)).toEqual([expect.stringMatching(/^error: compose\/docker-compose\.yml:\d+: service "db": field "deploy\.resources\.limits\.memory": "8 GB" is not a memory size/)]);
    // The CLI reports the app's exit code itself, with a trace of its own code (cdk8s-cli); nothing before
    // that report, which is the app's output, may be a stack trace.
    const [appOutput, cliReport = ''] = result.stderr.split(/^(?=Error: command ".*" at .* returned a non-zero exit code)/m);
    expect(stackFrames(appOutput)).toEqual([]);
    expect(stackFrames(cliReport).every((frame) => frame.includes('cdk8s-cli') || frame.includes('node:'))).toBe(true);
    expect(snapshotTree(dist)).toEqual(distBefore);
  });
});

test("the README's synth command is the app command of cdk8s.yaml, so both render the same way", () => {
  const root = path.resolve(__dirname, '..');
  const app = /^app:\s*(.+)$/m.exec(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'))![1].trim();
  expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.synth).toBe(app);
});
