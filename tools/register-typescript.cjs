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
 * - module-packs/: for each entry script (main.ts, scripts/*.ts), the two above for every module its
 *   last run loaded, in one file. A synth loads some 200 modules: reading one file instead of 300 was
 *   about a twentieth of a synth. A module whose file changed since is compiled from the caches above,
 *   and the pack is written again when the process ends. The pack also keeps where each request for
 *   an installed package resolved to (see resolveInstalled).
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
/** How often a cache directory is pruned, at most. */
const PRUNE_INTERVAL_MS = 24 * 3600 * 1000;

let typescript;
const pruned = new Set();
/** Modules compiled without a usable code cache (their `compiled` record): it is written when the process ends. */
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

/**
 * Removes stale entries: ones for files since edited, moved or deleted, or for copies of the project.
 * At most once a day per directory (the time of its `.pruned` file says when): the code cache holds
 * thousands of entries, and reading all their times cost a synth after any edit about 100 ms.
 */
function prune(directory) {
  pruned.add(directory);
  const marker = path.join(directory, '.pruned');
  try {
    if (fs.statSync(marker).mtimeMs > Date.now() - PRUNE_INTERVAL_MS) return;
  } catch {
    // Never pruned: prune now.
  }
  fs.writeFileSync(marker, '');
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

/**
 * The pack of this entry script: a 4-byte length, a JSON header { modules: [filename, key, code bytes
 * (-1: none), code cache bytes] for each module, installed, resolutions }, then each module's code
 * (TypeScript's output; an installed module's source is read by Node) and code cache, in that order.
 */
const packDirectory = path.join(cacheRoot, 'module-packs');
const entryScript = process.argv[1] ? path.resolve(process.argv[1]) : undefined;
const packFile = entryScript && path.join(packDirectory, `${path.basename(entryScript)}-${hash(entryScript, compilePrefix)}.pack`);
/**
 * What the installed packages are, as far as resolving requests goes: npm rewrites its hidden
 * lockfile whenever it installs, updates or removes a package. Undefined without one (another package
 * manager, or none): then no resolution is kept.
 */
const installedState = (() => {
  try {
    const { size, mtimeMs, ctimeMs } = fs.statSync(path.join(projectRoot, 'node_modules', '.package-lock.json'));
    return `${size}\0${mtimeMs}\0${ctimeMs}`;
  } catch {
    return undefined;
  }
})();
let packBuffer;
/** The pack's modules by filename: { key, codeStart, codeEnd (undefined without code), cacheStart, cacheEnd }. */
const packed = new Map();
/** Requests for installed packages and where they resolved: `${directory of the requiring module}\0${request}` → filename. */
const resolutions = new Map();
readPack();
/** Every module compiled in this process, by filename, to write the pack: { key, code, script, cachedData }. */
const compiled = new Map();
/** Whether a module was compiled from elsewhere than the pack, V8 refused its cache there, or a request resolved anew. */
let packStale = false;

function readPack() {
  if (!packFile) return;
  try {
    packBuffer = fs.readFileSync(packFile);
    const headerLength = packBuffer.readUInt32LE(0);
    let offset = 4 + headerLength;
    const header = JSON.parse(packBuffer.toString('utf8', 4, offset));
    for (const [filename, key, codeLength, cacheLength] of header.modules) {
      const codeStart = codeLength < 0 ? undefined : offset;
      if (codeStart !== undefined) offset += codeLength;
      packed.set(filename, { key, codeStart, codeEnd: codeStart === undefined ? undefined : offset, cacheStart: offset, cacheEnd: offset + cacheLength });
      offset += cacheLength;
    }
    if (offset !== packBuffer.length) throw new Error('a damaged pack');
    if (installedState !== undefined && header.installed === installedState) for (const [request, filename] of header.resolutions) resolutions.set(request, filename);
  } catch {
    // No pack yet, or a damaged one: every module comes from its own cache files, and the pack is written anew.
    packed.clear();
    resolutions.clear();
  }
}

/** The pack's entry for `filename` if it was packed with the same `key` (its file is unchanged since). */
function packEntryOf(filename, key) {
  const entry = packed.get(filename);
  return entry !== undefined && entry.key === key ? entry : undefined;
}

function writePack() {
  const parts = [];
  const header = [];
  const add = (filename, key, code, cachedData) => {
    header.push([filename, key, code === undefined ? -1 : code.length, cachedData.length]);
    if (code !== undefined) parts.push(code);
    parts.push(cachedData);
  };
  for (const [filename, { key, code, script, cachedData }] of compiled) {
    add(filename, key, code === undefined ? undefined : Buffer.from(code), cachedData ?? script.createCachedData());
  }
  // Modules of the old pack this run did not load stay while their file exists: another run of the
  // same entry may load them (a synth that changed something loads the day-2 rules).
  for (const [filename, entry] of packed) {
    if (compiled.has(filename) || !fs.existsSync(filename)) continue;
    const code = entry.codeStart === undefined ? undefined : packBuffer.subarray(entry.codeStart, entry.codeEnd);
    add(filename, entry.key, code, packBuffer.subarray(entry.cacheStart, entry.cacheEnd));
  }
  const headerBuffer = Buffer.from(JSON.stringify({ modules: header, installed: installedState, resolutions: installedState === undefined ? [] : [...resolutions] }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBuffer.length);
  store(packDirectory, packFile, Buffer.concat([length, headerBuffer, ...parts]));
  keepNewestPacks();
}

/**
 * A pack is some 4 MB, and every copy of the project (the tests make dozens) has an entry script of
 * its own: only the most recently written packs are kept, and any written in the last minutes (a run
 * in progress may be about to use it). One removed costs its entry's next run what it saves, and
 * writes it again.
 */
const KEPT_PACKS = 8;
const RECENT_PACK_MS = 10 * 60 * 1000;
function keepNewestPacks() {
  const packs = [];
  for (const name of fs.readdirSync(packDirectory)) {
    try {
      if (name.endsWith('.pack')) packs.push({ file: path.join(packDirectory, name), time: fs.statSync(path.join(packDirectory, name)).mtimeMs });
    } catch {
      // Removed by a concurrent run.
    }
  }
  packs.sort((a, b) => b.time - a.time);
  const recent = Date.now() - RECENT_PACK_MS;
  for (const { file, time } of packs.slice(KEPT_PACKS)) if (file !== packFile && time < recent) fs.rmSync(file, { force: true });
}

/**
 * Compiles a module's code with V8's code cache: the pack's (`entry`), else the one in the file
 * `compiledFileOf()` names when there is one. `code` is kept for the pack when `keepCode`.
 */
function compileWithCodeCache(filename, key, code, keepCode, entry, compiledFileOf) {
  const cachedData = entry ? packBuffer.subarray(entry.cacheStart, entry.cacheEnd) : readOrUndefined(compiledFileOf());
  const script = new vm.Script(Module.wrap(code), { filename, cachedData });
  const accepted = script.cachedDataRejected === false;
  const record = { key, code: keepCode ? code : undefined, script, cachedData: accepted ? cachedData : undefined };
  compiled.set(filename, record);
  // No cache yet (undefined), or one V8 refused (true): it is written when the process ends.
  if (!accepted && !entry) uncached.push({ record, compiledFile: compiledFileOf() });
  if (!entry || !accepted) packStale = true;
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
  const entry = packEntryOf(filename, key);
  let code;
  if (entry) {
    code = packBuffer.toString('utf8', entry.codeStart, entry.codeEnd);
  } else {
    const transpiledFile = path.join(transpiledDirectory, `${name}-${hash(source, transpilePrefix)}.js`);
    code = readOrUndefined(transpiledFile, 'utf8') ?? transpile(filename, transpiledFile);
  }
  const compiledFileOf = () => path.join(compiledDirectory, `${name}-${hash(source, compilePrefix)}.bin`);
  runModule(module, filename, compileWithCodeCache(filename, key, code, true, entry, compiledFileOf));
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
  const key = `${size}\0${mtimeMs}\0${ctimeMs}`;
  const name = path.basename(filename, path.extname(filename));
  const compiledFileOf = () => path.join(compiledDirectory, `${name}-${hash(`${filename}\0${key}`, compilePrefix)}.bin`);
  let script;
  try {
    script = compileWithCodeCache(filename, key, content, false, packEntryOf(filename, key), compiledFileOf);
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
 * 15 ms of a synth. A kept resolution is used while npm's lockfile is unchanged (installedState) and
 * its file exists; otherwise Node resolves the request, and the pack keeps the answer.
 */
function resolveInstalled(request, parent, isMain, options) {
  if (installedState === undefined || isMain || options !== undefined || !parent || typeof parent.path !== 'string') return undefined;
  const kept = resolutions.get(`${parent.path}\0${request}`);
  return kept !== undefined && fs.existsSync(kept) ? kept : undefined;
}

function keepResolution(request, parent, isMain, options, filename) {
  if (installedState === undefined || isMain || options !== undefined || !parent || typeof parent.path !== 'string' || !filename.startsWith(installedRoot)) return;
  resolutions.set(`${parent.path}\0${request}`, filename);
  packStale = true;
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
  if (packFile && packStale) {
    try {
      writePack();
    } catch {
      // Likewise: the next run reads the modules' own cache files.
    }
  }
});
