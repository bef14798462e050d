import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * What the kubelet mounts into a container, as the sandbox reproduces it:
 * - `scratch`: an emptyDir (writable by everyone, group-owned by the pod's fsGroup);
 * - `directory`: a claim or a Secret, a directory of the test bound at the mount path;
 * - `file`: one key of a ConfigMap mounted by `subPath`, read-only.
 */
export type SandboxMount =
  | { readonly kind: 'scratch'; readonly path: string }
  | { readonly kind: 'directory'; readonly path: string; readonly source: string; readonly readOnly: boolean }
  | { readonly kind: 'file'; readonly path: string; readonly source: string };

export interface SandboxProcess {
  /** The argv, resolved through the PATH of `tools`. */
  readonly argv: readonly string[];
  /** @default '/' */
  readonly workingDir?: string;
  /** Variables besides PATH. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Which tools `sh`, `nc`, `sleep` … resolve to: `busybox` puts busybox's applets first, as an
   * Alpine or busybox image has them; `debian` leaves Debian's (dash, coreutils).
   * @default 'busybox'
   */
  readonly tools?: 'busybox' | 'debian';
}

export interface SandboxOptions {
  /** The user and group the container runs as (`runAsUser`, `runAsGroup`). */
  readonly user: number;
  readonly group: number;
  /** The pod's `fsGroup`: a supplementary group, and the group of the scratch volumes. @default none */
  readonly fsGroup?: number;
  readonly mounts: readonly SandboxMount[];
  /** Host names and the loopback address each resolves to (`/etc/hosts`), e.g. Service names. @default none */
  readonly hosts?: Readonly<Record<string, string>>;
  /** The container's main process: PID 1 of the sandbox, as in a container. */
  readonly main: SandboxProcess;
}

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The PATH of a sandbox process with Debian's tools. */
export const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Where the sandbox's root holds links to busybox's applets (the Alpine images' `sh`, `nc`, `sleep`). */
export const BUSYBOX_DIRECTORY = '/busybox';
/** The PATH of a sandbox process with busybox's tools first, as an Alpine or busybox image has them. */
export const BUSYBOX_PATH = `${BUSYBOX_DIRECTORY}:${STANDARD_PATH}`;

/**
 * The watchdog (watchdog.cjs) of this test file: it kills every sandbox and removes every directory
 * still registered when the test process goes away, however it goes.
 */
let watchdog: ChildProcess | undefined;
const liveSandboxes = new Set<Sandbox>();

function guard(line: string): void {
  if (!watchdog) {
    watchdog = spawn(process.execPath, [path.join(__dirname, 'watchdog.cjs')], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    // It must not keep the test process alive, nor wait for it: its input ends when this process does.
    watchdog.unref();
    (watchdog.stdin as unknown as { unref(): void }).unref();
  }
  watchdog.stdin!.write(`${line}\n`);
}

/** A directory of the test, removed by the watchdog if the test process dies before `removeTemporaryDirectory`. */
export function temporaryDirectory(prefix: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  guard(`+dir ${directory}`);
  return directory;
}

export function removeTemporaryDirectory(directory: string): void {
  fs.rmSync(directory, { recursive: true, force: true });
  guard(`-dir ${directory}`);
}

// The suite's teardown, whatever a test's own failure path skipped: no sandbox outlives its test file.
afterAll(async () => {
  await Promise.allSettled([...liveSandboxes].map((sandbox) => sandbox.destroy()));
  watchdog?.stdin!.end();
  watchdog = undefined;
});

/**
 * A stand-in for a Pod's container, built from what is rendered: a private mount, network and PID
 * namespace; the machine's root filesystem, read-only, as the image; only the rendered volumes writable;
 * the main process as PID 1, run as the rendered user and group with no capabilities and no new
 * privileges. Only the loopback interface exists, so nothing it serves is reachable from outside the
 * test, and several sandboxes can listen on the same ports at once.
 *
 * The binaries are the machine's (Debian's), not the image's: see the README, "Tested with the real
 * servers".
 */
export class Sandbox {
  /** The host's pid of the sandbox's PID 1 (the container's main process once started). */
  readonly pid: number;
  /** Resolves when PID 1 exits (the container stops). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly directory: string,
    private readonly options: SandboxOptions,
    private readonly unshare: ChildProcess,
    pid: number,
  ) {
    this.pid = pid;
    this.exited = new Promise((resolve) => {
      if (unshare.exitCode !== null || unshare.signalCode !== null) resolve({ code: unshare.exitCode, signal: unshare.signalCode });
      else unshare.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  /** Prepares the namespaces and the root; the main process waits for `startMain()`. */
  static async create(options: SandboxOptions): Promise<Sandbox> {
    const directory = temporaryDirectory('pod-sandbox-');
    fs.mkdirSync(path.join(directory, 'root'));
    fs.mkdirSync(path.join(directory, 'layers'));
    fs.mkdirSync(path.join(directory, 'logs'));
    for (const log of ['stdout', 'stderr']) {
      // A process running as another user cannot reopen /dev/stdout if it points at a root-owned file.
      fs.writeFileSync(path.join(directory, 'logs', log), '');
      fs.chownSync(path.join(directory, 'logs', log), options.user, options.group);
    }
    const hosts = Object.entries({ localhost: '127.0.0.1', ...options.hosts }).map(([name, address]) => `${address}\t${name}`);
    fs.writeFileSync(path.join(directory, 'hosts'), `${hosts.join('\n')}\n::1\tlocalhost\n`);
    // No name server exists in the sandbox: a name that is not in /etc/hosts fails at once.
    fs.writeFileSync(path.join(directory, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    fs.writeFileSync(path.join(directory, 'setup.sh'), setupScript(directory, options));

    // --kill-child covers the set-up only: the main process runs as another user, which clears the
    // parent-death signal. From then on the watchdog is what ends a sandbox its test process left behind.
    const unshare = spawn('unshare', ['--mount', '--net', '--pid', '--fork', '--kill-child', 'sh', path.join(directory, 'setup.sh')], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let setupOutput = '';
    unshare.stderr!.on('data', (chunk) => (setupOutput += chunk));
    try {
      await new Promise<void>((resolve, reject) => {
        unshare.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
        unshare.once('exit', (code) => reject(new Error(`sandbox set-up failed (exit ${code}): ${setupOutput}`)));
      });
    } catch (error) {
      removeTemporaryDirectory(directory);
      throw error;
    }
    const children = fs.readFileSync(`/proc/${unshare.pid}/task/${unshare.pid}/children`, 'utf8').trim();
    const sandbox = new Sandbox(directory, options, unshare, Number(children.split(/\s+/)[0]));
    // Killing PID 1 from outside ends every process of the namespace, and with the last one its mounts.
    guard(`+pid ${sandbox.pid}`);
    liveSandboxes.add(sandbox);
    return sandbox;
  }

  /** Starts the container's main process as PID 1. */
  startMain(): void {
    this.unshare.stdin!.end('go\n');
  }

  /**
   * Runs a process inside the container, as its user (a probe, a preStop hook, `nginx -t`). Its output
   * goes to files it owns, as the main process's does, so it can reopen /dev/stdout and /dev/stderr.
   */
  async run(process: SandboxProcess, timeoutMs = 30_000): Promise<ProcessResult> {
    const runs = path.join(this.directory, 'runs');
    fs.mkdirSync(runs, { recursive: true });
    const output = fs.mkdtempSync(path.join(runs, 'run-'));
    for (const log of ['stdout', 'stderr']) {
      fs.writeFileSync(path.join(output, log), '');
      fs.chownSync(path.join(output, log), this.options.user, this.options.group);
    }
    const redirect = 'exec "$@" </dev/null >"$0/stdout" 2>"$0/stderr"';
    const argv = ['--target', String(this.pid), '--mount', '--net', '--pid', '--', 'sh', '-c', redirect, output, ...this.containerCommand(process)];
    const result = await collect(spawn('nsenter', argv, { stdio: ['ignore', 'pipe', 'pipe'] }), timeoutMs);
    const read = (name: string) => fs.readFileSync(path.join(output, name), 'utf8');
    return { code: result.code, signal: result.signal, stdout: read('stdout'), stderr: read('stderr') + result.stderr };
  }

  /**
   * Runs a tool of the test (a client, a stub server) in the sandbox's network namespace only: it sees
   * the same loopback interface and nothing of the container's files or processes.
   */
  spawnInNetwork(argv: readonly string[]): ChildProcess {
    return spawn('nsenter', ['--target', String(this.pid), '--net', '--', ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
  }

  /** Like `spawnInNetwork`, waiting for the tool to end. */
  runInNetwork(argv: readonly string[], timeoutMs = 30_000): Promise<ProcessResult> {
    const child = this.spawnInNetwork(argv);
    child.stdin!.end();
    return collect(child, timeoutMs);
  }

  /** Sends a signal to the main process, as the container runtime does on a stop; false if it has already exited. */
  signal(signal: NodeJS.Signals): boolean {
    try {
      process.kill(this.pid, signal);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw error;
    }
  }

  /** What the main process wrote, from the log files it owns. */
  logs(): { stdout: string; stderr: string } {
    const read = (name: string) => fs.readFileSync(path.join(this.directory, 'logs', name), 'utf8');
    return { stdout: read('stdout'), stderr: read('stderr') };
  }

  /** Kills everything in the sandbox (its mounts go with its mount namespace) and removes its files. */
  async destroy(): Promise<void> {
    if (this.unshare.exitCode === null && this.unshare.signalCode === null) {
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await this.exited;
    }
    guard(`-pid ${this.pid}`);
    liveSandboxes.delete(this);
    removeTemporaryDirectory(this.directory);
  }

  private containerCommand(process: SandboxProcess): string[] {
    return containerCommand(path.join(this.directory, 'root'), this.options, process);
  }
}

/** chroot into the sandbox's root, become the container's user, and run `process` there. */
function containerCommand(root: string, options: SandboxOptions, process: SandboxProcess): string[] {
  const pathVariable = (process.tools ?? 'busybox') === 'busybox' ? BUSYBOX_PATH : STANDARD_PATH;
  const variables = Object.entries(process.env ?? {}).map(([name, value]) => `${name}=${value}`);
  return [
    'chroot', root,
    'setpriv', `--reuid=${options.user}`, `--regid=${options.group}`,
    ...(options.fsGroup === undefined ? ['--clear-groups'] : [`--groups=${options.fsGroup}`]),
    // The restricted profile: every capability dropped, no privilege escalation.
    '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs',
    '--',
    'env', '-i', `--chdir=${process.workingDir ?? '/'}`, `PATH=${pathVariable}`, ...variables,
    ...process.argv,
  ];
}

/** The script that builds the container's view inside the new namespaces, then starts the main process. */
function setupScript(directory: string, options: SandboxOptions): string {
  const root = path.join(directory, 'root');
  const layers = path.join(directory, 'layers');
  const inRoot = (target: string) => quote(path.join(root, target));
  const lines = [
    'set -eu',
    'mount --make-rprivate /',
    // The image: the machine's root through an overlay whose upper layer only holds the mount points;
    // it is read-only before any process of the container runs.
    `mount -t tmpfs -o mode=0700 layers ${quote(layers)}`,
    `mkdir ${quote(`${layers}/upper`)} ${quote(`${layers}/work`)}`,
    `mount -t overlay image -o lowerdir=/,upperdir=${quote(`${layers}/upper`)},workdir=${quote(`${layers}/work`)} ${quote(root)}`,
  ];
  const files = [...options.mounts.filter((mount) => mount.kind === 'file').map((mount) => mount.path), '/etc/hosts', '/etc/resolv.conf'];
  for (const mount of options.mounts) if (mount.kind !== 'file') lines.push(`mkdir -p ${inRoot(mount.path)}`);
  for (const file of files) lines.push(`mkdir -p ${inRoot(path.posix.dirname(file))}`, `[ -e ${inRoot(file)} ] || touch ${inRoot(file)}`);
  lines.push(
    `mkdir -p ${inRoot(BUSYBOX_DIRECTORY)}`,
    `busybox --install -s ${inRoot(BUSYBOX_DIRECTORY)}`,
    `mount -o remount,ro ${quote(root)}`,
    `mount -t proc proc ${inRoot('/proc')}`,
    // A container's /dev: a few device nodes and the standard stream links, not writable by the user.
    `mount -t tmpfs -o mode=0755,nosuid dev ${inRoot('/dev')}`,
    `for node in null zero full random urandom; do touch ${inRoot('/dev')}/$node; mount --bind /dev/$node ${inRoot('/dev')}/$node; done`,
    `ln -s /proc/self/fd ${inRoot('/dev/fd')}`,
    `ln -s /proc/self/fd/0 ${inRoot('/dev/stdin')}`,
    `ln -s /proc/self/fd/1 ${inRoot('/dev/stdout')}`,
    `ln -s /proc/self/fd/2 ${inRoot('/dev/stderr')}`,
  );
  for (const mount of options.mounts) {
    if (mount.kind === 'scratch') {
      const group = options.fsGroup === undefined ? '' : `,gid=${options.fsGroup}`;
      lines.push(`mount -t tmpfs -o mode=2777${group},size=256m scratch ${inRoot(mount.path)}`);
    } else {
      lines.push(`mount --bind ${quote(mount.source)} ${inRoot(mount.path)}`);
      if (mount.kind === 'file' || mount.readOnly) lines.push(`mount -o remount,bind,ro ${inRoot(mount.path)}`);
    }
  }
  for (const [file, source] of [['/etc/hosts', 'hosts'], ['/etc/resolv.conf', 'resolv.conf']]) {
    lines.push(`mount --bind ${quote(path.join(directory, source))} ${inRoot(file)}`, `mount -o remount,bind,ro ${inRoot(file)}`);
  }
  lines.push(
    // The pod's network: loopback only.
    'busybox ip link set lo up',
    'echo ready',
    'read go',
    `exec ${containerCommand(root, options, options.main).map(quote).join(' ')} <${quote('/dev/null')} >${quote(`${directory}/logs/stdout`)} 2>${quote(`${directory}/logs/stderr`)}`,
  );
  return `${lines.join('\n')}\n`;
}

/** `promise`'s value, or undefined if it takes longer than `timeoutMs` (the timer does not outlive it). */
export async function within<T>(promise: Promise<T>, timeoutMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function collect(child: ChildProcess, timeoutMs: number): Promise<ProcessResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
