import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECT_ROOT } from '../support/project';

const HOOK = path.join(PROJECT_ROOT, 'tools', 'register-typescript.cjs');
const PACKS = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'module-packs');

/** Runs a file through the hook (the project's, or `hook`); the file prints what it reports. */
function run(file: string, { hook = HOOK, env = process.env }: { hook?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const result = spawnSync(process.execPath, ['--require', hook, file], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

/** The packs of the entry script named `entryName` (names here carry the test's pid, so they are its own). */
function packsOf(entryName: string, directory = PACKS): string[] {
  return fs.existsSync(directory) ? fs.readdirSync(directory).filter((name) => name.startsWith(`${entryName}-`) && name.endsWith('.pack')).map((name) => path.join(directory, name)) : [];
}

function removePacksOf(...entryNames: string[]): void {
  for (const file of entryNames.flatMap((name) => packsOf(name))) fs.rmSync(file, { force: true });
}

/** The files a pack holds modules of, from its header. */
function packedModules(file: string): string[] {
  const buffer = fs.readFileSync(file);
  const header = JSON.parse(buffer.toString('utf8', 4, 4 + buffer.readUInt32LE(0))) as { modules: Array<[string, ...unknown[]]> };
  return header.modules.map(([filename]) => filename);
}

describe('tools/register-typescript.cjs', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'register-typescript-'));
  const file = path.join(directory, `probe-${process.pid}.ts`);
  afterAll(() => removePacksOf(path.basename(file)));
  // Reports its message and whether the TypeScript compiler was loaded in this process.
  const source = (message: string) =>
    `const message: string = '${message}';\nconsole.log(message, Object.keys(require.cache).some((key) => key.includes('/typescript/lib/')));\n`;

  test('transpiles on first use, then runs from the cache without loading the compiler', () => {
    fs.writeFileSync(file, source('first'));
    expect(run(file)).toBe('first true');
    expect(run(file)).toBe('first false');
  });

  test('transpiles again when the file changes', () => {
    fs.writeFileSync(file, source('second'));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    expect(run(file)).toBe('second true');
    expect(run(file)).toBe('second false');
  });
});

describe('tools/register-typescript.cjs resolves relative requests between project files as Node does', () => {
  // Inside the project: only its own files take the listing-based path.
  const directory = fs.mkdtempSync(path.join(PROJECT_ROOT, 'test', 'tools', '.resolve-'));
  const entries = { main: `main-${process.pid}.ts`, other: `other-${process.pid}.ts` };
  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
    removePacksOf(entries.main, entries.other);
  });
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(directory, relative)), { recursive: true });
    fs.writeFileSync(path.join(directory, relative), text);
  };

  test('a sibling .ts file, a directory with index.ts and a parent directory', () => {
    write('a.ts', "export const a = 'a';\n");
    write('rules/index.ts', "export const rules = 'rules';\n");
    write('nested/b.ts', "import { a } from '../a';\nexport const b = `${a}b`;\n");
    write(entries.main, "import { a } from './a';\nimport { rules } from './rules';\nimport { b } from './nested/b';\nconsole.log(a, rules, b, require.resolve('./rules'));\n");
    expect(run(path.join(directory, entries.main))).toBe(`a rules ab ${path.join(directory, 'rules', 'index.ts')}`);
  });

  test('leaves to Node what Node would resolve otherwise: a .js beside the .ts, a package.json in a directory', () => {
    write('c.ts', "export const c = 'ts';\n");
    write('c.js', "exports.c = 'js';\n");
    write('pkg/index.ts', "export const p = 'index.ts';\n");
    write('pkg/package.json', '{ "main": "main.js" }\n');
    write('pkg/main.js', "exports.p = 'main.js';\n");
    write(entries.other, "import { c } from './c';\nimport { p } from './pkg';\nconsole.log(c, p);\n");
    expect(run(path.join(directory, entries.other))).toBe('js main.js');
  });
});

describe('tools/register-typescript.cjs keeps the compiled code of installed packages', () => {
  // A stand-in package among the installed ones, removed afterwards; its file name is unique to this run.
  const packageDirectory = path.join(PROJECT_ROOT, 'node_modules', `.register-typescript-probe-${process.pid}`);
  const moduleName = `installed-probe-${process.pid}`;
  const moduleFile = path.join(packageDirectory, `${moduleName}.js`);
  const compiledDirectory = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'compiled-javascript');
  const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'register-typescript-installed-')), `installed-probe-${process.pid}.ts`);
  const esmProbe = path.join(path.dirname(probe), `esm-probe-${process.pid}.js`);
  fs.writeFileSync(probe, `console.log(require(${JSON.stringify(moduleFile)}));\n`);
  const cacheEntries = () =>
    fs.existsSync(compiledDirectory) ? fs.readdirSync(compiledDirectory).filter((name) => name.startsWith(`${moduleName}-`) && name.endsWith('.bin')) : [];
  beforeAll(() => fs.mkdirSync(packageDirectory, { recursive: true }));
  afterAll(() => {
    fs.rmSync(packageDirectory, { recursive: true, force: true });
    for (const name of cacheEntries()) fs.rmSync(path.join(compiledDirectory, name), { force: true });
    removePacksOf(path.basename(probe), path.basename(esmProbe));
  });

  test('compiles an installed module once, then runs it from its code cache', () => {
    fs.writeFileSync(moduleFile, "module.exports = 'first';\n");
    expect(run(probe)).toBe('first');
    const [entry] = cacheEntries();
    expect(entry).toBeDefined();
    const written = fs.statSync(path.join(compiledDirectory, entry)).ino;
    // Without the probe's pack, the second run reads the module's own cache file.
    removePacksOf(path.basename(probe));
    expect(run(probe)).toBe('first');
    // A cache V8 refused would have been written again (a new file, renamed into place).
    expect(fs.statSync(path.join(compiledDirectory, entry)).ino).toBe(written);
  });

  test('a file rewritten with the same size and modification time is compiled again', () => {
    // What a reinstall from a packed tarball does: other contents of the same length, and the fixed
    // time npm packs every file with.
    const packedTime = new Date('1985-10-26T08:15:00Z');
    fs.writeFileSync(moduleFile, "module.exports = 'aaaa';\n");
    fs.utimesSync(moduleFile, packedTime, packedTime);
    expect(run(probe)).toBe('aaaa');
    fs.writeFileSync(moduleFile, "module.exports = 'bbbb';\n");
    fs.utimesSync(moduleFile, packedTime, packedTime);
    expect(run(probe)).toBe('bbbb');
  });

  test('ES modules, with a "type" or detected from their syntax, load as Node loads them', () => {
    const write = (relative: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(packageDirectory, relative)), { recursive: true });
      fs.writeFileSync(path.join(packageDirectory, relative), text);
    };
    write('typed/package.json', '{ "type": "module" }\n');
    write('typed/index.js', "export const typed = 'typed';\n");
    write('untyped/package.json', '{}\n');
    write('untyped/index.js', "export const untyped = 'untyped';\n");
    fs.writeFileSync(
      esmProbe,
      ['typed', 'untyped']
        .map((name) => `try { console.log(JSON.stringify(require(${JSON.stringify(path.join(packageDirectory, name))}))); } catch (error) { console.log(error.code); }`)
        .join('\n'),
    );
    const withNode = spawnSync(process.execPath, [esmProbe], { encoding: 'utf8' });
    expect(withNode.status).toBe(0);
    expect(run(esmProbe)).toBe(withNode.stdout.trim());
  });
});

describe('tools/register-typescript.cjs packs the modules of each entry script into one file', () => {
  const cacheRoot = path.join(PROJECT_ROOT, 'node_modules', '.cache');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'register-typescript-pack-'));
  // Names unique to this run: the entry's pack and the modules' own cache files are found by them.
  const entryName = `pack-entry-${process.pid}`;
  const entry = path.join(directory, `${entryName}.ts`);
  const moduleNames = { always: `pack-always-${process.pid}`, sometimes: `pack-sometimes-${process.pid}` };
  const modulePath = (name: string) => path.join(directory, `${name}.ts`);
  const packs = () => packsOf(`${entryName}.ts`);
  /** Removes the modules' own transpiled code and code cache, leaving the pack as the only copy. */
  const removeOwnCaches = () => {
    for (const cache of ['transpiled-typescript', 'compiled-javascript']) {
      for (const name of fs.readdirSync(path.join(cacheRoot, cache))) {
        if (Object.values(moduleNames).some((module) => name.startsWith(`${module}-`))) fs.rmSync(path.join(cacheRoot, cache, name), { force: true });
      }
    }
  };
  /** Runs the entry; it prints each module's message and whether the TypeScript compiler was loaded. */
  const runEntry = (withSometimes: boolean) => run(entry, { env: { ...process.env, WITH_SOMETIMES: withSometimes ? '1' : '' } });
  const writeModule = (name: string, message: string) => {
    fs.writeFileSync(modulePath(name), `export const message: string = '${message}';\n`);
    // A later time than any earlier write: an edit within the same clock tick must still show.
    const later = new Date(Date.now() + Math.floor(Math.random() * 1000) * 1000 + 10_000);
    fs.utimesSync(modulePath(name), later, later);
  };
  beforeAll(() => {
    fs.writeFileSync(
      entry,
      [
        `import { message } from './${moduleNames.always}';`,
        `const sometimes: string = process.env.WITH_SOMETIMES ? require('./${moduleNames.sometimes}').message : '-';`,
        "console.log(message, sometimes, Object.keys(require.cache).some((key) => key.includes('/typescript/lib/')));",
        '',
      ].join('\n'),
    );
    writeModule(moduleNames.always, 'always');
    writeModule(moduleNames.sometimes, 'sometimes');
  });
  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
    removeOwnCaches();
    removePacksOf(`${entryName}.ts`);
  });

  test('a second run takes every module from the pack, even with their own cache files gone', () => {
    expect(runEntry(true)).toBe('always sometimes true');
    expect(packs()).toHaveLength(1);
    removeOwnCaches();
    expect(runEntry(true)).toBe('always sometimes false');
  });

  test('a run where nothing changed leaves the pack as it is, and marks it used', () => {
    const [pack] = packs();
    const { ino } = fs.statSync(pack);
    const earlier = new Date(Date.now() - 3600 * 1000);
    fs.utimesSync(pack, earlier, earlier);
    expect(runEntry(true)).toBe('always sometimes false');
    // Written again, it would be a new file renamed into place; read, its time is renewed.
    expect(fs.statSync(pack).ino).toBe(ino);
    expect(fs.statSync(pack).mtimeMs).toBeGreaterThan(earlier.getTime() + 1000);
  });

  test('a module edited since it was packed is compiled anew', () => {
    writeModule(moduleNames.always, 'edited');
    expect(runEntry(true)).toBe('edited sometimes true');
    expect(runEntry(true)).toBe('edited sometimes false');
  });

  test('the TypeScript compiler, which that run loaded, is not packed', () => {
    const [pack] = packs();
    expect(packedModules(pack).filter((file) => file.includes(`${path.sep}typescript${path.sep}`))).toEqual([]);
    expect(packedModules(pack)).toEqual(expect.arrayContaining([entry, modulePath(moduleNames.always), modulePath(moduleNames.sometimes)]));
  });

  test('the modules of the pack that a run did not load stay in it', () => {
    writeModule(moduleNames.always, 'again');
    // This run loads only one module, and writes the pack again: the other must stay in it.
    expect(runEntry(false)).toBe('again - true');
    removeOwnCaches();
    expect(runEntry(true)).toBe('again sometimes false');
  });

  test('a damaged pack is ignored, and written anew', () => {
    const [file] = packs();
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    // The modules' own cache files were removed, and the last run took them from the pack: they are transpiled again.
    expect(runEntry(true)).toBe('again sometimes true');
    removeOwnCaches();
    expect(runEntry(true)).toBe('again sometimes false');
  });
});

describe('tools/register-typescript.cjs prunes its caches at most once a day', () => {
  const transpiled = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'transpiled-typescript');
  const marker = path.join(transpiled, '.pruned');
  const stale = path.join(transpiled, `stale-probe-${process.pid}-0000000000000000.js`);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'register-typescript-prune-'));
  const setTime = (file: string, ageMs: number) => {
    const time = new Date(Date.now() - ageMs);
    fs.utimesSync(file, time, time);
  };
  /** Runs a new file, so that the hook transpiles it and stores the result (which prunes). */
  const runNewFile = (name: string) => {
    const file = path.join(directory, `${name}-${process.pid}.ts`);
    fs.writeFileSync(file, `console.log('${name}' as string);\n`);
    expect(run(file)).toBe(name);
  };
  beforeAll(() => {
    fs.mkdirSync(transpiled, { recursive: true });
    fs.writeFileSync(stale, '');
    setTime(stale, 8 * 24 * 3600 * 1000);
  });
  afterAll(() => {
    fs.rmSync(stale, { force: true });
    removePacksOf(`first-${process.pid}.ts`, `second-${process.pid}.ts`);
  });

  test('an entry older than a week stays while the last pruning is less than a day old', () => {
    fs.writeFileSync(marker, '');
    setTime(marker, 3600 * 1000);
    runNewFile('first');
    expect(fs.existsSync(stale)).toBe(true);
  });

  test('and is removed once it is older', () => {
    setTime(marker, 2 * 24 * 3600 * 1000);
    runNewFile('second');
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.statSync(marker).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('tools/register-typescript.cjs keeps where requests for installed packages resolved', () => {
  // A project of its own (the hook and its modules, a stand-in npm lockfile, stand-in packages), so
  // that installing is changing its lockfile, and the checkout's kept resolutions stay as they are.
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'register-typescript-project-'));
  const installed = path.join(project, 'node_modules');
  const hook = path.join(project, 'tools', 'register-typescript.cjs');
  const lockfile = path.join(installed, '.package-lock.json');
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(project, relative)), { recursive: true });
    fs.writeFileSync(path.join(project, relative), text);
  };
  /** A probe at the project's root (plain JavaScript: nothing to transpile) that prints what `requests` give. */
  const probe = (name: string, requests: string[]) => {
    write(`${name}.js`, `console.log(${requests.map((request) => `require(${JSON.stringify(request)})`).join(', ')});\n`);
    return path.join(project, `${name}.js`);
  };
  beforeAll(() => {
    for (const file of ['register-typescript.cjs', 'module-pack.cjs', 'cache-store.cjs']) write(`tools/${file}`, fs.readFileSync(path.join(PROJECT_ROOT, 'tools', file), 'utf8'));
    // The hook reads the compiler's version as it starts; nothing here is transpiled.
    fs.mkdirSync(installed, { recursive: true });
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules', 'typescript'), path.join(installed, 'typescript'));
    write('node_modules/.package-lock.json', '{ "lockfileVersion": 3 }\n');
    write('node_modules/stand-in/package.json', '{ "name": "stand-in" }\n');
    write('node_modules/stand-in/lib/index.js', "module.exports = 'lib/index.js';\n");
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  test('the next run takes the kept resolution while npm installed nothing', () => {
    const file = probe('kept', ['stand-in/lib']);
    expect(run(file, { hook })).toBe('lib/index.js');
    expect(run(file, { hook })).toBe('lib/index.js');
    // Node would now resolve the request to lib.js: the kept resolution shows it was not asked.
    write('node_modules/stand-in/lib.js', "module.exports = 'lib.js';\n");
    expect(run(file, { hook })).toBe('lib/index.js');
  });

  test('an install (npm rewrites its lockfile) has every request resolved again', () => {
    const file = probe('kept', ['stand-in/lib']);
    write('node_modules/.package-lock.json', '{ "lockfileVersion": 3, "packages": {} }\n');
    expect(run(file, { hook })).toBe('lib.js');
  });

  test('a kept resolution whose file is gone is resolved again', () => {
    const file = probe('gone', ['stand-in/lib']);
    expect(run(file, { hook })).toBe('lib.js');
    fs.rmSync(path.join(installed, 'stand-in', 'lib.js'));
    expect(run(file, { hook })).toBe('lib/index.js');
  });

  test('the same request from two directories is kept for each', () => {
    write('node_modules/stand-in/a/index.js', "module.exports = require('./lib');\n");
    write('node_modules/stand-in/a/lib.js', "module.exports = 'a';\n");
    write('node_modules/stand-in/b/index.js', "module.exports = require('./lib');\n");
    write('node_modules/stand-in/b/lib.js', "module.exports = 'b';\n");
    const file = probe('two', ['stand-in/a', 'stand-in/b']);
    expect(run(file, { hook })).toBe('a b');
    expect(run(file, { hook })).toBe('a b');
  });

  test('conditions given in NODE_OPTIONS have every request resolved again', () => {
    write('node_modules/conditional/package.json', JSON.stringify({ name: 'conditional', exports: { '.': { development: './development.js', default: './default.js' } } }));
    write('node_modules/conditional/development.js', "module.exports = 'development';\n");
    write('node_modules/conditional/default.js', "module.exports = 'default';\n");
    const file = probe('conditions', ['conditional']);
    expect(run(file, { hook })).toBe('default');
    expect(run(file, { hook, env: { ...process.env, NODE_OPTIONS: '--conditions=development' } })).toBe('development');
    expect(run(file, { hook })).toBe('default');
  });

  test('without an npm lockfile nothing is kept', () => {
    fs.rmSync(lockfile);
    const file = probe('unlocked', ['stand-in/lib']);
    expect(run(file, { hook })).toBe('lib/index.js');
    write('node_modules/stand-in/lib.js', "module.exports = 'lib.js';\n");
    expect(run(file, { hook })).toBe('lib.js');
  });
});
