import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';

/**
 * What a compose stack says about itself, read straight from its compose file with a YAML parser and
 * compose's own rules, using nothing of the project's loader or model: the fixture tests compare the
 * rendered manifests with this, so an expectation never merely echoes what the loader decided.
 *
 * Compose's rules followed here: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR` and `$$` are
 * interpolated from the stack folder's `.env`; a service with `profiles` runs only when one of them is
 * chosen; a service without `networks` is on `default`; networks are told apart by their `name:`
 * (two keys may name one network); every `ports` entry is published (a target alone gets a random host
 * port), but only a service on some network that is not `internal: true` is reachable from outside or
 * reaches out; `expose` ports are reachable from the stack's networks only.
 */

export interface ListeningPort {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  /** Published to the outside (`ports`), or only exposed to the stack's networks (`expose`). */
  readonly published: boolean;
  /** The host port it is published on, when the compose file names one (else compose picks one). */
  readonly hostPort?: number;
}

export interface ExpectedService {
  /** The name in the compose file (`order_api`). */
  readonly composeName: string;
  /** The DNS-label spelling Kubernetes objects carry (`order-api`). */
  readonly name: string;
  /** Its networks, by their real names (a network's `name:`, else its key). */
  readonly networks: ReadonlySet<string>;
  /** On some network that is not `internal: true`: it reaches, and is reached from, outside. */
  readonly onOutsideNetwork: boolean;
  readonly ports: readonly ListeningPort[];
  /** The service as compose reads it, after interpolation and merge keys, for checks of single keys. */
  readonly body: Record<string, any>;
}

export interface StackExpectation {
  /** The stack folder, holding the compose file. */
  readonly stackFolder: string;
  /** compose `name:`, else the stack folder's name, as a DNS label. */
  readonly project: string;
  readonly namespace: string;
  /** The services that run in the environment: those without profiles, or with a chosen one. */
  readonly services: readonly ExpectedService[];
  /** The services left out because none of their profiles is chosen. */
  readonly profiledOut: readonly string[];
  /** The content of every file-based secret (`secrets.<name>.file`), which must never be rendered. */
  readonly secretFileContents: readonly string[];
  /** The whole compose document after interpolation. */
  readonly compose: Record<string, any>;
}

/** The DNS-label spelling of a compose name, as the project's naming decision states it. */
export function dnsLabel(name: string): string {
  return name.toLowerCase().replace(/[_.]/g, '-');
}

/** KEY=VALUE lines as compose reads a .env or env_file: comments and blank lines skipped, quotes removed. */
export function readEnvLines(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    values.set(match[1], match[2].replace(/^(['"])(.*)\1$/, '$2'));
  }
  return values;
}

function interpolate(text: string, variables: ReadonlyMap<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, operator, fallback, bare) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare;
    const value = variables.get(name);
    if (operator === ':-') return value === undefined || value === '' ? fallback : value;
    if (operator === '-') return value === undefined ? fallback : value;
    if (value === undefined) throw new Error(`compose expectation: \${${name}} has no value in .env`);
    return value;
  });
}

function interpolateTree(value: unknown, variables: ReadonlyMap<string, string>): any {
  if (typeof value === 'string') return interpolate(value, variables);
  if (Array.isArray(value)) return value.map((item) => interpolateTree(item, variables));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateTree(item, variables)]));
  return value;
}

/** `8000`, `"8000-8005"`: the port numbers a compose port or range stands for. */
function portRange(text: string): number[] {
  const [first, last] = text.split('-').map(Number);
  const end = last ?? first;
  return Array.from({ length: end - first + 1 }, (_, index) => first + index);
}

/** The container ports of one `ports` entry (short or long syntax) or one `expose` entry. */
function portsOfEntry(entry: unknown, published: boolean): ListeningPort[] {
  let target: string;
  let host: string | undefined;
  let protocol: string | undefined;
  if (entry && typeof entry === 'object') {
    const long = entry as { target: number | string; published?: number | string; protocol?: string };
    [target, host, protocol] = [String(long.target), long.published === undefined ? undefined : String(long.published), long.protocol?.toLowerCase()];
  } else {
    // [host_ip:][published:]target[/protocol]; the target is what the container listens on.
    const [mapping, suffix] = String(entry).split('/');
    const parts = mapping.replace(/^\[[^\]]*\]:/, '').split(':');
    [target, host, protocol] = [parts[parts.length - 1], parts.length > 1 && parts[parts.length - 2] !== '' ? parts[parts.length - 2] : undefined, suffix];
  }
  const hostPorts = host === undefined ? undefined : portRange(host);
  return portRange(target).map((port, index) => ({ port, protocol: protocol === 'udp' ? 'UDP' : 'TCP', published, hostPort: hostPorts?.[index] }));
}

function networksOf(body: Record<string, any>, declared: Record<string, any>): Set<string> {
  const keys: string[] = body.networks === undefined ? ['default'] : Array.isArray(body.networks) ? body.networks : Object.keys(body.networks);
  return new Set(keys.map((key) => declared[key]?.name ?? key));
}

/**
 * Reads a project in the minimal recipe: environments/<environment>.yaml names the namespace and the
 * compose file; the compose file and its .env say the rest. `profiles` in the environment file, when
 * present, are the profiles chosen there.
 */
export function expectationOf(projectRoot: string, environment = 'dev'): StackExpectation {
  const settings = yaml.load(fs.readFileSync(path.join(projectRoot, 'environments', `${environment}.yaml`), 'utf8')) as Record<string, any>;
  const composeFile = path.join(projectRoot, 'compose', settings.composeFiles[0]);
  const stackFolder = path.dirname(composeFile);
  const dotenv = path.join(stackFolder, '.env');
  const variables = fs.existsSync(dotenv) ? readEnvLines(fs.readFileSync(dotenv, 'utf8')) : new Map<string, string>();
  const compose = interpolateTree(yaml.load(fs.readFileSync(composeFile, 'utf8')), variables) as Record<string, any>;
  const chosenProfiles = new Set<string>(settings.profiles ?? []);
  const declaredNetworks: Record<string, any> = compose.networks ?? {};
  const internal = new Set(Object.entries(declaredNetworks).filter(([, network]) => network?.internal === true).map(([key, network]) => network.name ?? key));

  const services: ExpectedService[] = [];
  const profiledOut: string[] = [];
  for (const [composeName, body] of Object.entries<Record<string, any>>(compose.services)) {
    if (body.profiles && !body.profiles.some((profile: string) => chosenProfiles.has(profile))) {
      profiledOut.push(composeName);
      continue;
    }
    const ports = [...(body.ports ?? []).flatMap((entry: unknown) => portsOfEntry(entry, true)), ...(body.expose ?? []).flatMap((entry: unknown) => portsOfEntry(entry, false))];
    // A port both published and exposed is published.
    const unique = ports.filter((port, index) => ports.findIndex((other) => other.port === port.port && other.protocol === port.protocol) === index);
    const networks = networksOf(body, declaredNetworks);
    services.push({ composeName, name: dnsLabel(composeName), networks, onOutsideNetwork: [...networks].some((network) => !internal.has(network)), ports: unique, body });
  }
  const secretFileContents = Object.values<Record<string, any>>(compose.secrets ?? {})
    .filter((secret) => typeof secret.file === 'string')
    .map((secret) => fs.readFileSync(path.resolve(stackFolder, secret.file), 'utf8').trim());
  return {
    stackFolder,
    project: dnsLabel(typeof compose.name === 'string' ? compose.name : path.basename(stackFolder)),
    namespace: settings.namespace,
    services,
    profiledOut,
    secretFileContents,
    compose,
  };
}

/** Whether two services share a compose network, which is what lets compose containers reach each other. */
export function shareNetwork(client: ExpectedService, server: ExpectedService): boolean {
  return [...client.networks].some((network) => server.networks.has(network));
}
