import { notQualifiedName } from '../validation/rule';
import { checkKnownKeys, describeValue, DNS_LABEL, FileReporter, isRecord } from './report';

/**
 * Compose networks: the top-level `networks:` and each service's `networks:` and `network_mode`. A
 * pod network is flat, so a compose network becomes a set of services that may reach each other
 * (network-paths.ts turns that into the paths the NetworkPolicies allow); what only configures Docker's
 * plumbing (drivers, IP ranges) has no meaning there.
 */

/** A top-level network as one file declares it; fields a file leaves out are taken from the others. */
export interface NetworkSpec {
  /** The file that declared the network first, for problems found after merging. */
  readonly report: FileReporter;
  /** Compose `name:`: the network's real name; two keys with the same name are one network. */
  readonly name?: string;
  /** `internal: true`: no connection from or to outside the cluster. */
  readonly internal?: boolean;
  /** `external: true`: a network made outside this compose file, possibly shared with other stacks. */
  readonly external?: boolean;
}

/** How a service attaches to a network (the mapping form of the service's `networks:`). */
export interface ServiceNetworkSpec {
  /** Other names the service answers to on that network. */
  readonly aliases: readonly string[];
}

/**
 * What a service file says about its networking: the networks it joins (by key), or `network_mode:
 * none` (no network at all). Absent fields: the file says nothing, an overlay keeps the base's.
 */
export interface ServiceNetworking {
  networks?: Map<string, ServiceNetworkSpec>;
  /** `network_mode: none`; the other modes are refused where they are read. */
  networkMode?: 'none';
}

/** A Kubernetes label name (the part after the prefix). */

/** The network every service without `networks:` joins, as in compose. */
export const DEFAULT_NETWORK = 'default';

const NETWORK_KEYS = ['name', 'internal', 'external', 'driver', 'driver_opts', 'ipam', 'attachable', 'enable_ipv4', 'enable_ipv6', 'labels'];
/** Keys that configure Docker's network plumbing: a pod network has none of it. */
const PLUMBING_KEYS = ['driver_opts', 'ipam', 'attachable', 'enable_ipv4', 'enable_ipv6', 'labels'];
const SERVICE_NETWORK_KEYS = ['aliases', 'ipv4_address', 'ipv6_address', 'link_local_ips', 'mac_address', 'driver_opts', 'priority', 'gw_priority', 'interface_name'];
const FIXED_ADDRESS_KEYS = ['ipv4_address', 'ipv6_address', 'link_local_ips', 'mac_address'];
const IGNORED_SERVICE_NETWORK_KEYS = ['driver_opts', 'priority', 'gw_priority', 'interface_name'];

/** Reads the top-level `networks:` of one file. */
export function readNetworks(value: unknown, report: FileReporter): Map<string, NetworkSpec> {
  const networks = new Map<string, NetworkSpec>();
  if (value === undefined || value === null) return networks;
  if (!isRecord(value)) {
    report.error(['networks'], `must be a mapping of network names to their settings, not ${describeValue(value)}`);
    return networks;
  }
  for (const [key, body] of Object.entries(value)) {
    if (key.startsWith('x-')) continue;
    const keys = ['networks', key];
    if (body !== null && !isRecord(body)) {
      report.error(keys, `must be a mapping (internal, external, name), not ${describeValue(body)}`);
      continue;
    }
    const settings = body ?? {};
    checkKnownKeys(report, keys, settings, NETWORK_KEYS);
    // bridge is what a pod network is like: one flat network where services find each other by name.
    if (settings.driver !== undefined && settings.driver !== 'bridge') {
      report.warn([...keys, 'driver'], `ignored: the "${String(settings.driver)}" driver has no Kubernetes meaning; the pod network carries the traffic, and the NetworkPolicies decide who reaches whom`);
    }
    for (const plumbing of PLUMBING_KEYS.filter((candidate) => settings[candidate] !== undefined)) {
      report.warn([...keys, plumbing], 'ignored: it configures Docker\'s network, and the cluster assigns pod addresses and interfaces itself');
    }
    const flag = (name: 'internal' | 'external'): boolean | undefined => {
      const flagValue = settings[name];
      if (flagValue === undefined) return undefined;
      if (typeof flagValue === 'boolean') return flagValue;
      report.error([...keys, name], 'must be true or false');
      return undefined;
    };
    let name: string | undefined;
    if (settings.name !== undefined) {
      if (typeof settings.name === 'string' && settings.name !== '') name = settings.name;
      else report.error([...keys, 'name'], `must be a network name, not ${describeValue(settings.name)}`);
    }
    networks.set(key, { report, name, internal: flag('internal'), external: flag('external') });
  }
  return networks;
}

/** Reads a service's `networks:` (list or mapping form) and `network_mode`. */
export function readServiceNetworking(body: Record<string, unknown>, report: FileReporter): ServiceNetworking {
  const networking: ServiceNetworking = {};
  if (body.network_mode !== undefined) {
    const mode = body.network_mode;
    if (mode === 'none') {
      networking.networkMode = 'none';
    } else if (mode === 'host') {
      report.error(['network_mode'], '"host" is refused: a pod on the node\'s network bypasses every NetworkPolicy, and the restricted Pod Security profile forbids it; publish the ports instead (ports:)');
    } else if (typeof mode === 'string' && /^(service|container):/.test(mode)) {
      report.error(['network_mode'], `"${mode}" is refused: in Kubernetes only the containers of one pod share a network namespace; reach the other service by its name, or make the two one service`);
    } else {
      report.error(['network_mode'], `${describeValue(mode)} is refused: use networks: to join compose networks, or network_mode: none for no network`);
    }
    if (body.networks !== undefined) report.error(['network_mode'], 'cannot be combined with networks:, as in compose');
  }
  const value = body.networks;
  if (value === undefined) return networking;
  const networks = new Map<string, ServiceNetworkSpec>();
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (typeof item === 'string' && item !== '') networks.set(item, { aliases: [] });
      else report.error(['networks', index], `${describeValue(item)} is not a network name`);
    });
  } else if (isRecord(value)) {
    for (const [network, settings] of Object.entries(value)) {
      networks.set(network, readServiceNetwork(settings, report, ['networks', network]));
    }
  } else {
    report.error(['networks'], `must be a list of networks or a mapping of networks to their settings, not ${describeValue(value)}`);
  }
  networking.networks = networks;
  return networking;
}

function readServiceNetwork(value: unknown, report: FileReporter, keys: Array<string | number>): ServiceNetworkSpec {
  if (value === null) return { aliases: [] };
  if (!isRecord(value)) {
    report.error(keys, `must be a mapping (aliases), not ${describeValue(value)}`);
    return { aliases: [] };
  }
  checkKnownKeys(report, keys, value, SERVICE_NETWORK_KEYS);
  for (const key of FIXED_ADDRESS_KEYS.filter((candidate) => value[candidate] !== undefined)) {
    report.error([...keys, key], 'is refused: the cluster assigns pod addresses, and a pod gets a new one each time it starts; reach the service by its name');
  }
  for (const key of IGNORED_SERVICE_NETWORK_KEYS.filter((candidate) => value[candidate] !== undefined)) {
    report.warn([...keys, key], 'ignored: a pod has one network interface, which the cluster configures');
  }
  const aliases: string[] = [];
  if (value.aliases !== undefined) {
    if (!Array.isArray(value.aliases)) {
      report.error([...keys, 'aliases'], 'must be a list of names');
    } else {
      value.aliases.forEach((alias, index) => {
        if (typeof alias === 'string' && DNS_LABEL.test(alias)) aliases.push(alias);
        else report.error([...keys, 'aliases', index], `${describeValue(alias)} is not a valid Service name (a DNS label: lower-case letters, digits and "-")`);
      });
    }
  }
  return { aliases };
}

/** Overlays merge a service's networks by key, as compose does; `network_mode` is replaced. */
export function mergeServiceNetworking(base: ServiceNetworking, overlay: ServiceNetworking): ServiceNetworking {
  return {
    networks: base.networks || overlay.networks ? new Map([...(base.networks ?? []), ...(overlay.networks ?? [])]) : undefined,
    networkMode: overlay.networkMode ?? base.networkMode,
  };
}

/** Top-level networks merge by key, each field of a later file winning over an earlier one. */
export function mergeNetworks(base: ReadonlyMap<string, NetworkSpec>, overlay: ReadonlyMap<string, NetworkSpec>): Map<string, NetworkSpec> {
  const merged = new Map(base);
  for (const [key, spec] of overlay) {
    const earlier = merged.get(key);
    merged.set(key, earlier ? { report: earlier.report, name: spec.name ?? earlier.name, internal: spec.internal ?? earlier.internal, external: spec.external ?? earlier.external } : spec);
  }
  return merged;
}

/** The networks of the merged stack: who is on which, which are internal. */
export interface NetworkMembership {
  /** The networks (by their real name) each service is on; none for `network_mode: none`. */
  readonly networksOf: ReadonlyMap<string, readonly string[]>;
  /** Networks declared `internal: true`: nothing outside the cluster reaches them, nor they it. */
  readonly internal: ReadonlySet<string>;
  /** Each service's extra names (`aliases`), in the order written. */
  readonly aliasesOf: ReadonlyMap<string, readonly string[]>;
}

interface MembershipInput {
  readonly networks: ReadonlyMap<string, NetworkSpec>;
  readonly services: ReadonlyMap<string, { readonly report: FileReporter; readonly networking: ServiceNetworking }>;
}

/**
 * Resolves each service's networks to their real names (a service without `networks:` is on
 * `default`, as in compose), refusing a network that is not declared and an alias that clashes with
 * another service's name or alias (a Service name is one name in the whole namespace).
 */
export function resolveNetworkMembership({ networks, services }: MembershipInput): NetworkMembership {
  const realName = (key: string) => networks.get(key)?.name ?? key;
  const internal = new Set<string>();
  for (const [key, spec] of networks) {
    if (spec.internal) internal.add(realName(key));
    if (spec.external) {
      spec.report.warn(['networks', key, 'external'], `network "${key}" is made outside this stack: its services here reach each other on it, but members from other stacks run in other namespaces, which the NetworkPolicies do not let in`);
    }
  }
  const networksOf = new Map<string, string[]>();
  const aliasesOf = new Map<string, string[]>();
  const claimed = new Map<string, string>([...services.keys()].map((name) => [name, name]));
  for (const [name, { report: serviceReport, networking }] of services) {
    const service = serviceReport;
    if (networking.networkMode === 'none') {
      networksOf.set(name, []);
      continue;
    }
    const joined = networking.networks ?? new Map([[DEFAULT_NETWORK, { aliases: [] }]]);
    const real: string[] = [];
    const aliases: string[] = [];
    for (const [key, { aliases: written }] of joined) {
      if (key !== DEFAULT_NETWORK && !networks.has(key)) {
        service.error(['networks', key], `network "${key}" is not declared under the top-level networks:${networks.size > 0 ? ` (declared: ${[...networks.keys()].join(', ')})` : ''}`);
        continue;
      }
      if (realName(key).includes('/') || notQualifiedName(realName(key))) {
        // Each network becomes a pod label (compose-network/<name>), whose name has these limits.
        service.error(['networks', key], `network name "${realName(key)}" cannot be a label name: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit`);
        continue;
      }
      if (!real.includes(realName(key))) real.push(realName(key));
      for (const alias of written) {
        const owner = claimed.get(alias);
        if (owner !== undefined && owner !== name) {
          service.error(['networks', key, 'aliases'], `"${alias}" is already the name of service "${owner}" or one of its aliases: a Service name is unique in the namespace`);
        } else if (owner === undefined) {
          claimed.set(alias, name);
          aliases.push(alias);
        }
      }
    }
    networksOf.set(name, real);
    if (aliases.length > 0) aliasesOf.set(name, aliases);
  }
  return { networksOf, internal, aliasesOf };
}
