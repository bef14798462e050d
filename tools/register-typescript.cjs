/**
 * Runs the project's TypeScript sources without type checking, like `ts-node --transpile-only`, but
 * keeps each file's transpiled JavaScript in node_modules/.cache. A synth where nothing changed then
 * never loads the TypeScript compiler, which alone costs more than the whole rendering. Type checking
 * is `tsc --noEmit`, which `npm test` and CI run.
 *
 * A cache entry is keyed by the file's path, size and modification time and by the compiler version
 * and settings: an edit changes the modification time, so it is transpiled again. Checking the
 * metadata instead of hashing the contents keeps a synth from reading every source file twice.
 *
 * Usage: node --require ./tools/register-typescript.cjs main.ts
 */
'use strict';
const fs = require('fs');
const path = require('path');

const projectRoot = path.resolve(__dirname, '..');
const cacheDirectory = path.join(projectRoot, 'node_modules', '.cache', 'transpiled-typescript');
const compilerVersion = require(path.join(projectRoot, 'node_modules', 'typescript', 'package.json')).version;
// The tsconfig's module and target, which is all transpileModule needs to know.
const compilerOptions = { module: 'commonjs', target: 'ES2022', esModuleInterop: true };
const settingsKey = `${compilerVersion}:${JSON.stringify(compilerOptions)}`;

/** Entries older than this are removed when something new is transpiled, so the cache stays small. */
const CACHE_LIFETIME_MS = 7 * 24 * 3600 * 1000;

let typescript;
let pruned = false;

/** Removes stale entries: ones for files since edited, moved or deleted, or copies of the project. */
function pruneCache() {
  pruned = true;
  const oldest = Date.now() - CACHE_LIFETIME_MS;
  for (const name of fs.readdirSync(cacheDirectory)) {
    const entry = path.join(cacheDirectory, name);
    try {
      if (fs.statSync(entry).mtimeMs < oldest) fs.rmSync(entry, { force: true });
    } catch {
      // Removed by a concurrent run.
    }
  }
}

/** A 53-bit hash of a string (cyrb53): short, stable cache file names without loading node's crypto. */
function hash(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function transpiled(filename) {
  const { size, mtimeMs } = fs.statSync(filename);
  const cached = path.join(cacheDirectory, `${path.basename(filename, '.ts')}-${hash(`${settingsKey}\0${filename}\0${size}\0${mtimeMs}`)}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // Not cached yet: transpile below.
  }
  typescript ??= require('typescript');
  const source = fs.readFileSync(filename, 'utf8');
  const output = typescript.transpileModule(source, { compilerOptions, fileName: filename }).outputText;
  fs.mkdirSync(cacheDirectory, { recursive: true });
  // Write then rename, so a concurrent run never reads a half-written file.
  const temporary = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, output);
  fs.renameSync(temporary, cached);
  if (!pruned) pruneCache();
  return output;
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(transpiled(filename), filename);
};
