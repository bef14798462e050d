import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS, loadEnvironment, synthModel, type Manifest } from '../support/project';
import { httpRequest, type HttpRequest, type HttpResponse } from './support/http-client';
import { containerSandbox, inContainer, renderedContainer, renderedServicePort, serviceAddresses, type RenderedContainer } from './support/pod';
import { Sandbox, removeTemporaryDirectory, temporaryDirectory, within, type ProcessResult } from './support/sandbox';
import { Stubs } from './support/stubs';
import { testCertificate } from './support/tls';

/**
 * The rendered nginx of every environment, run for real: Debian's nginx as a stand-in for the
 * nginx-unprivileged image's, with the rendered nginx.conf, user, mounts and read-only root, in front of
 * stub upstreams that answer with what they received.
 */

/**
 * Which upstream each request path must reach: every rendered route (a test checks none is missing),
 * and paths near them that must not match them.
 */
const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['/api/v1/tramites?estado=abierto', 'backend'],
  ['/api/', 'backend'],
  ['/docs', 'backend'],
  ['/docs/oauth2-redirect', 'backend'],
  ['/openapi.json', 'backend'],
  ['/health', 'backend'],
  ['/', 'frontend'],
  ['/tramites/nuevo', 'frontend'],
  ['/assets/index.js', 'frontend'],
  // Neither is under /docs or /health: they belong to the frontend.
  ['/docsearch', 'frontend'],
  ['/healthcheck', 'frontend'],
];

jest.setTimeout(120_000);

interface RunningProxy {
  readonly environment: string;
  readonly manifests: Manifest[];
  readonly nginx: RenderedContainer;
  readonly host: string;
  readonly sandbox: Sandbox;
  readonly stubs: Stubs;
  readonly certificate: string;
  readonly workDirectory: string;
  /** Every response of the tests, to search for internal ports. */
  readonly responses: HttpResponse[];
}

/** The container port behind a named port of the rendered container. */
function containerPort(nginx: RenderedContainer, name: string): number {
  return nginx.container.ports.find((port: any) => port.name === name).containerPort;
}

/**
 * Starts the rendered nginx of an environment with stub upstreams, and waits until its readiness probe
 * passes. If it never does, what was started is stopped before the error is thrown.
 */
async function startProxy(environment: string): Promise<RunningProxy> {
  const stack = loadEnvironment(environment);
  const manifests = synthModel(stack);
  const proxy = stack.reverseProxy!;
  const nginx = renderedContainer(manifests, proxy.service);
  const workDirectory = temporaryDirectory(`nginx-${environment}-`);
  let sandbox: Sandbox | undefined;
  let stubs: Stubs | undefined;
  try {
    const certificate = testCertificate(path.join(workDirectory, 'tls'), proxy.host);
    sandbox = await Sandbox.create(containerSandbox(manifests, nginx, { secrets: { [proxy.tlsSecret]: certificate }, scratch: workDirectory }));
    const addresses = serviceAddresses(manifests);
    const conf = manifests.find((object) => object.kind === 'ConfigMap' && object.data?.['nginx.conf'])!.data['nginx.conf'] as string;
    // A stub for each upstream the rendered configuration names, where that name's rendered Service
    // listens: not where the configuration dials, so a configuration that dials another port fails.
    const names = [...new Set([...conf.matchAll(/^\s*server ([\w-]+):\d+/gm)].map(([, name]) => name))];
    const upstreams = names.map((name) => ({ kind: 'http' as const, name, host: addresses[name], port: renderedServicePort(manifests, name) }));
    stubs = await Stubs.start(sandbox, upstreams);
    sandbox.startMain();
    const running: RunningProxy = { environment, manifests, nginx, host: proxy.host, sandbox, stubs, certificate, workDirectory, responses: [] };
    await waitUntilReady(running);
    return running;
  } catch (error) {
    await stopProxy({ sandbox, stubs, workDirectory });
    throw error;
  }
}

/** Stops what `startProxy` started: the stubs, the sandbox, the test's files. */
async function stopProxy(running: { readonly sandbox?: Sandbox; readonly stubs?: Stubs; readonly workDirectory: string }): Promise<void> {
  running.stubs?.stop();
  await running.sandbox?.destroy();
  removeTemporaryDirectory(running.workDirectory);
}

/** The rendered readiness probe, asked the way the kubelet asks it (HTTP GET on the pod's port). */
async function waitUntilReady(running: RunningProxy): Promise<void> {
  const probe = running.nginx.container.readinessProbe.httpGet;
  const port = containerPort(running.nginx, probe.port);
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = await running.sandbox.runInNetwork(['curl', '--silent', '--output', '/dev/null', '--write-out', '%{http_code}', `http://127.0.0.1:${port}${probe.path}`]);
    if (result.stdout === '200') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx in ${running.environment} never became ready: ${JSON.stringify(running.sandbox.logs())}`);
}

/** A request to the public URL, sent to the container port behind it; recorded for the port check. */
async function request(running: RunningProxy, url: string, options: Partial<HttpRequest> = {}): Promise<HttpResponse> {
  const https = url.startsWith('https:');
  const response = await httpRequest(running.sandbox, {
    url,
    connectTo: { address: '127.0.0.1', port: containerPort(running.nginx, https ? 'https' : 'http') },
    caFile: path.join(running.certificate, 'tls.crt'),
    ...options,
  });
  running.responses.push(response);
  return response;
}

describe.each(ENVIRONMENTS)('%s: the rendered nginx, run for real', (environment) => {
  let running: RunningProxy;
  beforeAll(async () => {
    running = await startProxy(environment);
  });
  afterAll(async () => {
    if (running) await stopProxy(running);
  });

  test('nginx -t accepts the rendered configuration, as the rendered user on the read-only root', async () => {
    const result = await running.sandbox.run(inContainer(running.nginx, ['nginx', '-t', ...(running.nginx.image.standInArgs ?? [])]));
    expect(result.stderr).toContain('test is successful');
    expect(result.stderr).not.toMatch(/\[(warn|emerg|alert|crit)\]/);
    expect(result.code).toBe(0);
  });

  test('the container\'s root is read-only for nginx\'s user; its scratch volume is not', async () => {
    for (const target of ['/etc/nginx/nginx.conf', '/etc/nginx/probe', '/var/cache/probe', '/probe']) {
      const result = await running.sandbox.run(inContainer(running.nginx, ['touch', target]));
      expect({ target, code: result.code, error: /Read-only file system/.test(result.stderr) }).toEqual({ target, code: 1, error: true });
    }
    expect((await running.sandbox.run(inContainer(running.nginx, ['touch', '/tmp/probe']))).code).toBe(0);
    expect((await running.sandbox.run(inContainer(running.nginx, ['rm', '/tmp/probe']))).code).toBe(0);
  });

  test('the routes tried below include every rendered route, with its upstream', () => {
    for (const route of loadEnvironment(environment).reverseProxy!.routes) {
      expect(ROUTES).toContainEqual([route.path, route.service]);
    }
  });

  test.each(ROUTES)('%s reaches %s with the seed\'s proxy headers', async (route, upstream) => {
    const response = await request(running, `https://${running.host}${route}`);
    expect(response.status).toBe(200);
    const received = JSON.parse(response.body);
    expect(received.service).toBe(upstream);
    expect(received.url).toBe(route);
    expect(received.headers).toMatchObject({
      'host': running.host,
      'x-real-ip': '127.0.0.1',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'https',
    });
  });

  test('plain HTTP redirects to HTTPS on the public host, whatever Host the client sent', async () => {
    for (const hostHeader of [running.host, '203.0.113.7']) {
      const response = await request(running, `http://${running.host}/tramites/nuevo?paso=2`, { headers: [`Host: ${hostHeader}`] });
      expect(response.status).toBe(301);
      expect(response.headers.location).toBe(`https://${running.host}/tramites/nuevo?paso=2`);
    }
    const health = await request(running, `http://${running.host}/healthz`);
    expect(health.status).toBe(200);
  });

  test('/api without its slash redirects to /api/ on the public URL, and the redirect leads to the backend', async () => {
    const response = await request(running, `https://${running.host}/api`);
    expect(response.status).toBe(301);
    const target = new URL(response.headers.location, `https://${running.host}/api`);
    expect(target.href).toBe(`https://${running.host}/api/`);
    const followed = await request(running, target.href);
    expect(JSON.parse(followed.body).service).toBe('backend');
  });

  describe('uploads', () => {
    let maxUploadSize: number;
    beforeAll(() => {
      const environmentConfig = running.manifests.find((object) => object.kind === 'ConfigMap' && object.data?.MAX_UPLOAD_SIZE);
      maxUploadSize = Number(environmentConfig!.data.MAX_UPLOAD_SIZE);
    });
    const fileOf = (bytes: number) => {
      const file = path.join(running.workDirectory, `upload-${bytes}.pdf`);
      fs.writeFileSync(file, Buffer.alloc(bytes, 0x25));
      return file;
    };

    test('a multipart upload of a file of exactly MAX_UPLOAD_SIZE bytes reaches the backend', async () => {
      const response = await request(running, `https://${running.host}/api/v1/documentos`, { upload: { field: 'archivo', file: fileOf(maxUploadSize) } });
      expect(response.status).toBe(200);
      const received = JSON.parse(response.body);
      expect(received.service).toBe('backend');
      expect(received.bodyBytes).toBeGreaterThan(maxUploadSize);
    });

    test('a larger upload gets a 413 with a JSON body the frontend can tell apart', async () => {
      const response = await request(running, `https://${running.host}/api/v1/documentos`, {
        upload: { field: 'archivo', file: fileOf(maxUploadSize + 1024 * 1024) },
      });
      expect(response.status).toBe(413);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'upload_too_large', maxUploadSize });
    });
  });

  describe('after every request above', () => {
    test('no response names an internal container port', () => {
      expect(running.responses.length).toBeGreaterThan(ROUTES.length);
      const internalPorts = (running.nginx.container.ports as any[]).map((port) => port.containerPort);
      for (const response of running.responses) {
        for (const port of internalPorts) expect(response.raw).not.toMatch(new RegExp(`:${port}\\b`));
      }
    });

    test('nothing failed to write: nginx wrote only to its scratch volume, what its configuration puts there', async () => {
      const { stderr } = running.sandbox.logs();
      expect(stderr).not.toMatch(/Read-only file system|Permission denied|\[(emerg|alert|crit)\]/);
      const listing = await running.sandbox.run(inContainer(running.nginx, ['ls', '-A', '/tmp']));
      expect(listing.stdout.split('\n').filter(Boolean).sort()).toEqual(['client_temp', 'fastcgi_temp', 'nginx.pid', 'proxy_temp', 'scgi_temp', 'uwsgi_temp']);
    });
  });
});

/**
 * A graceful stop in the kubelet's order: the preStop hook runs in the container; when it has returned,
 * whatever its outcome, the runtime sends the image's stop signal; the grace period bounds both, and
 * whatever still runs at its end is killed. A slow request is in flight throughout. The hook runs with
 * the image's tools (busybox) and, to show it does not depend on them, with Debian's (dash and coreutils).
 */
describe('a graceful stop in the kubelet\'s order', () => {
  interface StopResult {
    readonly hook: ProcessResult;
    readonly slowResponse: HttpResponse;
    /** A request sent while the hook still ran; none if the hook returned within a second. */
    readonly duringHook?: HttpResponse;
    readonly stopSeconds: number;
    readonly exit: { code: number | null; signal: NodeJS.Signals | null };
    /** Whether nginx was still running at the end of the grace period, and was killed. */
    readonly killed: boolean;
    readonly gracePeriodSeconds: number;
  }
  const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

  async function stopGracefully(environment: string, tools: 'busybox' | 'debian', hookCommand?: readonly string[]): Promise<StopResult> {
    const running = await startProxy(environment);
    try {
      const { pod, container } = running.nginx;
      const gracePeriodSeconds = pod.terminationGracePeriodSeconds ?? 30;
      const slow = request(running, `https://${running.host}/api/v1/reportes?delayMs=8000`);
      await running.stubs.arrival('/api/v1/reportes');
      const started = Date.now();
      const remainingMs = () => Math.max(0, gracePeriodSeconds * 1000 - (Date.now() - started));
      let hookReturned = false;
      const hookRun = running.sandbox.run(inContainer(running.nginx, hookCommand ?? container.lifecycle.preStop.exec.command, tools), remainingMs());
      void hookRun.then(() => (hookReturned = true));
      // While the hook waits, the Service is still removing the pod: new requests must still be served.
      const duringHook = sleep(1000).then(() => (hookReturned ? undefined : request(running, `https://${running.host}/health`)));
      const hook = await hookRun;
      running.sandbox.signal(running.nginx.image.stopSignal);
      let exit = await within(running.sandbox.exited, remainingMs());
      const killed = exit === undefined;
      if (killed) {
        running.sandbox.signal('SIGKILL');
        exit = await running.sandbox.exited;
      }
      return {
        hook,
        slowResponse: await slow,
        duringHook: await duringHook,
        stopSeconds: (Date.now() - started) / 1000,
        exit: exit!,
        killed,
        gracePeriodSeconds,
      };
    } finally {
      await stopProxy(running);
    }
  }

  const cases = ENVIRONMENTS.flatMap((environment) => (['busybox', 'debian'] as const).map((tools) => [environment, tools] as const));
  const results = new Map<string, PromiseSettledResult<StopResult>>();
  const failingHook = ['sh', '-c', 'echo "drain failed" >&2; exit 7'];
  beforeAll(async () => {
    // All at once: each stop takes as long as its slow request, and each sandbox has its own network.
    // Settled, not all: one stop that fails must not leave the others' sandboxes running.
    const stops = [
      ...cases.map(([environment, tools]) => [`${environment}/${tools}`, stopGracefully(environment, tools)] as const),
      ['failing hook', stopGracefully(ENVIRONMENTS[0], 'busybox', failingHook)] as const,
    ];
    const settled = await Promise.allSettled(stops.map(([, stop]) => stop));
    stops.forEach(([name], index) => results.set(name, settled[index]));
  });
  const resultOf = (name: string): StopResult => {
    const settled = results.get(name)!;
    if (settled.status === 'rejected') throw settled.reason;
    return settled.value;
  };

  test.each(cases)('%s, hook with %s tools: the hook succeeds, the request in flight finishes, nginx exits in time', (environment, tools) => {
    const result = resultOf(`${environment}/${tools}`);
    // A hook that fails, or is killed when nginx exits, is a FailedPreStopHook event on every stop.
    expect({ code: result.hook.code, signal: result.hook.signal, stderr: result.hook.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(result.duringHook?.status).toBe(200);
    expect(result.slowResponse.status).toBe(200);
    expect(JSON.parse(result.slowResponse.body).service).toBe('backend');
    expect({ exit: result.exit, killed: result.killed }).toEqual({ exit: { code: 0, signal: null }, killed: false });
    expect(result.stopSeconds).toBeLessThan(result.gracePeriodSeconds);
  });

  test('a hook that fails is reported, and the stop goes on as the kubelet\'s does: the signal follows at once', () => {
    const result = resultOf('failing hook');
    expect({ code: result.hook.code, stderr: result.hook.stderr }).toEqual({ code: 7, stderr: 'drain failed\n' });
    expect(result.slowResponse.status).toBe(200);
    expect({ exit: result.exit, killed: result.killed }).toEqual({ exit: { code: 0, signal: null }, killed: false });
    expect(result.stopSeconds).toBeLessThan(result.gracePeriodSeconds);
  });
});
