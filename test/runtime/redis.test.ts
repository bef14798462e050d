import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS, synthEnvironment, type Manifest } from '../support/project';
import { containerSandbox, inContainer, renderedContainer, type RenderedContainer } from './support/pod';
import { Sandbox, removeTemporaryDirectory, temporaryDirectory, type SandboxProcess } from './support/sandbox';

/**
 * The rendered Redis of every environment, run for real: Debian's redis-server and redis-cli as
 * stand-ins for the redis:7-alpine image's, with the rendered command, user, group, volumes and
 * read-only root; and its readiness probe, run as the kubelet runs it, against the real server and
 * against a stub that answers what a Redis still loading its data answers.
 */

jest.setTimeout(120_000);

/** A Kubernetes memory quantity in bytes (`1Gi`, `512Mi`). */
function quantityBytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!match) throw new Error(`unexpected quantity ${quantity}`);
  const units: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, '': 1 };
  return Number(match[1]) * units[match[2] ?? ''];
}

interface Workspace {
  readonly manifests: Manifest[];
  readonly redis: RenderedContainer;
  readonly directory: string;
  /** The claim's directory, kept across restarts as the PersistentVolume is. */
  readonly claim: string;
}

function workspace(environment: string): Workspace {
  const manifests = synthEnvironment(environment);
  const redis = renderedContainer(manifests, 'redis');
  const directory = temporaryDirectory(`redis-${environment}-`);
  const claim = path.join(directory, 'claim');
  fs.mkdirSync(claim);
  // What the kubelet does with fsGroup: the volume's root belongs to that group, group-writable and setgid.
  fs.chownSync(claim, 0, redis.fsGroup ?? 0);
  fs.chmodSync(claim, 0o2775);
  return { manifests, redis, directory, claim };
}

/** The claim template's name, mounted from the workspace's claim directory. */
function claims(space: Workspace): Record<string, string> {
  return Object.fromEntries(space.redis.workload.spec.volumeClaimTemplates.map((claim: any) => [claim.metadata.name, space.claim]));
}

/** Starts the rendered Redis on the workspace's claim and waits until it answers; stops it if it never does. */
async function startRedis(space: Workspace): Promise<Sandbox> {
  const sandbox = await Sandbox.create(containerSandbox(space.manifests, space.redis, { claims: claims(space), scratch: space.directory }));
  try {
    sandbox.startMain();
    for (let attempt = 0; attempt < 100; attempt++) {
      const result = await sandbox.run(inContainer(space.redis, ['redis-cli', 'ping']));
      if (result.stdout.trim() === 'PONG') return sandbox;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`redis never answered: ${JSON.stringify(sandbox.logs())}`);
  } catch (error) {
    await sandbox.destroy();
    throw error;
  }
}

function cli(space: Workspace, ...args: string[]): SandboxProcess {
  return inContainer(space.redis, ['redis-cli', ...args]);
}

describe.each(ENVIRONMENTS)('%s: the rendered Redis, run for real', (environment) => {
  let space: Workspace;
  let sandbox: Sandbox;
  /** The logs of the instances stopped before the current one. */
  const earlierLogs: Array<{ stdout: string; stderr: string }> = [];
  beforeAll(async () => {
    space = workspace(environment);
    sandbox = await startRedis(space);
  });
  afterAll(async () => {
    await sandbox?.destroy();
    if (space) removeTemporaryDirectory(space.directory);
  });

  test('runs as the rendered user, with its data on the claim', async () => {
    const status = fs.readFileSync(`/proc/${sandbox.pid}/status`, 'utf8');
    expect(/^Uid:\s+(\d+)/m.exec(status)![1]).toBe(String(space.redis.user));
    expect(/^Gid:\s+(\d+)/m.exec(status)![1]).toBe(String(space.redis.group));
    const mountPath = space.redis.container.volumeMounts.find((mount: any) => claims(space)[mount.name]).mountPath;
    expect((await sandbox.run(cli(space, 'config', 'get', 'dir'))).stdout.split('\n')[1]).toBe(mountPath);
  });

  test('its readiness probe passes once it serves, within the rendered timeoutSeconds', async () => {
    // The probe's own time is bounded inside the container by `timeout`; entering the sandbox is not
    // the probe's and is left out. Error replies are the shell-snippets suite's (one owner).
    const probe = space.redis.container.readinessProbe;
    const result = await sandbox.run(inContainer(space.redis, ['timeout', String(probe.timeoutSeconds), ...probe.exec.command]));
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  });

  test('caps its memory below the container limit, with room for the fork of an AOF rewrite, and evicts as a cache', async () => {
    const limit = quantityBytes(space.redis.container.resources.limits.memory);
    const maxmemory = Number((await sandbox.run(cli(space, 'config', 'get', 'maxmemory'))).stdout.split('\n')[1]);
    expect(maxmemory).toBeGreaterThan(0);
    // The rewrite's fork may copy every page the parent writes meanwhile, up to the whole dataset; the
    // rest covers allocator fragmentation, client buffers and the process itself.
    expect(2 * maxmemory + 128 * 1024 ** 2).toBeLessThanOrEqual(limit);
    expect((await sandbox.run(cli(space, 'config', 'get', 'maxmemory-policy'))).stdout.split('\n')[1]).toBe('allkeys-lru');
  });

  test('writes its append-only file on the claim, as the rendered user, and reloads it after a restart', async () => {
    expect((await sandbox.run(cli(space, 'set', 'tramite:42', 'en-revision'))).stdout.trim()).toBe('OK');
    expect((await sandbox.run(cli(space, 'config', 'get', 'appendonly'))).stdout.split('\n')[1]).toBe('yes');
    const aofDirectory = path.join(space.claim, 'appendonlydir');
    const files = fs.readdirSync(aofDirectory);
    expect(files.some((file) => file.endsWith('.aof'))).toBe(true);
    for (const file of files) expect(fs.statSync(path.join(aofDirectory, file)).uid).toBe(space.redis.user);

    // A stop as the container runtime does it (the image's stop signal), then a new pod on the same claim.
    sandbox.signal(space.redis.image.stopSignal);
    expect(await sandbox.exited).toEqual({ code: 0, signal: null });
    earlierLogs.push(sandbox.logs());
    await sandbox.destroy();
    sandbox = await startRedis(space);
    expect((await sandbox.run(cli(space, 'get', 'tramite:42'))).stdout.trim()).toBe('en-revision');
    expect(sandbox.logs().stdout).toMatch(/DB loaded from append only file|Reading the remaining AOF tail/);
  });

  test('both instances wrote only their data files on the claim, nothing in scratch, and no write failed', async () => {
    for (const logs of [...earlierLogs, sandbox.logs()]) {
      expect(logs.stdout + logs.stderr).not.toMatch(/Read-only file system|Permission denied|# Can't/);
    }
    // The root is read-only (the overlay is remounted before Redis starts), so the writable paths are
    // the claim and the scratch volumes: what is in them is everything Redis wrote.
    const claimFiles = (fs.readdirSync(space.claim, { recursive: true }) as string[]).sort();
    expect(claimFiles.length).toBeGreaterThan(1);
    // The append-only directory, and the snapshot Redis' default save points write on a shutdown.
    for (const file of claimFiles) expect(file).toMatch(/^(appendonlydir(\/appendonly\.aof\.[\w.]+)?|dump\.rdb)$/);
    const scratch = space.redis.container.volumeMounts
      .filter((mount: any) => space.redis.pod.volumes.find((volume: any) => volume.name === mount.name)?.emptyDir)
      .map((mount: any) => mount.mountPath);
    for (const mountPath of scratch) {
      const listing = await sandbox.run(inContainer(space.redis, ['ls', '-A', mountPath]));
      expect({ mountPath, files: listing.stdout.split('\n').filter(Boolean) }).toEqual({ mountPath, files: [] });
    }
  });
});
