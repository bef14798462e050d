import type { Type } from 'js-yaml';
import * as path from 'path';

/**
 * js-yaml from its single-file build: the same code as the package's entry point, which spreads over
 * 25 modules; loading one file instead saves more time than parsing all our YAML takes. The package's
 * exports map does not list that file, hence the path. Its declarations leave out `types`, which the
 * build exports. Shared by the loader (compose files and settings) and the day-2 comparison (the
 * manifests of a previous render).
 */
export const jsYaml: typeof import('js-yaml') & { types: { merge: Type } } = require(
  path.join(path.dirname(require.resolve('js-yaml')), 'dist', 'js-yaml.js'),
);

/** The installed js-yaml's version: the kept parses (see cache-files.ts) are keyed by it. */
export const JS_YAML_VERSION: string = require('js-yaml/package.json').version;
