/**
 * Runs the project's TypeScript sources without type checking, like `ts-node --transpile-only`, with
 * caches in node_modules/.cache that make a synth where nothing changed cost little more than loading
 * cdk8s itself (see the README's benchmark):
 *
 * - transpiled-typescript/: each file's JavaScript, so the TypeScript compiler, which alone costs more
 *   than the whole rendering, is loaded only when a file changed;
 * - compiled-javascript/: V8's code cache of each of those files and of the installed packages'
 *   modules (cdk8s and the rest), written when the process ends, so it also holds the functions the
 *   run compiled on the way; the next run skips compiling them;
 * - module-packs/: for each entry script (main.ts, scripts/*.ts), the two above for every module a run
 *   of it loaded (module-pack.cjs), in one file. A synth loads some 200 modules: reading one file
 *   instead of 300 was about a twentieth of a synth. A module whose file changed since is compiled from
 *   the caches above, and the pack is written again when the process ends. The pack also keeps where
 *   each request for an installed package resolved to (see resolveInstalled).
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
const { store } = require('./cache-store.cjs');
const { ModulePack } = require('./module-pack.cjs');

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

let typescript;
/** Modules compiled without a usable code cache, with their pack record: the cache is written when the process ends. */
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

const installedRoot = path.join(projectRoot, 'node_modules') + path.sep;

/**
 * What the installed packages are, as far as resolving requests for them goes: npm rewrites its
 * hidden lockfile whenever it installs, updates or removes a package, and the variables that change
 * Node's resolution (conditions and other flags in NODE_OPTIONS, symlinks preserved, extra paths) are
 * part of it; flags on the command line are part of the pack's name. Undefined without the lockfile
 * (another package manager, or none): then no resolution is kept.
 */
const installedState = (() => {
  try {
    const { size, mtimeMs, ctimeMs } = fs.statSync(path.join(installedRoot, '.package-lock.json'));
    const environment = ['NODE_OPTIONS', 'NODE_PRESERVE_SYMLINKS', 'NODE_PATH'].map((name) => process.env[name] ?? '');
    return JSON.stringify([size, mtimeMs, ctimeMs, ...environment]);
  } catch {
    return undefined;
  }
})();
const entryScript = process.argv[1] ? path.resolve(process.argv[1]) : undefined;
const pack = entryScript && new ModulePack(path.join(cacheRoot, 'module-packs', `${path.basename(entryScript)}-${hash(entryScript, compilePrefix)}.pack`), installedState);
/**
 * Modules left out of the pack: the TypeScript compiler (3.4 MB of code cache), which only a run after
 * an edit loads; every other run would read it for nothing.
 */
const UNPACKED = [path.join(installedRoot, 'typescript') + path.sep];

/**
 * Compiles a module with V8's code cache: the pack's (`packEntry`), else the one in the file
 * `compiledFileOf()` names when there is one. `packedCode` is the code the pack keeps: TypeScript's
 * output; none for an installed module, whose source Node reads.
 */
function compileWithCodeCache({ filename, key, code, packedCode, packEntry, compiledFileOf }) {
  const cachedData = packEntry ? pack.cachedDataOf(packEntry) : readOrUndefined(compiledFileOf());
  const script = new vm.Script(Module.wrap(code), { filename, cachedData });
  const accepted = script.cachedDataRejected === false;
  const record = { key, code: packedCode, script, cachedData: accepted ? cachedData : undefined };
  if (pack && !UNPACKED.some((directory) => filename.startsWith(directory))) pack.record(filename, record, packEntry !== undefined && accepted);
  // No cache yet (undefined), or one V8 refused (true): it is written when the process ends.
  if (!accepted && !packEntry) uncached.push({ record, compiledFile: compiledFileOf() });
  return script;
}

/** Runs a compiled module as Node runs a CommonJS module. */
function runModule(module, filename, script) {
  const moduleFunction = script.runInThisContext({ displayErrors: true });
  return moduleFunction.call(module.exports, module.exports, requireFor(module), module, filename, path.dirname(filename));
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { size, mtimeMs } = fs.statSync(filename);
  const key = `${size}\0${mtimeMs}`;
  const source = `${filename}\0${key}`;
  const name = path.basename(filename, '.ts');
  const packEntry = pack?.entryOf(filename, key);
  let code;
  if (packEntry) {
    code = pack.codeOf(packEntry);
  } else {
    const transpiledFile = path.join(transpiledDirectory, `${name}-${hash(source, transpilePrefix)}.js`);
    code = readOrUndefined(transpiledFile, 'utf8') ?? transpile(filename, transpiledFile);
  }
  const compiledFileOf = () => path.join(compiledDirectory, `${name}-${hash(source, compilePrefix)}.bin`);
  runModule(module, filename, compileWithCodeCache({ filename, key, code, packedCode: code, packEntry, compiledFileOf }));
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
const compileWithNode = Module.prototype._compile;
Module.prototype._compile = function compileInstalled(content, filename, format) {
  if (format === 'module' || !filename.startsWith(installedRoot)) return compileWithNode.call(this, content, filename, format);
  const { size, mtimeMs, ctimeMs } = fs.statSync(filename);
  const key = `${size}\0${mtimeMs}\0${ctimeMs}`;
  const name = path.basename(filename, path.extname(filename));
  const compiledFileOf = () => path.join(compiledDirectory, `${name}-${hash(`${filename}\0${key}`, compilePrefix)}.bin`);
  let script;
  try {
    script = compileWithCodeCache({ filename, key, code: content, packedCode: undefined, packEntry: pack?.entryOf(filename, key), compiledFileOf });
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
/**
 * A request that resolved to an installed file, from the pack: Node's resolution of a request walks
 * up the requiring module's directories for a package.json, and tries each candidate file and
 * extension with a stat; for the 300 requests cdk8s and the rest make of each other, that was about
 * 15 ms of a synth. A kept resolution is used while the installed packages are as they were
 * (installedState) and its file exists; otherwise Node resolves the request, and the pack keeps the
 * answer.
 */
function resolveInstalled(request, parent, isMain, options) {
  const key = resolutionKey(request, parent, isMain, options);
  const kept = key && pack.resolutionOf(key);
  return kept !== undefined && fs.existsSync(kept) ? kept : undefined;
}

function keepResolution(request, parent, isMain, options, filename) {
  const key = resolutionKey(request, parent, isMain, options);
  if (key && filename.startsWith(installedRoot)) pack.keepResolution(key, filename);
}

/**
 * The key of a request whose resolution depends only on the requiring module's directory and the
 * installed packages; undefined for any other. Left to Node: the entry script, requests with options,
 * a parent without a file of its own (a preloaded module resolves from the working directory), and
 * `#` imports, which the project's package.json maps.
 */
function resolutionKey(request, parent, isMain, options) {
  if (!pack || installedState === undefined || isMain || options !== undefined || request.startsWith('#')) return undefined;
  if (!parent || typeof parent.filename !== 'string' || typeof parent.path !== 'string' || !path.isAbsolute(parent.path)) return undefined;
  return `${parent.path}\0${request}`;
}

const resolveWithNode = Module._resolveFilename;
Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
  const ownFile = parent && typeof parent.filename === 'string' && parent.filename.endsWith('.ts') && parent.filename.startsWith(projectRoot + path.sep) &&
    !parent.filename.slice(projectRoot.length).includes(`${path.sep}node_modules${path.sep}`);
  if (ownFile && !isMain && options === undefined && (request.startsWith('./') || request.startsWith('../'))) {
    const resolved = resolveProjectFile(request, parent);
    if (resolved !== undefined) return resolved;
  }
  const kept = resolveInstalled(request, parent, isMain, options);
  if (kept !== undefined) return kept;
  const filename = resolveWithNode.call(this, request, parent, isMain, options);
  keepResolution(request, parent, isMain, options, filename);
  return filename;
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
  for (const { record, compiledFile } of uncached) {
    try {
      record.cachedData = record.script.createCachedData();
      store(compiledDirectory, compiledFile, record.cachedData);
    } catch {
      // A cache that cannot be written only costs the next run some time.
    }
  }
  if (pack?.stale) {
    try {
      pack.write();
    } catch {
      // Likewise: the next run reads the modules' own cache files.
    }
  }
});
