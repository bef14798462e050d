/**
 * Runs the project's TypeScript sources without type checking, like `ts-node --transpile-only`, with
 * two caches in node_modules/.cache that make a synth where nothing changed cost little more than
 * loading cdk8s itself (see the README's benchmark):
 *
 * - transpiled-typescript/: each file's JavaScript, so the TypeScript compiler, which alone costs more
 *   than the whole rendering, is loaded only when a file changed;
 * - compiled-javascript/: V8's code cache of each of those files and of the installed packages'
 *   modules (cdk8s and the rest), written when the process ends, so it also holds the functions the
 *   run compiled on the way; the next run skips compiling them.
 *
 * Relative requests between the project's own files are resolved from a listing of each directory
 * (see resolveProjectFile), and the settings part of each cache key is hashed once per process: with
 * a hundred modules, both are measurable parts of a synth.
 *
 * Entries are keyed by the source's path, size and modification time (an edit changes the time),
 * the compiler version and settings, and for the code cache the V8 version and flags. Checking metadata
 * rather than hashing contents keeps a synth from reading every source twice. Type checking is
 * `tsc --noEmit`, which `npm test` and CI run. Only the project's own sources are transpiled here.
 *
 * Usage: node --require ./tools/register-typescript.cjs main.ts
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const projectRoot = path.resolve(__dirname, '..');
const cacheRoot = path.join(projectRoot, 'node_modules', '.cache');
const transpiledDirectory = path.join(cacheRoot, 'transpiled-typescript');
const compiledDirectory = path.join(cacheRoot, 'compiled-javascript');
const compilerVersion = require(path.join(projectRoot, 'node_modules', 'typescript', 'package.json')).version;
// The tsconfig's module and target, which is all transpileModule needs to know.
const compilerOptions = { module: 'commonjs', target: 'ES2022', esModuleInterop: true };
const transpileSettings = `${compilerVersion}:${JSON.stringify(compilerOptions)}`;
// V8 rejects a code cache made by another V8 version or with other flags.
const compileSettings = `${transpileSettings}:${process.versions.v8}:${process.execArgv.join(' ')}`;
const transpilePrefix = crypto.createHash('sha256').update(`${transpileSettings}\0`);
const compilePrefix = crypto.createHash('sha256').update(`${compileSettings}\0`);

/** Entries older than this are removed when something new is cached, so the caches stay small. */
const CACHE_LIFETIME_MS = 7 * 24 * 3600 * 1000;

let typescript;
const pruned = new Set();
/** Scripts compiled without a usable code cache: their cache is written when the process ends. */
const uncached = [];

/**
 * A short hash of `text` after `prefix` (the settings, hashed once per process), for cache file names.
 * Node's crypto rather than a hash in JavaScript: a synth loads crypto anyway (`constructs` does, as it
 * starts), and hashing a key in JavaScript under --no-opt cost about 0.1M instructions, some 3% of a
 * synth over its 300 keys.
 */
function hash(text, prefix) {
  return prefix.copy().update(text).digest('base64url').slice(0, 16);
}

/** Writes a cache entry through a temporary file, so a concurrent run never reads half of one. */
function store(directory, file, content) {
  fs.mkdirSync(directory, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
  if (!pruned.has(directory)) prune(directory);
}

/** Removes stale entries: ones for files since edited, moved or deleted, or for copies of the project. */
function prune(directory) {
  pruned.add(directory);
  const oldest = Date.now() - CACHE_LIFETIME_MS;
  for (const name of fs.readdirSync(directory)) {
    const entry = path.join(directory, name);
    try {
      if (fs.statSync(entry).mtimeMs < oldest) fs.rmSync(entry, { force: true });
    } catch {
      // Removed by a concurrent run.
    }
  }
}

function readOrUndefined(file, encoding) {
  try {
    return fs.readFileSync(file, encoding);
  } catch {
    return undefined;
  }
}

function transpile(filename, cached) {
  typescript ??= require('typescript');
  const output = typescript.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename }).outputText;
  store(transpiledDirectory, cached, output);
  return output;
}

/** Compiles a module's code, with V8's code cache in `compiledFile` when there is one. */
function compileWithCodeCache(filename, code, compiledFile) {
  const script = new vm.Script(Module.wrap(code), { filename, cachedData: readOrUndefined(compiledFile) });
  // No cache yet (undefined), or one V8 refused (true): it is written when the process ends.
  if (script.cachedDataRejected !== false) uncached.push({ script, compiledFile });
  return script;
}

/** Runs a compiled module as Node runs a CommonJS module. */
function runModule(module, filename, script) {
  const moduleFunction = script.runInThisContext({ displayErrors: true });
  return moduleFunction.call(module.exports, module.exports, requireFor(module), module, filename, path.dirname(filename));
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { size, mtimeMs } = fs.statSync(filename);
  const source = `${filename}\0${size}\0${mtimeMs}`;
  const name = path.basename(filename, '.ts');
  const transpiledFile = path.join(transpiledDirectory, `${name}-${hash(source, transpilePrefix)}.js`);
  const code = readOrUndefined(transpiledFile, 'utf8') ?? transpile(filename, transpiledFile);
  runModule(module, filename, compileWithCodeCache(filename, code, path.join(compiledDirectory, `${name}-${hash(source, compilePrefix)}.bin`)));
};

/**
 * The installed packages' CommonJS modules (cdk8s, its yaml, constructs, the L1 bindings…) get the
 * same code cache. Node 20 has none for them (module.enableCompileCache is Node 22), and compiling
 * them was about a fifth of a synth: the L1 bindings alone are 2.5 MB of JavaScript. Node's loader
 * still resolves, reads and checks each file; only the compilation is replaced, and anything that is
 * not plain CommonJS (an ES module, or a file Node must first detect as one) is left to Node. An
 * installed file's key has its change time too: a reinstall can keep a file's path, size and
 * modification time (packed tarballs carry fixed times) with other contents, and V8 checks only the
 * source's length against the cache.
 */
const installedRoot = path.join(projectRoot, 'node_modules') + path.sep;
const compileWithNode = Module.prototype._compile;
Module.prototype._compile = function compileInstalled(content, filename, format) {
  if (format === 'module' || !filename.startsWith(installedRoot)) return compileWithNode.call(this, content, filename, format);
  const { size, mtimeMs, ctimeMs } = fs.statSync(filename);
  const name = path.basename(filename, path.extname(filename));
  const compiledFile = path.join(compiledDirectory, `${name}-${hash(`${filename}\0${size}\0${mtimeMs}\0${ctimeMs}`, compilePrefix)}.bin`);
  let script;
  try {
    script = compileWithCodeCache(filename, content, compiledFile);
  } catch (error) {
    // ES module syntax in a package without a "type": Node detects that and loads it as one.
    if (error instanceof SyntaxError) return compileWithNode.call(this, content, filename, format);
    throw error;
  }
  return runModule(this, filename, script);
};

const listings = new Map();
const NODE_EXTENSIONS = ['', '.js', '.json', '.node'];
function entriesOf(directory) {
  let entries = listings.get(directory);
  if (entries === undefined) {
    try { entries = new Set(fs.readdirSync(directory)); } catch { entries = null; }
    listings.set(directory, entries);
  }
  return entries;
}
function resolveProjectFile(request, parent) {
  const target = path.resolve(path.dirname(parent.filename), request);
  const entries = entriesOf(path.dirname(target));
  const base = path.basename(target);
  if (!entries || NODE_EXTENSIONS.slice(1).some((extension) => entries.has(base + extension))) return undefined;
  if (!entries.has(base)) return entries.has(`${base}.ts`) ? `${target}.ts` : undefined;
  const inner = entries.has(`${base}.ts`) ? null : entriesOf(target);
  if (!inner || !inner.has('index.ts') || inner.has('package.json') || NODE_EXTENSIONS.some((extension) => extension && inner.has(`index${extension}`))) return undefined;
  return path.join(target, 'index.ts');
}
const resolveWithNode = Module._resolveFilename;
Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
  const ownFile = parent && typeof parent.filename === 'string' && parent.filename.endsWith('.ts') && parent.filename.startsWith(projectRoot + path.sep) &&
    !parent.filename.slice(projectRoot.length).includes(`${path.sep}node_modules${path.sep}`);
  if (ownFile && !isMain && options === undefined && (request.startsWith('./') || request.startsWith('../'))) {
    const resolved = resolveProjectFile(request, parent);
    if (resolved !== undefined) return resolved;
  }
  return resolveWithNode.call(this, request, parent, isMain, options);
};

/** The `require` a module's code sees, as Node builds it for its own modules (Module.createRequire costs more). */
function requireFor(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.cache = Module._cache;
  require.extensions = Module._extensions;
  return require;
}

process.on('exit', () => {
  for (const { script, compiledFile } of uncached) {
    try {
      store(compiledDirectory, compiledFile, script.createCachedData());
    } catch {
      // A cache that cannot be written only costs the next run some time.
    }
  }
});
