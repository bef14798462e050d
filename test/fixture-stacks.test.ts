import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { jsYaml } from '../lib/js-yaml';
import { synthesize } from '../lib/synthesize';
import { dnsLabel, expectationOf, shareNetwork, type ExpectedService, type StackExpectation } from './support/compose-expectations';
import { customKindOf, customResourceProblems } from './support/custom-resource-schema';
import { kubernetesSchemaProblems } from './support/kubernetes-schema';
import { allowed, OUTSIDE, podsOf, reachesOutside, resolvesNames, type Pod } from './support/network-policy';
import type { Manifest } from './support/project';

/**
 * The fixture stacks (test/fixtures/stacks/<name>): small compose stacks written for this project
 * after common public examples, each a complete project in the minimal recipe of the README's "Bring
 * your own stack" (compose/<name>/ with its .env and mounted files; environments/stack.yaml with only
 * `environments: [dev]`; environments/dev.yaml with the namespace, the compose file, the images of built
 * services and `movingTags` where needed). Each is copied to a temporary directory and synthesized by
 * lib/synthesize.ts, the code `npm run synth` runs (main.ts only parses arguments around it), then
 * checked against what its compose file says, read by test/support/compose-expectations.ts with
 * compose's rules and nothing of the loader.
 */

const FIXTURES = path.join(__dirname, 'fixtures', 'stacks');
const FIXTURE_NAMES = fs.readdirSync(FIXTURES).filter((name) => fs.statSync(path.join(FIXTURES, name)).isDirectory()).sort();

type Check = 'synth' | 'schema' | 'workloads' | 'containerPorts' | 'serviceNames' | 'loadBalancers' | 'sharedNetworks' | 'disjointNetworks' | 'outside' | 'internet' | 'dns' | 'secrets';

/**
 * Checks of a fixture known to fail today, each with its precise reason (`all`: every check, when
 * the fixture does not render at all). They are skipped with the reason in their name, and listed
 * on stderr when the suite loads, so a gap is never silent.
 */
const KNOWN_GAPS: Readonly<Record<string, Partial<Record<Check | 'all', string>>>> = {};

interface Rendered {
  readonly ok: boolean;
  readonly log: readonly string[];
  readonly manifests: readonly Manifest[];
  /** Every file written under dist/, by path, to search for what must never be rendered. */
  readonly outputs: ReadonlyMap<string, string>;
}

/** Copies a fixture to a throw-away project and synthesizes it as `npm run synth` does. */
function render(name: string): Rendered {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `fixture-${name}-`));
  try {
    fs.cpSync(path.join(FIXTURES, name), root, { recursive: true });
    const log: string[] = [];
    const ok = synthesize(root, path.join(root, 'dist'), (line) => log.push(line), { print: (line) => log.push(line) });
    const outputs = new Map<string, string>();
    const dist = path.join(root, 'dist');
    if (fs.existsSync(dist)) {
      for (const entry of fs.readdirSync(dist, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) outputs.set(path.relative(dist, path.join(entry.parentPath, entry.name)), fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
      }
    }
    const manifests = [...outputs]
      .filter(([file]) => file.startsWith(`dev${path.sep}`))
      .flatMap(([, text]) => jsYaml.loadAll(text).filter((document) => document !== null) as Manifest[]);
    return { ok, log, manifests, outputs };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The pods of one service: its workloads' pod templates, found by the name label. */
function podsOfService(pods: readonly Pod[], service: ExpectedService): Pod[] {
  return pods.filter((pod) => pod.labels['app.kubernetes.io/name'] === service.name);
}

/** A port no service of the stack listens on, to show that nothing else is open. */
function unusedPort(stack: StackExpectation): number {
  const used = new Set(stack.services.flatMap((service) => service.ports.map((port) => port.port)));
  return [1, 9, 65000].find((port) => !used.has(port))!;
}

/** Each port a service listens on, with its protocol: a tcp+udp pair is two. */
function listening(service: ExpectedService): Array<{ port: number; protocol: 'TCP' | 'UDP' }> {
  const byKey = new Map<string, { port: number; protocol: 'TCP' | 'UDP' }>();
  for (const { port, protocol } of service.ports) byKey.set(`${port}/${protocol}`, { port, protocol });
  return [...byKey.values()];
}

const gapLines = Object.entries(KNOWN_GAPS).flatMap(([fixture, checks]) => Object.entries(checks).map(([check, reason]) => `  ${fixture} ${check}: ${reason}`));
if (gapLines.length > 0) process.stderr.write(`Fixture stacks: ${gapLines.length} known gap(s), their checks skipped:\n${gapLines.join('\n')}\n`);

test('there are at least 20 fixture stacks', () => {
  expect(FIXTURE_NAMES.length).toBeGreaterThanOrEqual(20);
});

test('every known gap names a fixture that exists', () => {
  expect(Object.keys(KNOWN_GAPS).filter((name) => !FIXTURE_NAMES.includes(name))).toEqual([]);
});

describe.each(FIXTURE_NAMES)('fixture stack %s', (name) => {
  const gaps = KNOWN_GAPS[name] ?? {};
  /** A check, skipped with its reason in the name when it is a known gap. */
  const check = (id: Check, title: string, body: () => void) => {
    const reason = gaps[id] ?? gaps.all;
    if (reason) test.skip(`${title} [known gap: ${reason}]`, body);
    else test(title, body);
  };

  const stack = expectationOf(path.join(FIXTURES, name));
  let rendered: Rendered;
  let pods: Pod[];
  let policies: Manifest[];
  beforeAll(() => {
    rendered = render(name);
    pods = podsOf(rendered.manifests);
    policies = rendered.manifests.filter((manifest) => manifest.kind === 'NetworkPolicy');
  });
  /** Every problem of a check at once, so one failing fixture says everything that is wrong with it. */
  const expectNone = (problems: string[]) => expect(rendered.ok ? problems : ['the synth failed:', ...rendered.log]).toEqual([]);

  check('synth', 'synthesizes with the minimal recipe: success, and dist/dev/<project>.k8s.yaml in the namespace', () => {
    expect(rendered.ok ? [] : rendered.log.filter((line) => !line.startsWith('warning: '))).toEqual([]);
    expect(rendered.outputs.has(path.join('dev', `${stack.project}.k8s.yaml`))).toBe(true);
    const elsewhere = rendered.manifests.filter((m) => m.kind !== 'Namespace' && m.metadata.namespace !== stack.namespace).map((m) => `${m.kind}/${m.metadata.name}`);
    expect(elsewhere).toEqual([]);
  });

  check('schema', 'every object passes the strict schema check of Kubernetes 1.27 and 1.34', () => {
    const custom = rendered.manifests.filter((manifest) => customKindOf(manifest));
    const problems = rendered.manifests
      .filter((manifest) => !customKindOf(manifest))
      .flatMap((manifest) => (['1.27', '1.34'] as const).flatMap((release) => kubernetesSchemaProblems(manifest, release).map((problem) => `${release} ${manifest.kind}/${manifest.metadata.name}: ${problem}`)));
    const customProblems = custom.length === 0 ? [] : customResourceProblems(custom).flatMap((found, index) => found.map((problem) => `${custom[index].kind}/${custom[index].metadata.name}: ${problem}`));
    expectNone([...problems, ...customProblems]);
  });

  check('workloads', 'every service that runs has a workload, and no service its profiles leave out does', () => {
    const named = (service: string) => pods.filter((pod) => pod.labels['app.kubernetes.io/name'] === dnsLabel(service));
    expectNone([
      ...stack.services.filter((service) => podsOfService(pods, service).length === 0).map((service) => `no workload for "${service.composeName}" (${service.name})`),
      ...stack.profiledOut.filter((service) => named(service).length > 0).map((service) => `"${service}" has a workload although none of its profiles is chosen`),
    ]);
  });

  check('containerPorts', 'every port a service listens on is a container port of its pods, with its protocol', () => {
    const problems: string[] = [];
    for (const service of stack.services) {
      const workloads = rendered.manifests.filter((m) => ['Deployment', 'StatefulSet'].includes(m.kind) && m.spec.template.metadata.labels['app.kubernetes.io/name'] === service.name);
      for (const workload of workloads) {
        const declared = workload.spec.template.spec.containers.flatMap((container: any) => (container.ports ?? []).map((port: any) => `${port.containerPort}/${port.protocol ?? 'TCP'}`));
        for (const port of service.ports) {
          if (!declared.includes(`${port.port}/${port.protocol}`)) problems.push(`${workload.kind}/${workload.metadata.name}: no container port ${port.port}/${port.protocol}`);
        }
      }
    }
    expectNone(problems);
  });

  /** The container port a Service port sends to, on the pods of `service` (a named targetPort is looked up). */
  const targetOf = (service: ExpectedService, servicePort: any): number | undefined => {
    const target = servicePort.targetPort ?? servicePort.port;
    if (typeof target === 'number') return target;
    const containers = rendered.manifests
      .filter((m) => ['Deployment', 'StatefulSet'].includes(m.kind) && m.spec.template.metadata.labels['app.kubernetes.io/name'] === service.name)
      .flatMap((m) => m.spec.template.spec.containers);
    return containers.flatMap((container: any) => container.ports ?? []).find((port: any) => port.name === target)?.containerPort;
  };
  const selectsService = (object: Manifest, service: ExpectedService) =>
    podsOfService(pods, service).some((pod) => Object.entries(object.spec.selector ?? {}).every(([key, value]) => pod.labels[key] === value));

  check('serviceNames', 'every service answers by its compose name on each port it listens on, as other containers reach it in compose', () => {
    const problems: string[] = [];
    for (const service of stack.services.filter((candidate) => candidate.ports.length > 0)) {
      const object = rendered.manifests.find((m) => m.kind === 'Service' && m.metadata.name === service.name);
      if (!object) {
        problems.push(`no Service ${service.name}`);
        continue;
      }
      if (!selectsService(object, service)) problems.push(`Service/${service.name} does not select the pods of ${service.composeName}`);
      for (const port of service.ports) {
        const found = (object.spec.ports ?? []).some((candidate: any) => candidate.port === port.port && (candidate.protocol ?? 'TCP') === port.protocol && targetOf(service, candidate) === port.port);
        if (!found) problems.push(`${service.name}:${port.port}/${port.protocol} does not reach container port ${port.port}`);
      }
    }
    expectNone(problems);
  });

  check('loadBalancers', 'every port published on a named host port answers on that port of a LoadBalancer Service', () => {
    const problems: string[] = [];
    for (const service of stack.services.filter((candidate) => candidate.onOutsideNetwork)) {
      const balancers = rendered.manifests.filter((m) => m.kind === 'Service' && m.spec.type === 'LoadBalancer' && selectsService(m, service));
      for (const port of service.ports.filter((candidate) => candidate.hostPort !== undefined)) {
        const found = balancers.some((balancer) =>
          (balancer.spec.ports ?? []).some((candidate: any) => candidate.port === port.hostPort && (candidate.protocol ?? 'TCP') === port.protocol && targetOf(service, candidate) === port.port),
        );
        if (!found) problems.push(`${service.composeName}: no LoadBalancer port ${port.hostPort}/${port.protocol} to container port ${port.port}`);
      }
    }
    expectNone(problems);
  });

  const pairs = stack.services.flatMap((client) => stack.services.filter((server) => server !== client && server.ports.length > 0).map((server) => [client, server] as const));
  const sharing = pairs.filter(([client, server]) => shareNetwork(client, server));
  const disjoint = pairs.filter(([client, server]) => !shareNetwork(client, server));

  if (sharing.length > 0) {
    check('sharedNetworks', `services on a shared compose network reach each other on their listening ports, and on no other (${sharing.length} pair(s))`, () => {
      const problems: string[] = [];
      for (const [client, server] of sharing) {
        for (const from of podsOfService(pods, client)) {
          for (const to of podsOfService(pods, server)) {
            for (const { port, protocol } of listening(server)) {
              if (!allowed(policies, from, to, port, protocol)) problems.push(`${from.workload} -> ${to.workload}:${port}/${protocol} is blocked`);
            }
            if (allowed(policies, from, to, unusedPort(stack))) problems.push(`${from.workload} -> ${to.workload}:${unusedPort(stack)} is open, but nothing listens there`);
          }
        }
      }
      expectNone(problems);
    });
  }

  if (disjoint.length > 0) {
    check('disjointNetworks', `services with no compose network in common do not reach each other (${disjoint.length} pair(s))`, () => {
      const problems: string[] = [];
      for (const [client, server] of disjoint) {
        for (const from of podsOfService(pods, client)) {
          for (const to of podsOfService(pods, server)) {
            for (const { port, protocol } of listening(server)) {
              if (allowed(policies, from, to, port, protocol)) problems.push(`${from.workload} -> ${to.workload}:${port}/${protocol} is open across networks`);
            }
          }
        }
      }
      expectNone(problems);
    });
  }

  check('outside', 'from outside the cluster, exactly the published ports of services on a network that is not internal are reachable', () => {
    const problems: string[] = [];
    for (const service of stack.services) {
      for (const to of podsOfService(pods, service)) {
        for (const { port, protocol } of listening(service)) {
          const published = service.ports.some((candidate) => candidate.port === port && candidate.protocol === protocol && candidate.published);
          const reachable = published && service.onOutsideNetwork;
          const why = reachable ? 'blocked, but published' : published ? 'open, but its service is only on internal networks' : 'open, but only exposed';
          if (allowed(policies, OUTSIDE, to, port, protocol) !== reachable) problems.push(`outside -> ${to.workload}:${port}/${protocol} is ${why}`);
        }
        if (allowed(policies, OUTSIDE, to, unusedPort(stack))) problems.push(`outside -> ${to.workload}:${unusedPort(stack)} is open, but nothing listens there`);
      }
    }
    expectNone(problems);
  });

  check('internet', 'a service reaches the internet exactly when one of its networks is not internal', () => {
    const problems: string[] = [];
    for (const service of stack.services) {
      for (const pod of podsOfService(pods, service)) {
        if (reachesOutside(policies, pod, 443) !== service.onOutsideNetwork) problems.push(`${pod.workload} -> the internet:443 is ${service.onOutsideNetwork ? 'blocked' : 'open from an internal network'}`);
      }
    }
    expectNone(problems);
  });

  check('dns', 'NetworkPolicies deny by default, and every pod resolves names through the cluster DNS', () => {
    const denyAll = policies.some((policy) => Object.keys(policy.spec.podSelector ?? {}).length === 0 && ['Ingress', 'Egress'].every((type) => policy.spec.policyTypes.includes(type)));
    const servicePods = stack.services.flatMap((service) => podsOfService(pods, service));
    expectNone([...(denyAll ? [] : ['no default-deny NetworkPolicy']), ...servicePods.filter((pod) => !resolvesNames(policies, pod)).map((pod) => `${pod.workload} cannot resolve names`)]);
  });

  check('secrets', 'no secret file content and no placeholder secret value (change-me-…) appears in any output', () => {
    const problems: string[] = [];
    for (const [file, text] of rendered.outputs) {
      for (const content of stack.secretFileContents) if (text.includes(content)) problems.push(`${file} holds the content of a secret file`);
      for (const match of text.matchAll(/change-me-[\w-]*/g)) problems.push(`${file} holds the placeholder secret ${match[0]}`);
    }
    // ConfigMaps and Secrets may carry a file base64-encoded (binaryData, data): search those decoded too.
    for (const manifest of rendered.manifests.filter((candidate) => candidate.kind === 'ConfigMap' || candidate.kind === 'Secret')) {
      const encoded = { ...manifest.binaryData, ...(manifest.kind === 'Secret' ? manifest.data : {}) } as Record<string, string>;
      for (const [key, value] of Object.entries(encoded)) {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        const where = `${manifest.kind}/${manifest.metadata.name} ${key}`;
        for (const content of stack.secretFileContents) if (decoded.includes(content)) problems.push(`${where} holds the content of a secret file, base64-encoded`);
        if (/change-me-/.test(decoded)) problems.push(`${where} holds a placeholder secret, base64-encoded`);
      }
    }
    expectNone(problems);
  });
});

/** Whether a compose bind-mount source of a service is a file, or a directory, of its stack folder. */
function bindSources(stack: StackExpectation, service: ExpectedService, kind: 'file' | 'directory'): boolean {
  return (service.body.volumes ?? []).some((volume: unknown) => {
    const source = typeof volume === 'string' ? volume.split(':')[0] : (volume as any).type === 'bind' ? (volume as any).source : undefined;
    if (typeof source !== 'string' || !/^[./]/.test(source)) return false;
    const target = path.resolve(stack.stackFolder, source);
    return fs.existsSync(target) && (kind === 'file' ? fs.statSync(target).isFile() : fs.statSync(target).isDirectory());
  });
}

/**
 * The compose keys and network layouts issue 15 names (items 3 and 4), each with how to tell that a
 * stack uses it. Between them the fixtures must use every one, so the checks above cover them all.
 */
const EXERCISED: Readonly<Record<string, (stack: StackExpectation) => boolean>> = {
  expose: (stack) => stack.services.some((service) => service.body.expose),
  labels: (stack) => stack.services.some((service) => service.body.labels),
  user: (stack) => stack.services.some((service) => service.body.user),
  working_dir: (stack) => stack.services.some((service) => service.body.working_dir),
  cap_add: (stack) => stack.services.some((service) => service.body.cap_add),
  cap_drop: (stack) => stack.services.some((service) => service.body.cap_drop),
  tmpfs: (stack) => stack.services.some((service) => service.body.tmpfs),
  stop_grace_period: (stack) => stack.services.some((service) => service.body.stop_grace_period),
  stop_signal: (stack) => stack.services.some((service) => service.body.stop_signal),
  hostname: (stack) => stack.services.some((service) => service.body.hostname),
  extra_hosts: (stack) => stack.services.some((service) => service.body.extra_hosts),
  'env_file as a list': (stack) => stack.services.some((service) => Array.isArray(service.body.env_file) && service.body.env_file.length > 1),
  'env_file with another name than .env': (stack) => stack.services.some((service) => [service.body.env_file ?? []].flat().some((file: string) => path.basename(file) !== '.env')),
  'file-based secrets': (stack) => Object.values<any>(stack.compose.secrets ?? {}).some((secret) => secret.file) && stack.services.some((service) => service.body.secrets),
  'file-based configs': (stack) => Object.values<any>(stack.compose.configs ?? {}).some((config) => config.file) && stack.services.some((service) => service.body.configs),
  'bind-mounted config file of the stack folder': (stack) => stack.services.some((service) => bindSources(stack, service, 'file')),
  'bind-mounted directory of the stack folder': (stack) => stack.services.some((service) => bindSources(stack, service, 'directory')),
  'long-syntax volumes': (stack) => stack.services.some((service) => (service.body.volumes ?? []).some((volume: unknown) => typeof volume === 'object')),
  'external volumes': (stack) => Object.values<any>(stack.compose.volumes ?? {}).some((volume) => volume?.external === true),
  'port ranges': (stack) => stack.services.some((service) => (service.body.ports ?? []).some((port: unknown) => typeof port === 'string' && /\d-\d/.test(port))),
  'tcp+udp on one port': (stack) => stack.services.some((service) => service.ports.some((port) => port.protocol === 'UDP' && service.ports.some((other) => other.port === port.port && other.protocol === 'TCP'))),
  'names with "_"': (stack) => stack.services.some((service) => service.composeName.includes('_')) || Object.keys(stack.compose.volumes ?? {}).some((volume) => volume.includes('_')),
  profiles: (stack) => stack.profiledOut.length > 0,
  'x- extensions': (stack) => Object.keys(stack.compose).some((key) => key.startsWith('x-')) && stack.services.some((service) => Object.keys(service.body).some((key) => key.startsWith('x-'))),
  'compose name:': (stack) => typeof stack.compose.name === 'string',
  'services on several networks, some disjoint': (stack) => stack.services.some((a) => stack.services.some((b) => !shareNetwork(a, b))),
  'an internal network': (stack) => Object.values<any>(stack.compose.networks ?? {}).some((network) => network?.internal === true),
  'a port published by a service on internal networks only': (stack) => stack.services.some((service) => !service.onOutsideNetwork && service.ports.some((port) => port.published)),
  'a network with a name: of its own': (stack) => Object.values<any>(stack.compose.networks ?? {}).some((network) => typeof network?.name === 'string'),
  'published ports without a reverse proxy': (stack) => stack.services.some((service) => service.ports.some((port) => port.published)),
};

test.each(Object.keys(EXERCISED))('some fixture stack exercises %s', (key) => {
  const stacks = FIXTURE_NAMES.filter((name) => EXERCISED[key](expectationOf(path.join(FIXTURES, name))));
  expect(stacks).not.toEqual([]);
});

describe('the expectations read from the compose files follow compose', () => {
  const of = (name: string) => expectationOf(path.join(FIXTURES, name));
  const ports = (stack: StackExpectation, service: string) =>
    stack.services.find((candidate) => candidate.composeName === service)!.ports.map((port) => `${port.port}/${port.protocol}${port.published ? ' published' : ''}`);

  test('port ranges stand for each of their ports; a published range is published', () => {
    expect(ports(of('port-ranges'), 'ftp')).toEqual(['21/TCP published', ...Array.from({ length: 10 }, (_, index) => `${30000 + index}/TCP published`)]);
    expect(ports(of('port-ranges'), 'turn').slice(0, 3)).toEqual(['3478/TCP published', '3478/UDP published', '49160/UDP published']);
    const hostPorts = of('port-ranges').services[0].ports.map((port) => `${port.hostPort}:${port.port}`);
    expect([hostPorts[0], hostPorts[1], hostPorts[10]]).toEqual(['2121:21', '30000:30000', '30009:30009']);
  });

  test('ports come from the .env, and one number over udp and tcp is two ports', () => {
    expect(ports(of('mattermost'), 'mattermost')).toEqual(['8065/TCP published', '8443/UDP published', '8443/TCP published']);
  });

  test('expose is reachable from the stack only; ports are published', () => {
    expect(ports(of('keycloak'), 'keycloak')).toEqual(['8080/TCP published', '9000/TCP']);
  });

  test('a service without networks is on default; list and mapping forms name the networks, by their name: where they have one', () => {
    const stack = of('multi-network');
    const networks = Object.fromEntries(stack.services.map((service) => [service.composeName, [...service.networks].sort()]));
    expect(networks).toEqual({ proxy: ['frontend'], api: ['backend', 'frontend'], worker: ['backend'], db: ['backend'], admin: ['backend', 'orders-admin'], metrics: ['monitoring'] });
    expect(of('wordpress').services.map((service) => [...service.networks])).toEqual([['default'], ['default']]);
  });

  test('services with profiles are left out unless a profile is chosen', () => {
    const stack = of('profiles');
    expect(stack.services.map((service) => service.composeName)).toEqual(['app', 'db']);
    expect(stack.profiledOut).toEqual(['adminer', 'mailpit', 'migrate']);
  });

  test('merge keys of x- anchors are applied, and the project is named by compose name: or the folder', () => {
    const stack = of('x-anchors');
    expect(stack.services.find((service) => service.composeName === 'scheduler')!.body.image).toBe('ghcr.io/example/shipping:5.0.1');
    expect([stack.project, of('node-mongo').project, of('my_shop').project]).toEqual(['x-anchors', 'todo', 'my-shop']);
    expect(of('my_shop').services.map((service) => service.name)).toEqual(['web-frontend', 'order-api', 'order-db', 'session-cache']);
  });

  test('file-based secrets are read from the stack folder', () => {
    expect(of('file-secrets').secretFileContents).toEqual(['change-me-inventory-postgres-password-from-file', 'change-me-inventory-signing-key-placeholder-not-a-real-key']);
  });
});

test('the README lists every fixture stack in "The fixture stacks"', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### The fixture stacks'), readme.indexOf('\n## ', readme.indexOf('### The fixture stacks')));
  const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]).sort();
  expect(listed).toEqual(FIXTURE_NAMES);
});
