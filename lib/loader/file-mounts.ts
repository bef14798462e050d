import * as fs from 'fs';
import * as path from 'path';
import type { ProblemCollector } from '../errors';
import type { ConfigMapModel, EnvironmentVariable, FileSecretModel, MountModel } from '../model';
import { holdsPrivateKey } from '../policies/sensitive-names';
import type { ComposeFileContent, EnvFileSpec, Origin, VolumeSpec } from './compose-file';
import type { FileReferenceSpec } from './compose-secrets-configs';
import { namedLikeSecretWarning, parseDotenv, sortEnvVariables } from './dotenv';
import { DNS_SUBDOMAIN } from './report';
import type { BindMountTreatment } from './settings';
import { CONFIG_MAP_LIMIT_BYTES, configMapOf, nameSlug, type ConfigMapContents, type StackFolder, type StackPath } from './stack-files';
import { bytesToKubernetesMemory } from '../units';

/**
 * What compose's file keys of one environment become: `env_file`s, bind mounts, `secrets`, `configs`,
 * external volumes. Relative paths resolve against the stack folder, as compose resolves them against
 * the project directory. Each problem is one line at the file, service and field where it is written.
 */
export interface FileMountSettings {
  /** The compose project name, which the names of the ConfigMaps and Secrets start with. */
  readonly project: string;
  readonly folder: StackFolder;
  /** The stack's interpolation file from the project root (`compose/.env`): read as today's ConfigMap and Secret. */
  readonly stackEnvFile: string;
  /** What the settings say each bind mount is; they take precedence over the stack folder. */
  readonly bindMounts: ReadonlyMap<string, BindMountTreatment>;
  /** The variables declared secret (stack.yaml `secret.keys`). */
  readonly secretKeys: ReadonlySet<string>;
  /** Whether a variable is a secret by its name (named like a credential and not declared plain): the stack's rule. */
  readonly namedLikeSecret: (variable: string, value?: string) => boolean;
  /** The stack Secret's name, which an env file's secret variables are read from. */
  readonly secretName: string;
  /** The interpolation variables (`.env` and the environment's `variables`), for `configs.*.environment`. */
  readonly variables: ReadonlyMap<string, string>;
  readonly compose: Pick<ComposeFileContent, 'secrets' | 'configs' | 'externalVolumes'>;
  readonly problems: ProblemCollector;
}

/** What a service's env files give it. */
export interface EnvFileResult {
  /** It reads the stack's `.env` (its ConfigMap and the whole Secret), as the Trámites backend does. */
  readonly readsEnvFile: boolean;
  /** The ConfigMaps of its other env files, in compose order. */
  readonly envFileConfigMaps: readonly string[];
  /** Variables of those files that are secrets: read from the stack's Secret, never rendered. */
  readonly secretVariables: readonly EnvironmentVariable[];
}

/**
 * Host files compose setups mount read-only to share the host's clock settings. A pod has its own,
 * and a node's may differ from the compose host's: ignored with a warning rather than refused.
 */
const HOST_PLUMBING: Readonly<Record<string, string>> = {
  '/etc/localtime': "the node's time zone; set the TZ variable instead",
  '/etc/timezone': "the node's time zone; set the TZ variable instead",
};

/** Host paths whose purpose is known, for a refusal that says what they were for. */
const HOST_PATH_REASONS: Readonly<Record<string, string>> = {
  '/var/run/docker.sock': "the Docker socket gives root on the host; a pod gets no access to the node's container runtime",
  '/run/docker.sock': "the Docker socket gives root on the host; a pod gets no access to the node's container runtime",
};

export class FileMounts {
  /** The ConfigMaps filled so far, in order of first use. */
  readonly configMaps: ConfigMapModel[] = [];
  /** Keys of the stack's Secret that env files name (their values are never rendered). */
  readonly secretKeys: string[] = [];
  /** The Secrets of the compose secrets the services mount (external ones aside: they exist), in order of first use. */
  readonly fileSecrets: FileSecretModel[] = [];
  private readonly sources = new Map<string, string>();

  constructor(private readonly settings: FileMountSettings) {}

  /** A service's `env_file`s. */
  envFiles(specs: readonly EnvFileSpec[]): EnvFileResult {
    let readsEnvFile = false;
    const envFileConfigMaps: string[] = [];
    const secretVariables: EnvironmentVariable[] = [];
    const { folder } = this.settings;
    for (const spec of specs) {
      if (folder.displayPathOf(spec.path) === this.settings.stackEnvFile) {
        // Read when the environment loaded (the interpolation file): today's ConfigMap and Secret.
        readsEnvFile = true;
        continue;
      }
      const located = folder.locate(spec.path);
      const problem = (message: string) => spec.origin.report.error(spec.origin.keys, `"${spec.path}": ${message}`);
      if (located.kind === 'outside') {
        problem(`${located.displayPath} is outside the stack folder ${folder.folder || '.'}: only files inside it are carried into the cluster`);
      } else if (located.kind === 'missing') {
        if (spec.required) problem(`${located.displayPath} not found (required: false makes it optional)`);
        else spec.origin.report.warn(spec.origin.keys, `"${spec.path}": ${located.displayPath} not found; skipped (required: false)`);
      } else if (located.kind === 'directory') {
        problem(`${located.displayPath} is a directory, not an env file`);
      } else {
        const name = this.envFileConfigMap(located.displayPath, located.absolute, spec.origin, secretVariables);
        if (name) envFileConfigMaps.push(name);
      }
    }
    return { readsEnvFile, envFileConfigMaps, secretVariables };
  }

  /** A bind mount: a treatment of the settings, a ConfigMap from the stack folder, ignored or refused. */
  bindMount(spec: Extract<VolumeSpec, { type: 'bind' }>): MountModel | 'image' | undefined {
    const treatment = this.settings.bindMounts.get(spec.source);
    if (treatment === 'image') return 'image';
    if (treatment !== undefined) return { kind: treatment, path: spec.target };
    const origin = spec.origin!;
    const written = `bind mount "${spec.source}"`;
    if (spec.source in HOST_PLUMBING && spec.readOnly) {
      origin.report.warn(origin.keys, `${written} ignored: ${HOST_PLUMBING[spec.source]}`);
      return undefined;
    }
    const located = this.settings.folder.locate(spec.source);
    const refuse = (why: string) => origin.report.error(origin.keys, `${written}: ${why}`);
    if (located.kind === 'outside') {
      const absolute = spec.source.startsWith('/') || spec.source.startsWith('~');
      refuse(
        HOST_PATH_REASONS[spec.source] ??
          (absolute
            ? "a host path: the cluster's nodes are not the compose host; put the files in the stack folder (they become a ConfigMap) or use a named volume"
            : `${located.displayPath} is outside the stack folder ${this.settings.folder.folder || '.'}: only files inside it are carried into the cluster`),
      );
      return undefined;
    }
    if (located.kind === 'missing') {
      refuse(
        spec.createHostPath === false
          ? `${located.displayPath} does not exist (create_host_path: false), and compose would refuse it too`
          : `${located.displayPath} does not exist: compose would create an empty directory for the service to write in, which is data: use a named volume (or put the files there, which become a ConfigMap, or name a treatment under bindMounts in environments/stack.yaml)`,
      );
      return undefined;
    }
    const contents = this.readStackFiles(located, 'mount the files the service needs, or name a treatment under bindMounts in environments/stack.yaml');
    if ('problem' in contents) {
      refuse(contents.problem);
      return undefined;
    }
    const name = this.addConfigMap(this.derivedName('file', this.relativeToFolder(located.displayPath)), contents, located.displayPath, origin);
    if (!name) return undefined;
    if (located.kind === 'file') return { kind: 'config-map', configMap: name, path: spec.target, file: Object.keys({ ...contents.data, ...contents.binaryData })[0] };
    return { kind: 'config-map', configMap: name, path: spec.target, items: contents.items };
  }

  /** A named volume: its claim, or the existing claim of an external volume (never rendered, never sized). */
  namedVolume(spec: Extract<VolumeSpec, { type: 'volume' }>): MountModel {
    const claim = this.settings.compose.externalVolumes.get(spec.source);
    if (claim !== undefined) return { kind: 'existing-claim', volume: spec.source, claim, path: spec.target, readOnly: spec.readOnly, subPath: spec.subPath };
    return { kind: 'volume', volume: spec.source, path: spec.target, readOnly: spec.readOnly, subPath: spec.subPath };
  }

  /** tmpfs: a memory-backed emptyDir, its size a Kubernetes quantity. */
  tmpfs(spec: Extract<VolumeSpec, { type: 'tmpfs' }>): MountModel {
    // The service key `tmpfs:` and the long volume syntax `type: tmpfs` both become this one mount.
    return { kind: 'tmpfs', path: spec.target, ...(spec.sizeBytes !== undefined && { sizeLimit: bytesToKubernetesMemory(spec.sizeBytes) }) };
  }

  /**
   * A service's `secrets:`: each a key of a Secret that is never rendered (a person or External
   * Secrets creates it: README, "Creating the Secret"), as a file under /run/secrets. Its file's
   * content is never read.
   */
  secretMounts(specs: readonly FileReferenceSpec[]): MountModel[] {
    return specs.flatMap((spec): MountModel[] => {
      const declared = this.settings.compose.secrets.get(spec.source);
      if (!declared) {
        spec.report.error(spec.keys, `secret "${spec.source}" is not declared under the top-level secrets:`);
        return [];
      }
      if (declared.source.kind === 'refused') return [];
      const secret = declared.source.kind === 'external' ? declared.source.name : declared.name ?? this.derivedName('secret', spec.source);
      if (declared.source.kind !== 'external' && !this.fileSecrets.some((known) => known.name === secret)) this.fileSecrets.push({ name: secret, key: spec.source });
      const target = spec.target ?? spec.source;
      return [{ kind: 'secret', secret, key: spec.source, path: target.startsWith('/') ? target : `/run/secrets/${target}`, mode: spec.mode }];
    });
  }

  /** A service's `configs:`: each a ConfigMap key (filled from the stack folder, inline or a variable) as a file at its target. */
  configMounts(specs: readonly FileReferenceSpec[]): MountModel[] {
    return specs.flatMap((spec): MountModel[] => {
      const declared = this.settings.compose.configs.get(spec.source);
      if (!declared) {
        spec.report.error(spec.keys, `config "${spec.source}" is not declared under the top-level configs:`);
        return [];
      }
      if (declared.source.kind === 'refused') return [];
      const target = spec.target ?? `/${spec.source}`;
      if (!target.startsWith('/')) {
        spec.report.error([...spec.keys, 'target'], `the mount path "${target}" must be absolute`);
        return [];
      }
      const origin = { report: declared.report, keys: declared.keys };
      const problem = (field: string, message: string) => declared.report.error([...declared.keys, field], message);
      const key = spec.source.replace(/[^-._a-zA-Z0-9]/g, '_');
      let contents: ConfigMapContents;
      const source = declared.source;
      if (source.kind === 'external') {
        return [{ kind: 'config-map', configMap: source.name, path: target, file: key, mode: spec.mode }];
      } else if (source.kind === 'file') {
        const located = this.settings.folder.locate(source.path);
        if (located.kind !== 'file') {
          problem('file', located.kind === 'outside' ? `${located.displayPath} is outside the stack folder: only files inside it are carried into the cluster` : `${located.displayPath} ${located.kind === 'missing' ? 'not found' : 'is a directory, not a file'}`);
          return [];
        }
        const read = this.readStackFiles(located, 'make its variables an env_file of the service, or the file a compose secret');
        contents = 'problem' in read ? read : rekeyed(read, key);
      } else if (source.kind === 'environment') {
        const value = this.settings.variables.get(source.variable);
        if (this.settings.secretKeys.has(source.variable) || this.settings.namedLikeSecret(source.variable)) {
          problem('environment', `${source.variable} is a secret, and a config is rendered into git: make it a compose secret`);
          return [];
        }
        if (value === undefined) {
          problem('environment', `${source.variable} is not set in the .env file or the environment's variables`);
          return [];
        }
        contents = textContents(key, value);
      } else {
        contents = textContents(key, source.text);
      }
      if ('problem' in contents) {
        problem(source.kind, contents.problem);
        return [];
      }
      const name = this.addConfigMap(this.derivedName('config', spec.source), contents, `config "${spec.source}"`, origin);
      return name ? [{ kind: 'config-map', configMap: name, path: target, file: key, mode: spec.mode }] : [];
    });
  }

  /**
   * What a ConfigMap filled from a file or directory of the stack folder holds (a bind mount, a config
   * with `file:`), or why it cannot: every such read goes through here, so that none carries a compose
   * secret's file or an env file, whose secrets a ConfigMap would render into git. `envFileAdvice`
   * says what to do instead of mounting an env file.
   */
  private readStackFiles(located: Extract<StackPath, { kind: 'file' | 'directory' }>, envFileAdvice: string): ConfigMapContents {
    const secretFile = this.secretFileUnder(located.displayPath);
    if (secretFile) return { problem: `${secretFile.displayPath} is the file of secret "${secretFile.secret}": a ConfigMap would render it; mount the secret instead` };
    const contents = this.settings.folder.readConfigMapContents(located);
    if ('problem' in contents) return contents;
    // An env file's variables named like secrets are never rendered; the file itself in a ConfigMap would be.
    const envFile = filesOf(contents, located.displayPath).find((file) => DOTENV_FILE.test(path.posix.basename(file)));
    if (envFile) return { problem: `${envFile} is an env file, whose secrets a ConfigMap would render: ${envFileAdvice}` };
    return contents;
  }

  /** The file of a compose secret at or under `displayPath`, which a ConfigMap must never carry. */
  private secretFileUnder(displayPath: string): { secret: string; displayPath: string } | undefined {
    for (const [secret, spec] of this.settings.compose.secrets) {
      if (spec.source.kind !== 'file') continue;
      const file = this.settings.folder.displayPathOf(spec.source.path);
      if (file === displayPath || file.startsWith(`${displayPath}/`)) return { secret, displayPath: file };
    }
    return undefined;
  }

  /** `<project>-<kind>-<slug>`, as every name here: stable, readable, never hashed. */
  private derivedName(kind: 'secret' | 'config' | 'env' | 'file', text: string): string {
    return [this.settings.project, kind, nameSlug(text)].filter(Boolean).join('-');
  }

  private relativeToFolder(displayPath: string): string {
    const folder = this.settings.folder.folder;
    return folder && displayPath.startsWith(`${folder}/`) ? displayPath.slice(folder.length + 1) : displayPath;
  }

  /** Reads one env file into its ConfigMap, keeping its secret variables out. */
  private envFileConfigMap(displayPath: string, absolute: string, origin: Origin, secretVariables: EnvironmentVariable[]): string | undefined {
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      origin.report.error(origin.keys, `${displayPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return undefined;
    }
    // The stack's rules for its .env, in the same words.
    const { plain, namedLikeSecrets } = sortEnvVariables(
      parseDotenv(text, displayPath, this.settings.problems),
      displayPath,
      { isDeclaredSecret: (key) => this.settings.secretKeys.has(key), isNamedLikeSecret: this.settings.namedLikeSecret },
      this.settings.problems,
    );
    for (const key of namedLikeSecrets) {
      if (!this.secretKeys.includes(key)) this.secretKeys.push(key);
      secretVariables.push({ name: key, secretKey: key });
      this.settings.problems.warn({ file: displayPath, field: key, message: namedLikeSecretWarning(this.settings.secretName) });
    }
    const data = Object.fromEntries(plain);
    const slug = nameSlug(this.relativeToFolder(displayPath)).replace(/(^|-)env(?=-|$)/g, '').replace(/^-+|-+$/g, '') || 'file';
    return this.addConfigMap(this.derivedName('env', slug), { data, binaryData: {} }, displayPath, origin);
  }

  /**
   * Adds a ConfigMap, once: the same file mounted by two services is one ConfigMap. Two different
   * sources whose names come out alike are refused, naming both.
   */
  private addConfigMap(name: string, contents: Exclude<ConfigMapContents, { problem: string }>, source: string, origin: Origin): string | undefined {
    // Without a project name every derived name is invalid, and that is reported once, as the name's problem.
    if (!this.settings.project) return undefined;
    if (!DNS_SUBDOMAIN.test(name)) {
      origin.report.error(origin.keys, `${source} would be the ConfigMap "${name}", which is not a valid Kubernetes name: rename it`);
      return undefined;
    }
    const known = this.sources.get(name);
    if (known !== undefined && known !== source) {
      origin.report.error(origin.keys, `${source} and ${known} would both be the ConfigMap "${name}": rename one`);
      return undefined;
    }
    if (known === undefined) {
      this.sources.set(name, source);
      this.configMaps.push(configMapOf(name, contents));
    }
    return name;
  }
}

/** An env file by its name: `.env`, `.env.local`, `web.env`. */
const DOTENV_FILE = /^\.env($|\.)|\.env$/;

/** The paths (from the project root) of the files a ConfigMap read from `displayPath` holds. */
function filesOf(contents: Exclude<ConfigMapContents, { problem: string }>, displayPath: string): string[] {
  const keys = [...Object.keys(contents.data), ...Object.keys(contents.binaryData)];
  if (contents.items) return contents.items.map((item) => `${displayPath}/${item.path}`);
  // A single file is its own key; a directory's files are keys under it.
  return keys.length === 1 && path.posix.basename(displayPath) === keys[0] ? [displayPath] : keys.map((key) => `${displayPath}/${key}`);
}

/** One text value (a config's `content:` or variable) as a ConfigMap's contents, with the checks a file gets. */
function textContents(key: string, text: string): ConfigMapContents {
  if (holdsPrivateKey(text)) return { problem: 'holds a private key, which a ConfigMap would show to anyone who reads the namespace: make it a compose secret' };
  if (Buffer.byteLength(text) + key.length > CONFIG_MAP_LIMIT_BYTES) return { problem: 'is over 1 MiB, more than a ConfigMap holds: ship it in the image' };
  return { data: { [key]: text }, binaryData: {} };
}

/** A single file's contents under `key` (the compose config's name) instead of its base name. */
function rekeyed(contents: Exclude<ConfigMapContents, { problem: string }>, key: string): ConfigMapContents {
  const [[, text] = []] = Object.entries(contents.data);
  const [[, binary] = []] = Object.entries(contents.binaryData);
  return text !== undefined ? { data: { [key]: text }, binaryData: {} } : { data: {}, binaryData: { [key]: binary! } };
}
