/**
 * `npm run bench`: how long rendering takes, and how it grows with the size of the stack.
 *
 * Every figure is measured in this run, next to the floor: a process that only loads cdk8s and
 * cdk8s-plus-27 and synthesizes an empty app. Each command runs several times, interleaved with the
 * floor so that machine noise hits both alike, and the medians are compared.
 *   - the project's full synth: the `app` command of cdk8s.yaml, all environments, in a copy of the
 *     project, where nothing changed since the last synth (the figure the target is for);
 *   - the same synth after an edit: each run with a new image tag in prod, so that the edited file is
 *     parsed, prod validated and compared with the previous run's render, and dist/ written;
 *   - generated compose projects of 5, 50, 200 and 1000 services, one environment each.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const PEAK_MEMORY_PROBE = path.join(PROJECT_ROOT, 'tools', 'report-peak-memory.cjs');
/** Sizes of the generated projects; BENCH_SIZES="5,50" measures fewer, "" only the project's own synth. */
const SIZES = (process.env.BENCH_SIZES ?? '5,50,200,1000').split(',').filter(Boolean).map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

interface Measurement {
  readonly seconds: number;
  readonly peakMegabytes: number;
}

/**
 * Variables that make every Node.js process do the same extra work as it starts, whatever it runs:
 * NODE_EXTRA_CA_CERTS makes Node read and parse a certificate bundle before the first line of the
 * script (tens of milliseconds for a large bundle). Added to the floor and the synth alike, such a cost
 * pulls their ratio towards 1 on the machines that set it, so the measured processes run without them.
 */
const STARTUP_VARIABLES = ['NODE_EXTRA_CA_CERTS'];

/** The environment of the measured processes: this one, without STARTUP_VARIABLES, with the peak-memory probe preloaded into node. */
function measuredEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: `--require ${PEAK_MEMORY_PROBE}` };
  for (const name of STARTUP_VARIABLES) delete env[name];
  return env;
}

/** Runs a shell command in `cwd` (see measuredEnvironment). */
function measure(command: string, cwd: string): Measurement {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, { cwd, shell: true, encoding: 'utf8', env: measuredEnvironment() });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`"${command}" failed in ${cwd}:\n${result.stderr}`);
  const peak = /peak-rss-kb=(\d+)\s*$/.exec(result.stderr);
  if (!peak) throw new Error(`"${command}" did not report its peak memory`);
  return { seconds, peakMegabytes: Number(peak[1]) / 1024 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Measures `command` and the floor alternately, `runs` times each, after one unmeasured warm-up of
 * each. `prepare`, if given, runs before each run of `command`, untimed.
 */
function compareWithFloor(command: string, cwd: string, floorDirectory: string, runs: number, prepare?: (run: number) => void) {
  const floorCommand = `node ${path.join(floorDirectory, 'floor.js')}`;
  measure(floorCommand, floorDirectory);
  prepare?.(-1);
  measure(command, cwd);
  const floor: Measurement[] = [];
  const subject: Measurement[] = [];
  for (let run = 0; run < runs; run++) {
    floor.push(measure(floorCommand, floorDirectory));
    prepare?.(run);
    subject.push(measure(command, cwd));
  }
  const summary = (measurements: Measurement[]) => ({
    seconds: median(measurements.map((m) => m.seconds)),
    peakMegabytes: Math.max(...measurements.map((m) => m.peakMegabytes)),
  });
  return { floor: summary(floor), subject: summary(subject) };
}

/** The floor: load cdk8s and cdk8s-plus-27, synthesize an empty app. Resolved from the project's node_modules. */
function writeFloor(directory: string): void {
  const cdk8s = JSON.stringify(require.resolve('cdk8s', { paths: [PROJECT_ROOT] }));
  const plus = JSON.stringify(require.resolve('cdk8s-plus-27', { paths: [PROJECT_ROOT] }));
  fs.writeFileSync(
    path.join(directory, 'floor.js'),
    `const { App, Chart } = require(${cdk8s});\nrequire(${plus});\nconst app = new App({ outdir: ${JSON.stringify(path.join(directory, 'out'))} });\nnew Chart(app, 'empty');\napp.synth();\n`,
  );
}

/** The `app` command of cdk8s.yaml. */
function appCommand(): string {
  const match = /^app:\s*(.+)$/m.exec(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk8s.yaml'), 'utf8'));
  if (!match) throw new Error('cdk8s.yaml has no app command');
  return match[1].trim();
}

/** A directory that runs the project's code on its own inputs: code linked, main.ts copied (it renders its own folder). */
function workspace(name: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `tramites-bench-${name}-`));
  for (const entry of ['lib', 'tools', 'node_modules', 'tsconfig.json', 'package.json']) {
    fs.symlinkSync(path.join(PROJECT_ROOT, entry), path.join(directory, entry));
  }
  fs.copyFileSync(path.join(PROJECT_ROOT, 'main.ts'), path.join(directory, 'main.ts'));
  return directory;
}

/** A compose project of `count` services: a third stateful, each with limits, a health check and a dependency. */
function generateProject(directory: string, count: number): void {
  fs.mkdirSync(path.join(directory, 'compose'));
  fs.mkdirSync(path.join(directory, 'environments'));
  const services: string[] = [];
  const volumes: string[] = [];
  const storage: string[] = [];
  const podSecurity: string[] = [];
  for (let index = 0; index < count; index++) {
    const name = `svc-${index}`;
    const stateful = index % 3 === 0;
    const lines = [
      `  ${name}:`,
      `    image: registry.example/${name}:1.${index}.0`,
      `    environment:`,
      `      LOG_LEVEL: "\${LOG_LEVEL}"`,
      `      PEER_URL: "http://svc-${(index + 1) % count}:8080"`,
      `    ports:`,
      `      - "${8080}"`,
      `    healthcheck:`,
      `      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]`,
      `      interval: 10s`,
      `      start_period: 20s`,
      `    deploy:`,
      `      replicas: ${stateful ? 1 : 2}`,
      `      resources:`,
      `        limits: { cpus: '${(index % 4) + 0.5}', memory: ${256 * ((index % 4) + 1)}M }`,
      `        reservations: { cpus: '0.25', memory: 128M }`,
    ];
    if (index > 0) lines.push(`    depends_on:`, `      svc-${index - 1}:`, `        condition: service_healthy`);
    if (stateful) {
      lines.push(`    volumes:`, `      - ${name}-data:/data`);
      volumes.push(`  ${name}-data:`);
      storage.push(`  ${name}-data: { size: 1Gi }`);
    }
    services.push(...lines);
    podSecurity.push(`  ${name}: { user: 1000, group: 1000, writablePaths: [/tmp] }`);
  }
  fs.writeFileSync(path.join(directory, 'compose', 'docker-compose.yml'), ['name: bench', 'services:', ...services, 'volumes:', ...volumes, ''].join('\n'));
  fs.writeFileSync(path.join(directory, 'compose', '.env'), 'LOG_LEVEL=INFO\n');
  fs.writeFileSync(
    path.join(directory, 'environments', 'stack.yaml'),
    [
      'environments: [bench]',
      'composeDirectory: compose',
      'envFile: .env',
      'secret: { name: bench-secrets, keys: [] }',
      'ephemeralStorage: { request: 256Mi, limit: 1Gi }',
      'kubernetesVersion: "1.34"',
      'podSecurity:',
      ...podSecurity,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(directory, 'environments', 'bench.yaml'),
    ['namespace: bench', 'composeFiles: [docker-compose.yml]', 'host: bench.example', 'storage:', ...storage, ''].join('\n'),
  );
}

/**
 * Before each run: prod's frontend image gets a tag no run had before, so that every run parses the
 * edited file, renders, validates and compares one changed environment against the render of the run
 * before it (whose changed document is new text too), and writes dist/, as a synth after an edit does.
 */
function editOf(project: string): (run: number) => void {
  const settings = path.join(project, 'environments', 'prod.yaml');
  const original = fs.readFileSync(settings, 'utf8');
  const tag = /^(  frontend: \{ repository: [^,]+, tag: )[^ }]+( \})$/m;
  if (!tag.test(original)) throw new Error(`${settings}: no frontend image tag to edit`);
  return (run) => fs.writeFileSync(settings, original.replace(tag, `$1bench-${Date.now()}-${process.pid}-${run + 1}$2`));
}

function main(): void {
  const floorDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'tramites-bench-floor-'));
  writeFloor(floorDirectory);
  const command = appCommand();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node.js ${process.version}`);
  console.log(`App command (cdk8s.yaml): ${command}`);
  const unset = STARTUP_VARIABLES.filter((name) => process.env[name] !== undefined);
  if (unset.length > 0) console.log(`Left out of the measured processes' environment: ${unset.join(', ')} (see STARTUP_VARIABLES)`);
  console.log(`Runs per figure: ${RUNS} (median time, highest peak memory), interleaved with the floor\n`);

  const rows: string[][] = [['what', 'time (s)', 'peak memory (MiB)', 'floor time (s)', 'floor memory (MiB)', 'time / floor']];
  const record = (label: string, result: ReturnType<typeof compareWithFloor>) => {
    rows.push([
      label,
      result.subject.seconds.toFixed(3),
      result.subject.peakMegabytes.toFixed(0),
      result.floor.seconds.toFixed(3),
      result.floor.peakMegabytes.toFixed(0),
      `${(result.subject.seconds / result.floor.seconds).toFixed(2)}×`,
    ]);
    return result;
  };

  const project = workspace('project');
  for (const entry of ['compose', 'environments']) fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(project, entry), { recursive: true });
  const full = record('project: full synth (dev, staging, prod)', compareWithFloor(command, project, floorDirectory, RUNS));
  record('project: full synth after an edit', compareWithFloor(command, project, floorDirectory, RUNS, editOf(project)));

  const bySize = new Map<number, number>();
  for (const size of SIZES) {
    const directory = workspace(`${size}`);
    generateProject(directory, size);
    const runs = size >= 1000 ? Math.max(3, Math.ceil(RUNS / 2)) : RUNS;
    bySize.set(size, record(`generated: ${size} services`, compareWithFloor(command, directory, floorDirectory, runs)).subject.seconds);
  }

  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
  const fullRatio = full.subject.seconds / full.floor.seconds;
  console.log(`\nFull synth / floor: ${fullRatio.toFixed(2)}× (target: at most 1.5×)`);
  if (bySize.has(200) && bySize.has(1000)) {
    console.log(`200 → 1000 services: ${(bySize.get(1000)! / bySize.get(200)!).toFixed(2)}× the time (target: at most about 5×)`);
  }
}

main();
