import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { formatProblem } from '../../lib/errors';
import { loadStacks, type LoadResult } from '../../lib/loader/load-stack';
import { loadProblems, synthModel, type Manifest } from './project';

/**
 * A throw-away project around one small compose file, for tests of compose features on stacks other
 * than the Trámites one. The compose file is written as given (so its line numbers are the test's),
 * and a last compose file adds what the loader requires of every service that the test does not care
 * about: a project name, resource limits; stack.yaml names the user each image runs as (`podSecurity`),
 * and dev.yaml a size for each named volume.
 * `stack` and `environment` are extra lines of stack.yaml and dev.yaml.
 */
export interface SmallStack {
  readonly compose: string;
  /** Another compose file merged on top (compose's override rules), as `docker-compose.override.yml`. */
  readonly overlay?: string;
  readonly stack?: string;
  readonly environment?: string;
}

export const SMALL_STACK_COMPOSE = 'compose/docker-compose.yml';
export const SMALL_STACK_ENVIRONMENT = 'environments/dev.yaml';

export function writeSmallStack({ compose, overlay, stack = '', environment = '' }: SmallStack): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'small-stack-'));
  fs.mkdirSync(path.join(root, 'compose'));
  fs.mkdirSync(path.join(root, 'environments'));
  fs.writeFileSync(path.join(root, SMALL_STACK_COMPOSE), compose);
  const composeFiles = ['docker-compose.yml'];
  if (overlay !== undefined) {
    fs.writeFileSync(path.join(root, 'compose', 'docker-compose.override.yml'), overlay);
    composeFiles.push('docker-compose.override.yml');
  }
  const document = parse(compose) ?? {};
  const services = Object.entries<any>(document.services ?? {});
  const required = {
    name: document.name ?? 'shop',
    services: Object.fromEntries(services.filter(([, body]) => !body?.deploy?.resources).map(([name]) => [name, { deploy: { resources: { limits: { cpus: '0.5', memory: '256M' } } } }])),
  };
  fs.writeFileSync(path.join(root, 'compose', 'docker-compose.required.yml'), stringify(required));
  composeFiles.push('docker-compose.required.yml');
  fs.writeFileSync(path.join(root, 'compose', '.env'), '');
  fs.writeFileSync(
    path.join(root, 'environments', 'stack.yaml'),
    [
      'environments: [dev]',
      'composeDirectory: compose',
      'envFile: .env',
      'secret: { name: shop-secrets, keys: [] }',
      'ephemeralStorage: { request: 64Mi, limit: 256Mi }',
      'kubernetesVersion: "1.34"',
      'podSecurity:',
      ...services.map(([name]) => `  ${name}: { user: 1000, group: 1000, writablePaths: [/tmp] }`),
      stack,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(root, SMALL_STACK_ENVIRONMENT),
    [
      'namespace: shop-dev',
      `composeFiles: [${composeFiles.join(', ')}]`,
      'host: shop.example.test',
      'movingTags: true',
      'storage:',
      ...Object.keys(document.volumes ?? {}).map((volume) => `  ${volume}: { size: 1Gi }`),
      environment,
      '',
    ].join('\n'),
  );
  return root;
}

/** Loads a small stack: its model and the warnings, or throws the ConfigError. */
export function loadSmallStack(stack: SmallStack): LoadResult {
  return loadStacks(writeSmallStack(stack));
}

/** The rendered objects of a small stack. */
export function synthSmallStack(stack: SmallStack): Manifest[] {
  return synthModel(loadSmallStack(stack).models[0]);
}

/** The one-line problems a small stack's load refuses it with; fails the test when it loads. */
export function smallStackProblems(stack: SmallStack): string[] {
  return loadProblems(writeSmallStack(stack));
}

/** The one-line warnings of a small stack that loads. */
export function smallStackWarnings(stack: SmallStack): string[] {
  return loadSmallStack(stack).warnings.map(formatProblem);
}
