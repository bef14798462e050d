import { notQualifiedName } from '../validation/rule';
import { parseDurationSeconds, parseMemoryBytes, UnitError } from '../units';
import { describeValue, DNS_LABEL, DNS_SUBDOMAIN, isRecord, isScalar, type FileReporter } from './report';

/**
 * The compose keys that say how a service's container runs, beyond its image, command and ports: its
 * user and capabilities, working directory, memory-backed scratch, how it stops, its host name and
 * extra host entries, and its labels. Read here, per file, where each value's line is still known;
 * merged by `mergeContainerOptions` with compose's override rules.
 */
export interface ContainerOptions {
  /** `user: "uid[:gid]"`; a user name is refused (only the image knows its id). */
  user?: { readonly uid: number; readonly gid?: number };
  workingDir?: string;
  /** Capability names without the `CAP_` prefix, upper case, in file order. */
  capAdd: string[];
  capDrop: string[];
  privileged?: boolean;
  tmpfs: TmpfsSpec[];
  stopGracePeriodSeconds?: number;
  hostname?: string;
  extraHosts: HostEntry[];
  /** Compose labels, which become pod annotations. */
  labels: Map<string, string>;
}

export interface TmpfsSpec {
  readonly path: string;
  readonly sizeBytes?: number;
}

export interface HostEntry {
  readonly host: string;
  readonly ip: string;
}

export const CONTAINER_KEYS = [
  'user', 'working_dir', 'cap_add', 'cap_drop', 'privileged', 'tmpfs', 'stop_grace_period', 'stop_signal', 'hostname', 'extra_hosts', 'labels',
] as const;

/**
 * Annotation prefixes (and their subdomains) Kubernetes reserves for its own components, and ones this
 * project or its platform write on pod templates themselves (the checksum, Argo CD, Reloader's stamp).
 */
const RESERVED_ANNOTATION_DOMAINS = ['kubernetes.io', 'k8s.io', 'checksum', 'argoproj.io', 'reloader.stakater.com'];
const CAPABILITY = /^[A-Z][A-Z0-9_]*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^(?=.*:)[0-9A-Fa-f:.]{2,45}$/;
/** The signal a container runtime sends when the image names none, and the one Kubernetes cannot change. */
const DEFAULT_STOP_SIGNALS = ['SIGTERM', 'TERM', '15'];

/** Reads the container keys of one service body; each bad value is reported at its key and left out. */
export function readContainerOptions(body: Record<string, unknown>, report: FileReporter): ContainerOptions {
  const options: ContainerOptions = {
    capAdd: readCapabilities(body.cap_add, report, 'cap_add'),
    capDrop: readCapabilities(body.cap_drop, report, 'cap_drop'),
    tmpfs: readTmpfs(body.tmpfs, report),
    extraHosts: readExtraHosts(body.extra_hosts, report),
    labels: readLabels(body.labels, report),
  };
  if (body.user !== undefined) options.user = readUser(body.user, report);
  if (body.working_dir !== undefined) {
    if (typeof body.working_dir === 'string' && body.working_dir.startsWith('/')) options.workingDir = body.working_dir;
    else report.error(['working_dir'], `${describeValue(body.working_dir)} is not an absolute path`);
  }
  if (body.privileged !== undefined) {
    if (typeof body.privileged === 'boolean') options.privileged = body.privileged;
    else report.error(['privileged'], 'must be true or false');
  }
  if (body.stop_grace_period !== undefined) options.stopGracePeriodSeconds = readDuration(body.stop_grace_period, report, 'stop_grace_period');
  if (body.stop_signal !== undefined) readStopSignal(body.stop_signal, report);
  if (body.hostname !== undefined) {
    // The pod's hostname field is one DNS label; compose's longer names would be refused by the API server.
    if (typeof body.hostname === 'string' && DNS_LABEL.test(body.hostname)) options.hostname = body.hostname;
    else report.error(['hostname'], `${describeValue(body.hostname)} is not a valid pod host name: one DNS label (lower-case letters, digits and "-", at most 63)`);
  }
  return options;
}

/** Compose's override rules: scalars are replaced, capability lists and host entries added, labels and tmpfs merged by key. */
export function mergeContainerOptions(base: ContainerOptions, overlay: ContainerOptions): ContainerOptions {
  const union = (first: readonly string[], second: readonly string[]) => [...first, ...second.filter((item) => !first.includes(item))];
  const tmpfs = [...base.tmpfs.filter((mount) => !overlay.tmpfs.some((other) => other.path === mount.path)), ...overlay.tmpfs];
  return {
    user: overlay.user ?? base.user,
    workingDir: overlay.workingDir ?? base.workingDir,
    capAdd: union(base.capAdd, overlay.capAdd),
    capDrop: union(base.capDrop, overlay.capDrop),
    privileged: overlay.privileged ?? base.privileged,
    tmpfs,
    stopGracePeriodSeconds: overlay.stopGracePeriodSeconds ?? base.stopGracePeriodSeconds,
    hostname: overlay.hostname ?? base.hostname,
    extraHosts: [...base.extraHosts, ...overlay.extraHosts.filter((entry) => !base.extraHosts.some((known) => known.host === entry.host && known.ip === entry.ip))],
    labels: new Map([...base.labels, ...overlay.labels]),
  };
}

function readUser(value: unknown, report: FileReporter): ContainerOptions['user'] {
  const text = isScalar(value) ? String(value) : '';
  if (text === 'root') return { uid: 0, gid: 0 };
  const match = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(text);
  if (match && Number(match[1]) <= 2147483647 && (match[2] === undefined || Number(match[2]) <= 2147483647)) {
    return { uid: Number(match[1]), gid: match[2] === undefined ? undefined : Number(match[2]) };
  }
  if (/^[a-z_][a-z0-9_.-]*(:[a-z0-9_.-]+)?$/i.test(text)) {
    // Kubernetes runs a container by numeric ids only (runAsUser), and only the image knows a name's id.
    report.error(['user'], `"${text}" is a user name: write its numeric id, e.g. user: "999:999" (\`docker run --rm --entrypoint id <image>\` shows it)`);
  } else {
    report.error(['user'], `${describeValue(value)} is not a user: write "uid" or "uid:gid" as numbers`);
  }
  return undefined;
}

function readCapabilities(value: unknown, report: FileReporter, key: 'cap_add' | 'cap_drop'): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error([key], 'must be a list of capabilities, e.g. [NET_BIND_SERVICE]');
    return [];
  }
  const capabilities: string[] = [];
  value.forEach((item, index) => {
    // Docker accepts CAP_CHOWN and chown alike; Kubernetes wants CHOWN.
    const name = typeof item === 'string' ? item.toUpperCase().replace(/^CAP_/, '') : '';
    if (!CAPABILITY.test(name)) report.error([key, index], `${describeValue(item)} is not a capability name (e.g. NET_BIND_SERVICE)`);
    else if (!capabilities.includes(name)) capabilities.push(name);
  });
  return capabilities;
}

/** `tmpfs: /run` or a list of `path[:options]`, the options docker's mount options (`size=64m`, `mode=1777`). */
function readTmpfs(value: unknown, report: FileReporter): TmpfsSpec[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const mounts: TmpfsSpec[] = [];
  list.forEach((item, index) => {
    const keys = Array.isArray(value) ? ['tmpfs', index] : ['tmpfs'];
    const text = typeof item === 'string' ? item : '';
    const [path, optionText] = text.split(/:(.*)/s, 2);
    if (!path.startsWith('/')) {
      report.error(keys, `${describeValue(item)} is not a tmpfs mount: write an absolute path, optionally with ":size=64m"`);
      return;
    }
    let sizeBytes: number | undefined;
    for (const option of optionText ? optionText.split(',') : []) {
      const [name, setting] = option.split('=', 2);
      if (name === 'size' && setting !== undefined) {
        sizeBytes = readMemory(setting, report, keys);
      } else if (option !== 'rw') {
        // An emptyDir takes no mount options: saying so is better than a mount that quietly differs.
        report.warn(keys, `tmpfs option "${option}" is not applied: a memory emptyDir has no mount options (only size is kept)`);
      }
    }
    if (mounts.some((mount) => mount.path === path)) report.error(keys, `${path} is mounted twice`);
    else mounts.push({ path, sizeBytes });
  });
  return mounts;
}

function readMemory(text: string, report: FileReporter, keys: ReadonlyArray<string | number>): number | undefined {
  try {
    return parseMemoryBytes(text);
  } catch (error) {
    if (!(error instanceof UnitError)) throw error;
    report.error(keys, error.message);
    return undefined;
  }
}

function readDuration(value: unknown, report: FileReporter, key: string): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    report.error([key], `must be a duration such as 30s or 1m30s, not ${describeValue(value)}`);
    return undefined;
  }
  try {
    return parseDurationSeconds(value);
  } catch (error) {
    if (!(error instanceof UnitError)) throw error;
    report.error([key], error.message);
    return undefined;
  }
}

/**
 * Kubernetes 1.34 has a per-container stop signal only as an alpha field (`lifecycle.stopSignal`,
 * feature gate ContainerStopSignals, off by default), which an API server without the gate drops:
 * rendering it would look applied and not be. The image's STOPSIGNAL (else SIGTERM) is what is sent.
 */
function readStopSignal(value: unknown, report: FileReporter): void {
  const text = isScalar(value) ? String(value).toUpperCase() : '';
  if (!/^(SIG)?[A-Z0-9+-]+$/.test(text)) {
    report.error(['stop_signal'], `${describeValue(value)} is not a signal name (e.g. SIGTERM, SIGQUIT)`);
  } else if (!DEFAULT_STOP_SIGNALS.includes(text)) {
    report.warn(['stop_signal'], `ignored: Kubernetes sends the image's STOPSIGNAL (else SIGTERM) and has no stable per-container stop signal (1.34: alpha only); set STOPSIGNAL ${text} in the image`);
  }
}

/**
 * `extra_hosts` as a list of `host:ip` or `host=ip`, or a mapping of host to ip (or a list of ips).
 * `host-gateway` names the Docker host, which a pod has no equivalent of.
 */
function readExtraHosts(value: unknown, report: FileReporter): HostEntry[] {
  if (value === undefined) return [];
  const pairs: Array<[string, unknown, ReadonlyArray<string | number>]> = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const text = typeof item === 'string' ? item : '';
      const separator = /[=:]/.exec(text);
      if (!separator) report.error(['extra_hosts', index], `${describeValue(item)} is not a host entry: write "host:ip" or "host=ip"`);
      else pairs.push([text.slice(0, separator.index), text.slice(separator.index + 1), ['extra_hosts', index]]);
    });
  } else if (isRecord(value)) {
    for (const [host, ips] of Object.entries(value)) {
      for (const ip of Array.isArray(ips) ? ips : [ips]) pairs.push([host, ip, ['extra_hosts', host]]);
    }
  } else {
    report.error(['extra_hosts'], 'must be a list of "host:ip" or a mapping of host names to addresses');
  }
  const entries: HostEntry[] = [];
  for (const [host, rawIp, keys] of pairs) {
    const ip = typeof rawIp === 'string' ? rawIp.replace(/^\[(.*)\]$/, '$1') : '';
    if (!DNS_SUBDOMAIN.test(host.toLowerCase())) {
      report.error(keys, `"${host}" is not a host name`);
    } else if (ip === 'host-gateway') {
      report.error(keys, `host-gateway is the Docker host, which a pod does not have: give the address (or reach it through a Service)`);
    } else if (!IPV4.test(ip) && !IPV6.test(ip)) {
      report.error(keys, `${describeValue(rawIp)} is not an IP address: hostAliases take addresses only`);
    } else if (!entries.some((entry) => entry.host === host && entry.ip === ip)) {
      entries.push({ host, ip });
    }
  }
  return entries;
}

/** `labels` as a mapping or a list of `KEY=VALUE`; each key must be a valid annotation key. */
function readLabels(value: unknown, report: FileReporter): Map<string, string> {
  const labels = new Map<string, string>();
  if (value === undefined) return labels;
  const pairs: Array<[string, unknown, ReadonlyArray<string | number>]> = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const text = typeof item === 'string' ? item : '';
      const equals = text.indexOf('=');
      // A label without `=` is an empty one in compose.
      if (text === '') report.error(['labels', index], `${describeValue(item)} is not a label: write "key=value"`);
      else pairs.push(equals < 0 ? [text, '', ['labels', index]] : [text.slice(0, equals), text.slice(equals + 1), ['labels', index]]);
    });
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) pairs.push([key, item ?? '', ['labels', key]]);
  } else {
    report.error(['labels'], 'must be a mapping or a list of "key=value"');
  }
  for (const [key, item, keys] of pairs) {
    const problem = annotationKeyProblem(key);
    if (problem) report.error(keys, problem);
    else if (!isScalar(item)) report.error(keys, `must be a string, not ${describeValue(item)}`);
    else labels.set(key, String(item));
  }
  return labels;
}

/** Why `key` cannot be an annotation key (Kubernetes' qualified-name rules), or undefined. */
function annotationKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  if (notQualifiedName(key)) {
    return `"${key}" is not a valid annotation key: an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit`;
  }
  const reserved = prefix === undefined ? undefined : RESERVED_ANNOTATION_DOMAINS.find((domain) => prefix === domain || prefix.endsWith(`.${domain}`));
  if (reserved) return `"${key}" uses the reserved prefix ${reserved}/: Kubernetes and this project write those annotations themselves; choose another prefix`;
  return undefined;
}
