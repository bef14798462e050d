import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatProblem } from '../../lib/errors';
import { loadStacks, type LoadResult } from '../../lib/loader/load-stack';
import { loadProblems } from './project';

/**
 * A project built in a temporary directory around one small compose stack in `compose/shop/`: the
 * settings it needs today (one environment, dev), and the files it mounts. Each entry of `files` is a
 * path under the stack folder and its content (a Buffer for binary files).
 */
export function writeStack(compose: string, files: Record<string, string | Buffer> = {}, settings: { stack?: string; dev?: string } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-files-'));
  const write = (file: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  };
  write('compose/shop/docker-compose.yml', compose);
  write('compose/shop/.env', 'GREETING=hello\n');
  for (const [file, content] of Object.entries(files)) write(`compose/shop/${file}`, content);
  write(
    'environments/stack.yaml',
    [
      'environments: [dev]',
      'composeDirectory: compose/shop',
      'envFile: .env',
      'kubernetesVersion: "1.34"',
      'secret: { name: shop-secrets, keys: [API_TOKEN] }',
      'ephemeralStorage: { request: 256Mi, limit: 1Gi }',
      'podSecurity:',
      '  web: { user: 101, group: 101, writablePaths: [/tmp] }',
      settings.stack ?? '',
    ].join('\n'),
  );
  write('environments/dev.yaml', ['namespace: shop-dev', 'composeFiles: [docker-compose.yml]', 'host: shop.example.org', settings.dev ?? ''].join('\n'));
  return root;
}

/** A compose file of one service `web` (nginx) with the given lines under it, and top-level `extra` lines. */
export function webService(lines: readonly string[], extra: readonly string[] = []): string {
  return [
    'name: shop',
    'services:',
    '  web:',
    '    image: nginx:1.27.3',
    '    deploy: { resources: { limits: { cpus: "0.5", memory: 256M } } }',
    ...lines.map((line) => `    ${line}`),
    ...extra,
    '',
  ].join('\n');
}

/** Loads the project's dev environment. */
export function loadDev(root: string): LoadResult {
  return loadStacks(root, ['dev']);
}

/** The one-line problems the load of `root`'s dev environment throws (it must throw). */
export function problemsOf(root: string): string[] {
  return loadProblems(root, ['dev']);
}

/** The warnings of loading the stack's dev environment, one line each, as the synth prints them (after `warning: `). */
export function warningsOf(root: string): string[] {
  return loadDev(root).warnings.map(formatProblem);
}
