import { checkKnownKeys, describeValue, DNS_LABEL, DNS_SUBDOMAIN, FileReporter, isRecord, readMapping, readWholeNumber } from './report';

/**
 * How the network paths are derived (stack.yaml `networkPaths`):
 * - `compose`: as compose networks behave: services on a shared network reach each other on the ports
 *   they listen on, services on different networks do not; the default, what a compose user expects;
 * - `dependencies`: least privilege: only the reverse proxy's routes and the `service_healthy`
 *   dependencies (a service waits for what it uses).
 */
export type NetworkPathsMode = 'compose' | 'dependencies';
const NETWORK_PATHS_MODES: readonly NetworkPathsMode[] = ['compose', 'dependencies'];

/** Reads `networkPaths` of stack.yaml. @default compose */
export function readNetworkPathsMode(report: FileReporter, value: unknown): NetworkPathsMode {
  if (value === undefined) return 'compose';
  if (NETWORK_PATHS_MODES.includes(value as NetworkPathsMode)) return value as NetworkPathsMode;
  report.error(['networkPaths'], `${describeValue(value)} is not a way to derive network paths; use compose (services on a shared compose network reach each other) or dependencies (only routes and service_healthy dependencies)`);
  return 'compose';
}

/** How one service's published ports are reached from outside the cluster. */
export type ServiceExposureSettings =
  | { readonly type: 'loadBalancer' }
  | { readonly type: 'none' }
  | {
      readonly type: 'ingress';
      /** The public host name the Ingress serves. */
      readonly host: string;
      /** The IngressClass. @default the cluster's default class */
      readonly className?: string;
      /** A kubernetes.io/tls Secret for `host`. @default no TLS at the Ingress */
      readonly tlsSecret?: string;
      /** The path prefix routed to the service. @default / */
      readonly path: string;
      /** The published port that serves HTTP. @default the service's only published TCP port */
      readonly port?: number;
    };

/**
 * The environment's `exposure:`: how the published ports (compose `ports:`) of a stack without a
 * reverse proxy are reached from outside. A compose user publishes a port to reach it from outside,
 * so the default is a LoadBalancer Service for each service that publishes one.
 */
export interface ExposureSettings {
  /** The exposure of every service `services` does not name. @default loadBalancer */
  readonly default: 'loadBalancer' | 'none';
  /** By the service's Kubernetes name (`my_app` is `my-app`). */
  readonly services: ReadonlyMap<string, ServiceExposureSettings>;
}

const EXPOSURE_TYPES = ['loadBalancer', 'ingress', 'none'] as const;

/** Reads `exposure` of an environment's settings. */
export function readExposure(report: FileReporter, value: unknown): ExposureSettings {
  const data = readMapping(report, ['exposure'], value);
  checkKnownKeys(report, ['exposure'], data, ['default', 'services']);
  let byDefault: ExposureSettings['default'] = 'loadBalancer';
  if (data.default !== undefined) {
    if (data.default === 'loadBalancer' || data.default === 'none') byDefault = data.default;
    else report.error(['exposure', 'default'], `${describeValue(data.default)} is not a default exposure; use loadBalancer or none (an Ingress needs a host: set it per service)`);
  }
  const services = new Map<string, ServiceExposureSettings>();
  for (const [service, entry] of Object.entries(readMapping(report, ['exposure', 'services'], data.services))) {
    const keys = ['exposure', 'services', service];
    if (!isRecord(entry)) {
      report.error(keys, `must be a mapping with a type (${EXPOSURE_TYPES.join(', ')}), not ${describeValue(entry)}`);
      continue;
    }
    const type = entry.type;
    if (type === 'loadBalancer' || type === 'none') {
      checkKnownKeys(report, keys, entry, ['type']);
      services.set(service, { type });
    } else if (type === 'ingress') {
      checkKnownKeys(report, keys, entry, ['type', 'host', 'className', 'tlsSecret', 'path', 'port']);
      const text = (key: string, pattern: RegExp, what: string): string | undefined => {
        if (entry[key] === undefined) return undefined;
        if (typeof entry[key] === 'string' && pattern.test(entry[key] as string)) return entry[key] as string;
        report.error([...keys, key], `${describeValue(entry[key])} is not ${what}`);
        return undefined;
      };
      const host = text('host', DNS_SUBDOMAIN, 'a host name');
      if (entry.host === undefined) report.error([...keys, 'host'], 'is required: the public host name the Ingress serves');
      const port = entry.port === undefined ? undefined : readWholeNumber(entry.port, 1, 65535);
      if (entry.port !== undefined && port === undefined) report.error([...keys, 'port'], `${describeValue(entry.port)} is not a port number (1-65535)`);
      services.set(service, {
        type,
        host: host ?? '',
        className: text('className', DNS_SUBDOMAIN, 'an IngressClass name'),
        tlsSecret: text('tlsSecret', DNS_LABEL, 'a Secret name (lower-case letters, digits and "-")'),
        path: text('path', /^\/[^\s{};]*$/, 'a path (it starts with "/")') ?? '/',
        port,
      });
    } else {
      report.error([...keys, 'type'], `${describeValue(type)} is not an exposure; use one of: ${EXPOSURE_TYPES.join(', ')}`);
    }
  }
  return { default: byDefault, services };
}
