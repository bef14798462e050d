import * as fs from 'fs';
import * as path from 'path';
import type { ConfigMapModel } from '../model';
import { holdsPrivateKey } from '../policies/sensitive-names';

/**
 * Reading files of the stack folder (the directory of the first compose file, where compose resolves
 * relative paths) for the ConfigMaps that carry them into the cluster: bind-mounted configuration
 * files and directories, compose configs, env files. Nothing outside that folder is ever read.
 */

/** The API server refuses a ConfigMap whose data exceeds 1 MiB (etcd's object limit). */
export const CONFIG_MAP_LIMIT_BYTES = 1024 * 1024;

/** What a path of the compose file names in the stack folder. */
export type StackPath =
  | { readonly kind: 'file' | 'directory'; /** From the project root, `/`-separated. */ readonly displayPath: string; readonly absolute: string }
  | { readonly kind: 'missing'; readonly displayPath: string }
  | { readonly kind: 'outside'; readonly displayPath: string };

/** One file read for a ConfigMap: its path inside what was mounted (`conf.d/site.conf`) and its bytes. */
interface ReadFile {
  readonly relative: string;
  readonly content: Buffer;
}

/** A ConfigMap's contents, or why they cannot be one. */
export type ConfigMapContents =
  | {
      readonly data: Record<string, string>;
      readonly binaryData: Record<string, string>;
      /** Where each key goes in a mounted directory, when a key cannot be the file's own path. */
      readonly items?: ReadonlyArray<{ readonly key: string; readonly path: string }>;
    }
  | { readonly problem: string };

export class StackFolder {
  /**
   * @param projectRoot the project, which every path is relative to
   * @param folder the stack folder from the project root (`compose`, `compose/wordpress`)
   */
  readonly folder: string;

  constructor(
    private readonly projectRoot: string,
    folder: string,
  ) {
    const normalised = path.posix.normalize(folder.replace(/\\/g, '/'));
    this.folder = normalised === '.' ? '' : normalised.replace(/\/$/, '');
  }

  /**
   * Where `source` (relative to the stack folder, as compose reads it) lies. Outside the folder, through
   * `..` or a symbolic link, is refused: the cluster has no host to read it from, and dist/ must not
   * depend on the machine that ran the synth.
   */
  locate(source: string): StackPath {
    const displayPath = this.displayPathOf(source);
    if (path.posix.isAbsolute(source) || source.startsWith('~') || !this.inside(displayPath)) return { kind: 'outside', displayPath };
    const absolute = path.join(this.projectRoot, displayPath);
    let stats: fs.Stats;
    try {
      stats = fs.statSync(absolute);
    } catch {
      return { kind: 'missing', displayPath };
    }
    if (!this.inside(path.relative(this.projectRoot, realPath(absolute)).split(path.sep).join('/'))) return { kind: 'outside', displayPath };
    return { kind: stats.isDirectory() ? 'directory' : 'file', displayPath, absolute };
  }

  /** Where `source` points, from the project root, without looking at the disk. */
  displayPathOf(source: string): string {
    return path.posix.normalize(path.posix.join(this.folder, source.replace(/\\/g, '/')));
  }

  /**
   * The contents of a file (one key, its base name) or a directory (a key per file, its subdirectories
   * kept through `items`), refused when over the ConfigMap limit, when a file holds a private key, or
   * when a directory holds no file (it is a data directory the service writes to).
   */
  readConfigMapContents(located: Extract<StackPath, { kind: 'file' | 'directory' }>): ConfigMapContents {
    try {
      return this.readContents(located);
    } catch (error) {
      // A file that cannot be read (permissions, removed meanwhile) is a problem of the input, not a crash.
      return { problem: `${located.displayPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
    }
  }

  private readContents(located: Extract<StackPath, { kind: 'file' | 'directory' }>): ConfigMapContents {
    const files: ReadFile[] = [];
    let bytes = 0;
    const visit = (absolute: string, relative: string): string | undefined => {
      for (const entry of fs.readdirSync(absolute, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const child = path.join(absolute, entry.name);
        const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
        const target = entry.isSymbolicLink() ? realPath(child) : child;
        if (entry.isSymbolicLink() && !this.inside(path.relative(this.projectRoot, target).split(path.sep).join('/'))) {
          return `${located.displayPath}/${childRelative} links outside the stack folder`;
        }
        const stats = fs.statSync(target);
        if (stats.isDirectory()) {
          const problem = visit(target, childRelative);
          if (problem) return problem;
        } else if (stats.isFile()) {
          bytes += stats.size;
          // Sizes first: a large data directory is refused before any of it is read.
          if (bytes > CONFIG_MAP_LIMIT_BYTES) return tooLarge(located.displayPath, bytes);
          files.push({ relative: childRelative, content: fs.readFileSync(target) });
        }
      }
      return undefined;
    };
    if (located.kind === 'file') {
      const size = fs.statSync(located.absolute).size;
      if (size > CONFIG_MAP_LIMIT_BYTES) return { problem: tooLarge(located.displayPath, size) };
      files.push({ relative: path.posix.basename(located.displayPath), content: fs.readFileSync(located.absolute) });
    } else {
      const problem = visit(located.absolute, '');
      if (problem) return { problem };
      // A checkout keeps an empty directory only through a placeholder (.gitkeep): what is mounted there is data.
      if (files.every((file) => path.posix.basename(file.relative).startsWith('.'))) {
        return { problem: `${located.displayPath} holds no files: a directory the service fills is data; use a named volume` };
      }
    }
    return toContents(located.displayPath, files);
  }

  private inside(displayPath: string): boolean {
    const folderReal = path.relative(this.projectRoot, realPath(path.join(this.projectRoot, this.folder))).split(path.sep).join('/');
    const within = (folder: string) => folder === '' || displayPath === folder || displayPath.startsWith(`${folder}/`);
    return !displayPath.startsWith('../') && displayPath !== '..' && (within(this.folder) || within(folderReal));
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function tooLarge(displayPath: string, bytes: number): string {
  return `${displayPath} is over ${bytes >= CONFIG_MAP_LIMIT_BYTES * 2 ? Math.floor(bytes / CONFIG_MAP_LIMIT_BYTES) + ' MiB' : '1 MiB'}, more than a ConfigMap holds: ship it in the image (bindMounts: image in environments/stack.yaml) or use a named volume`;
}

/** ConfigMap keys: letters, digits, `-`, `_`, `.`. */
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

function toContents(displayPath: string, files: readonly ReadFile[]): ConfigMapContents {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const items: Array<{ key: string; path: string }> = [];
  let size = 0;
  for (const file of files) {
    const key = file.relative.replace(/[^-._a-zA-Z0-9]/g, '_');
    if (!CONFIG_MAP_KEY.test(key) || key === '.' || key === '..') return { problem: `${displayPath}/${file.relative}: "${key}" cannot be a ConfigMap key` };
    if (key in data || key in binaryData) return { problem: `${displayPath}: two files would share the ConfigMap key "${key}"; rename one` };
    const text = file.content.toString('utf8');
    if (holdsPrivateKey(text)) {
      return { problem: `${displayPath}${files.length > 1 || file.relative !== path.posix.basename(displayPath) ? `/${file.relative}` : ''} holds a private key, which a ConfigMap would show to anyone who reads the namespace: make it a compose secret` };
    }
    // Text that is not UTF-8 as written (or holds a NUL) is binary: kubectl does the same with --from-file.
    if (Buffer.from(text, 'utf8').equals(file.content) && !text.includes('\u0000')) {
      data[key] = text;
      size += key.length + file.content.length;
    } else {
      binaryData[key] = file.content.toString('base64');
      size += key.length + binaryData[key].length;
    }
    items.push({ key, path: file.relative });
  }
  if (size > CONFIG_MAP_LIMIT_BYTES) return { problem: tooLarge(displayPath, size) };
  const needsItems = items.some((item) => item.key !== item.path);
  return { data, binaryData, items: needsItems ? items : undefined };
}

/** A DNS label from free text (a path, a compose name): `./nginx/site.conf` → `nginx-site-conf`. */
export function nameSlug(text: string): string {
  return text.toLowerCase().replace(/^\.\//, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The ConfigMap model of `contents` under `name`. */
export function configMapOf(name: string, contents: Exclude<ConfigMapContents, { problem: string }>): ConfigMapModel {
  return { name, data: contents.data, binaryData: Object.keys(contents.binaryData).length > 0 ? contents.binaryData : undefined };
}
