import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS, synthEnvironment, type Manifest } from '../support/project';
import { WORKLOAD_KINDS, containerOf, containerSandbox, podSpecOf, renderedServicePort, serviceAddresses, type RenderedContainer } from './support/pod';
import { BUSYBOX_PATH, Sandbox, removeTemporaryDirectory, temporaryDirectory, within, type ProcessResult, type SandboxMount } from './support/sandbox';
import { Stubs } from './support/stubs';

/**
 * Every shell snippet the manifests run (`sh -c` in a command, a probe or a preStop hook) runs, with
 * the tools of the image it runs in, under both shells it may meet: busybox's `sh` (Alpine and busybox
 * images) and dash (Debian and Ubuntu images), in its container's sandbox as its user. Each snippet is
 * matched to a scenario that checks what it is for; a snippet without one fails, so none goes untried.
 */

jest.setTimeout(120_000);

interface Snippet {
  readonly script: string;
  /** Where it is rendered, e.g. `prod: StatefulSet/db container db readinessProbe`. */
  readonly places: string[];
  readonly workload: Manifest;
  readonly containerName: string;
  readonly manifests: Manifest[];
}

/**
 * The `sh -c` scripts of every container of every workload, Job and CronJob, one entry per script and
 * container image. (Script files a container runs from a ConfigMap, as the database backups do, are run
 * under both shells by their own tests, test/constructs/database-backup-scripts.test.ts.)
 */
function renderedSnippets(): Snippet[] {
  const snippets = new Map<string, Snippet>();
  for (const environment of ENVIRONMENTS) {
    const manifests = synthEnvironment(environment);
    for (const workload of manifests.filter((object) => WORKLOAD_KINDS.includes(object.kind))) {
      const pod = podSpecOf(workload);
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        const argvs: Array<[string, string[] | undefined]> = [
          ['command', [...(container.command ?? []), ...(container.args ?? [])]],
          ['readinessProbe', container.readinessProbe?.exec?.command],
          ['livenessProbe', container.livenessProbe?.exec?.command],
          ['startupProbe', container.startupProbe?.exec?.command],
          ['preStop', container.lifecycle?.preStop?.exec?.command],
        ];
        for (const [where, argv] of argvs) {
          if (!argv || !['sh', '/bin/sh'].includes(argv[0]) || argv[1] !== '-c') continue;
          const key = `${container.image.replace(/:[^:/]+$/, '')} ${argv[2]}`;
          const place = `${environment}: ${workload.kind}/${workload.metadata.name} ${container.name} ${where}`;
          const known = snippets.get(key);
          if (known) known.places.push(place);
          else snippets.set(key, { script: argv[2], places: [place], workload, containerName: container.name, manifests });
        }
      }
    }
  }
  return [...snippets.values()];
}

const SHELLS = { 'busybox sh': '/busybox/sh', 'dash': '/bin/dash' } as const;
type Shell = keyof typeof SHELLS;

/** A sandbox of the snippet's container, its main process only sleeping, with extra mounts for stand-ins. */
async function containerSandboxFor(snippet: Snippet, directory: string, extraMounts: SandboxMount[] = []): Promise<{ sandbox: Sandbox; rendered: RenderedContainer }> {
  const rendered = containerOf(snippet.workload, snippet.containerName);
  const claimNames: string[] = [
    ...(rendered.workload.spec.volumeClaimTemplates ?? []).map((claim: any) => claim.metadata.name),
    ...(rendered.pod.volumes ?? []).filter((volume: any) => volume.persistentVolumeClaim).map((volume: any) => volume.persistentVolumeClaim.claimName),
  ];
  const secretNames: string[] = (rendered.pod.volumes ?? []).filter((volume: any) => volume.secret).map((volume: any) => volume.secret.secretName);
  const directoryFor = (name: string) => {
    const made = path.join(directory, name);
    fs.mkdirSync(made, { recursive: true, mode: 0o777 });
    fs.chmodSync(made, 0o777);
    return made;
  };
  const options = containerSandbox(
    snippet.manifests,
    rendered,
    {
      claims: Object.fromEntries(claimNames.map((name) => [name, directoryFor(`claim-${name}`)])),
      secrets: Object.fromEntries(secretNames.map((name) => [name, directoryFor(`secret-${name}`)])),
      scratch: directory,
    },
    { argv: ['sleep', '600'] },
  );
  const sandbox = await Sandbox.create({ ...options, mounts: [...options.mounts, ...extraMounts] });
  sandbox.startMain();
  return { sandbox, rendered };
}

/**
 * Runs the snippet as the kubelet would, but with `shell` in place of the image's `sh`; with
 * `timeoutSeconds` (a probe's), under the image's `timeout`, so the limit applies to the snippet itself.
 */
function runSnippet(
  sandbox: Sandbox,
  rendered: RenderedContainer,
  script: string,
  shell: Shell,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
  timeoutSeconds?: number,
): Promise<ProcessResult> {
  const limit = timeoutSeconds === undefined ? [] : ['timeout', String(timeoutSeconds)];
  return sandbox.run(
    { argv: [...limit, SHELLS[shell], '-c', script], workingDir: rendered.image.workingDir, env: { ...rendered.env, ...env }, tools: rendered.image.tools },
    timeoutMs,
  );
}

interface Scenario {
  /** What the snippet is for, as the test names it. */
  readonly purpose: string;
  readonly matches: (script: string) => boolean;
  readonly check: (snippet: Snippet, shell: Shell, directory: string) => Promise<void>;
}

const SCENARIOS: readonly Scenario[] = [
  {
    purpose: 'waits until the dependency\'s Service accepts a connection, then ends',
    matches: (script) => /^until nc -z -w 2 ([\w-]+) (\d+); do/.test(script),
    check: async (snippet, shell, directory) => {
      const [, target, port] = /^until nc -z -w 2 ([\w-]+) (\d+);/.exec(snippet.script)!;
      // The stub listens where the target's rendered Service does, not where the script dials.
      const servicePort = renderedServicePort(snippet.manifests, target);
      // Debian builds busybox without `nc -z`, which busybox:1.36.1's nc has; OpenBSD's nc, which takes
      // the same `-z -w`, stands in for it, ahead of the other busybox applets.
      const standIn = path.join(directory, 'stand-in');
      fs.mkdirSync(standIn, { recursive: true });
      fs.symlinkSync('/usr/bin/nc.openbsd', path.join(standIn, 'nc'));
      const mounts: SandboxMount[] = [{ kind: 'directory', path: '/stand-in', source: standIn, readOnly: true }];
      const { sandbox, rendered } = await containerSandboxFor(snippet, directory, mounts);
      try {
        const waiting = runSnippet(sandbox, rendered, snippet.script, shell, { PATH: `/stand-in:${BUSYBOX_PATH}` });
        let ended = false;
        void waiting.then(() => (ended = true));
        await new Promise((resolve) => setTimeout(resolve, 2500));
        expect(ended).toBe(false);
        const address = serviceAddresses(snippet.manifests)[target];
        const stubs = await Stubs.start(sandbox, [{ kind: 'http', name: target, host: address, port: servicePort }]);
        // Once the Service listens, one of the next rounds of the loop (every 2 s) must see it, even on a loaded machine.
        const result = await within(waiting, 15_000);
        stubs.stop();
        if (!result) throw new Error(`the wait for ${target} did not end within 15 s of its Service listening on ${servicePort}`);
        expect(result.stdout).toContain(`waiting for ${target}:${port}`);
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      } finally {
        await sandbox.destroy();
      }
    },
  },
  {
    // The one owner of this check: a stub on Redis' container port answers every command with one reply,
    // as a Redis replaying its append-only file after a restart answers -LOADING. The probe must
    // decide within the rendered timeoutSeconds, measured inside the container by `timeout`.
    purpose: 'passes on PONG and fails on an error reply (-LOADING, -ERR, -MISCONF), within its timeout',
    matches: (script) => script.includes('redis-cli ping'),
    check: async (snippet, shell, directory) => {
      const replies = [
        ['+PONG', true],
        ['-LOADING Redis is loading the dataset in memory', false],
        ['-ERR unknown command', false],
        ['-MISCONF Errors writing to the AOF file', false],
      ] as const;
      const outcomes = await Promise.allSettled(
        replies.map(async ([reply, passes], index) => {
          const { sandbox, rendered } = await containerSandboxFor(snippet, path.join(directory, `reply-${index}`));
          try {
            const port = rendered.container.ports.find((candidate: any) => candidate.name === 'redis').containerPort;
            const timeoutSeconds = rendered.container.readinessProbe.timeoutSeconds;
            const stubs = await Stubs.start(sandbox, [{ kind: 'redis', host: '127.0.0.1', port, reply }]);
            const result = await runSnippet(sandbox, rendered, snippet.script, shell, {}, 30_000, timeoutSeconds);
            stubs.stop();
            // 124 (coreutils) or 143 (busybox): `timeout` stopped the probe, which the kubelet counts as a failure.
            return { reply, passes: result.code === 0, timedOut: [124, 143].includes(result.code ?? 0), stderr: result.stderr, expected: passes };
          } finally {
            await sandbox.destroy();
          }
        }),
      );
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') throw outcome.reason;
        const { expected, ...seen } = outcome.value;
        expect(seen).toEqual({ reply: seen.reply, passes: expected, timedOut: false, stderr: '' });
      }
    },
  },
  {
    // sqlcmd cannot run here: a stand-in in its place records the arguments it gets and exits as told.
    purpose: 'hands sqlcmd the password from the environment as one argument, and fails when sqlcmd fails',
    matches: (script) => script.startsWith('/opt/mssql-tools18/bin/sqlcmd '),
    check: async (snippet, shell, directory) => {
      const standIn = path.join(directory, 'stand-in');
      const record = path.join(directory, 'record');
      fs.mkdirSync(standIn, { recursive: true });
      fs.mkdirSync(record, { recursive: true, mode: 0o777 });
      fs.chmodSync(record, 0o777);
      fs.writeFileSync(
        path.join(standIn, 'sqlcmd'),
        '#!/bin/sh\n# Stand-in for sqlcmd: records its arguments, one per line, and exits with $STAND_IN_EXIT.\nprintf \'%s\\n\' "$@" > /stand-in-record/argv\nexit "${STAND_IN_EXIT:-0}"\n',
        { mode: 0o755 },
      );
      const password = `p4ss word"$(id)'*`;
      const mounts: SandboxMount[] = [
        { kind: 'directory', path: '/opt/mssql-tools18/bin', source: standIn, readOnly: true },
        { kind: 'directory', path: '/stand-in-record', source: record, readOnly: false },
      ];
      const { sandbox, rendered } = await containerSandboxFor(snippet, directory, mounts);
      try {
        const passing = await runSnippet(sandbox, rendered, snippet.script, shell, { SA_PASSWORD: password, STAND_IN_EXIT: '0' });
        expect({ code: passing.code, stderr: passing.stderr }).toEqual({ code: 0, stderr: '' });
        const argv = fs.readFileSync(path.join(record, 'argv'), 'utf8').split('\n').slice(0, -1);
        expect(argv).toEqual(['-C', '-S', 'localhost', '-U', 'sa', '-P', password, '-Q', 'SELECT 1', '-b', '-o', '/dev/null']);
        const failing = await runSnippet(sandbox, rendered, snippet.script, shell, { SA_PASSWORD: password, STAND_IN_EXIT: '1' });
        expect(failing.code).not.toBe(0);
      } finally {
        await sandbox.destroy();
      }
    },
  },
  {
    purpose: 'pauses, then returns 0 (a preStop hook)',
    matches: (script) => /^sleep \d+$/.test(script),
    check: async (snippet, shell, directory) => {
      const seconds = Number(snippet.script.split(' ')[1]);
      const { sandbox, rendered } = await containerSandboxFor(snippet, directory);
      try {
        const started = Date.now();
        const result = await runSnippet(sandbox, rendered, snippet.script, shell);
        expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
        expect(Date.now() - started).toBeGreaterThanOrEqual(seconds * 1000);
      } finally {
        await sandbox.destroy();
      }
    },
  },
];

const snippets = renderedSnippets();

test('the manifests run shell snippets, and each has a scenario', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(5);
  for (const snippet of snippets) {
    expect({ script: snippet.script, scenarios: SCENARIOS.filter((scenario) => scenario.matches(snippet.script)).length }).toEqual({
      script: snippet.script,
      scenarios: 1,
    });
  }
});

const cases = snippets.flatMap((snippet) => (Object.keys(SHELLS) as Shell[]).map((shell) => [snippet, shell] as const));

test.concurrent.each(cases.map(([snippet, shell]) => [`${snippet.places[0]} (and ${snippet.places.length - 1} more)`, shell, snippet.script, snippet] as const))(
  '%s under %s: %s',
  async (_place, shell, _script, snippet) => {
    const scenario = SCENARIOS.find((candidate) => candidate.matches(snippet.script));
    if (!scenario) throw new Error(`no scenario for the snippet "${snippet.script}": add one to test/runtime/shell-snippets.test.ts`);
    const directory = temporaryDirectory('snippet-');
    try {
      await scenario.check(snippet, shell, directory);
    } finally {
      removeTemporaryDirectory(directory);
    }
  },
);
