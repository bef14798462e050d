import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PROJECT_ROOT } from '../support/project';

const HOOK = path.join(PROJECT_ROOT, 'tools', 'register-typescript.cjs');

/** Runs a TypeScript file through the hook; the file prints what it reports. */
function run(file: string): string {
  const result = spawnSync(process.execPath, ['--require', HOOK, file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

describe('tools/register-typescript.cjs', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'register-typescript-'));
  const file = path.join(directory, 'probe.ts');
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
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(directory, relative)), { recursive: true });
    fs.writeFileSync(path.join(directory, relative), text);
  };

  test('a sibling .ts file, a directory with index.ts and a parent directory', () => {
    write('a.ts', "export const a = 'a';\n");
    write('rules/index.ts', "export const rules = 'rules';\n");
    write('nested/b.ts', "import { a } from '../a';\nexport const b = `${a}b`;\n");
    write('main.ts', "import { a } from './a';\nimport { rules } from './rules';\nimport { b } from './nested/b';\nconsole.log(a, rules, b, require.resolve('./rules'));\n");
    expect(run(path.join(directory, 'main.ts'))).toBe(`a rules ab ${path.join(directory, 'rules', 'index.ts')}`);
  });

  test('leaves to Node what Node would resolve otherwise: a .js beside the .ts, a package.json in a directory', () => {
    write('c.ts', "export const c = 'ts';\n");
    write('c.js', "exports.c = 'js';\n");
    write('pkg/index.ts', "export const p = 'index.ts';\n");
    write('pkg/package.json', '{ "main": "main.js" }\n');
    write('pkg/main.js', "exports.p = 'main.js';\n");
    write('other.ts', "import { c } from './c';\nimport { p } from './pkg';\nconsole.log(c, p);\n");
    expect(run(path.join(directory, 'other.ts'))).toBe('js main.js');
  });
});

describe('tools/register-typescript.cjs keeps the compiled code of installed packages', () => {
  // A stand-in package among the installed ones, removed afterwards; its file name is unique to this run.
  const packageDirectory = path.join(PROJECT_ROOT, 'node_modules', `.register-typescript-probe-${process.pid}`);
  const moduleName = `installed-probe-${process.pid}`;
  const moduleFile = path.join(packageDirectory, `${moduleName}.js`);
  const compiledDirectory = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'compiled-javascript');
  const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'register-typescript-installed-')), 'probe.ts');
  fs.writeFileSync(probe, `console.log(require(${JSON.stringify(moduleFile)}));\n`);
  const cacheEntries = () =>
    fs.existsSync(compiledDirectory) ? fs.readdirSync(compiledDirectory).filter((name) => name.startsWith(`${moduleName}-`) && name.endsWith('.bin')) : [];
  beforeAll(() => fs.mkdirSync(packageDirectory, { recursive: true }));
  afterAll(() => {
    fs.rmSync(packageDirectory, { recursive: true, force: true });
    for (const name of cacheEntries()) fs.rmSync(path.join(compiledDirectory, name), { force: true });
  });

  test('compiles an installed module once, then runs it from its code cache', () => {
    fs.writeFileSync(moduleFile, "module.exports = 'first';\n");
    expect(run(probe)).toBe('first');
    const [entry] = cacheEntries();
    expect(entry).toBeDefined();
    const written = fs.statSync(path.join(compiledDirectory, entry)).ino;
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
    const esmProbe = path.join(path.dirname(probe), 'esm-probe.js');
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
  const packs = () => fs.readdirSync(path.join(cacheRoot, 'module-packs')).filter((name) => name.startsWith(`${entryName}.ts-`));
  /** Removes the modules' own transpiled code and code cache, leaving the pack as the only copy. */
  const removeOwnCaches = () => {
    for (const cache of ['transpiled-typescript', 'compiled-javascript']) {
      for (const name of fs.readdirSync(path.join(cacheRoot, cache))) {
        if (Object.values(moduleNames).some((module) => name.startsWith(`${module}-`))) fs.rmSync(path.join(cacheRoot, cache, name), { force: true });
      }
    }
  };
  /** Runs the entry; it prints each module's message and whether the TypeScript compiler was loaded. */
  const runEntry = (withSometimes: boolean) => {
    const result = spawnSync(process.execPath, ['--require', HOOK, entry], { encoding: 'utf8', env: { ...process.env, WITH_SOMETIMES: withSometimes ? '1' : '' } });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout.trim();
  };
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
    for (const name of packs()) fs.rmSync(path.join(cacheRoot, 'module-packs', name), { force: true });
  });

  test('a second run takes every module from the pack, even with their own cache files gone', () => {
    expect(runEntry(true)).toBe('always sometimes true');
    expect(packs()).toHaveLength(1);
    removeOwnCaches();
    expect(runEntry(true)).toBe('always sometimes false');
  });

  test('a module edited since it was packed is compiled anew', () => {
    writeModule(moduleNames.always, 'edited');
    expect(runEntry(true)).toBe('edited sometimes true');
    expect(runEntry(true)).toBe('edited sometimes false');
  });

  test('the modules of the pack that a run did not load stay in it', () => {
    writeModule(moduleNames.always, 'again');
    // This run loads only one module, and writes the pack again: the other must stay in it.
    expect(runEntry(false)).toBe('again - true');
    removeOwnCaches();
    expect(runEntry(true)).toBe('again sometimes false');
  });

  test('a damaged pack is ignored, and written anew', () => {
    const [pack] = packs();
    const file = path.join(cacheRoot, 'module-packs', pack);
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
  afterAll(() => fs.rmSync(stale, { force: true }));

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
  // A stand-in package among the installed ones; the probe asks for its directory `lib`, which Node
  // resolves to lib.js when there is one, else to lib/index.js.
  const packageDirectory = path.join(PROJECT_ROOT, 'node_modules', `.register-typescript-resolve-${process.pid}`);
  const request = path.join(packageDirectory, 'lib');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'register-typescript-resolve-'));
  const probe = path.join(directory, `resolve-probe-${process.pid}.ts`);
  const lockfile = path.join(PROJECT_ROOT, 'node_modules', '.package-lock.json');
  const write = (relative: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(packageDirectory, relative)), { recursive: true });
    fs.writeFileSync(path.join(packageDirectory, relative), text);
  };
  beforeAll(() => {
    fs.writeFileSync(probe, `console.log(require(${JSON.stringify(request)}));\n`);
    write('lib/index.js', "module.exports = 'lib/index.js';\n");
  });
  afterAll(() => {
    fs.rmSync(packageDirectory, { recursive: true, force: true });
    fs.rmSync(directory, { recursive: true, force: true });
  });

  test('the next run takes the kept resolution while npm installed nothing', () => {
    expect(run(probe)).toBe('lib/index.js');
    expect(run(probe)).toBe('lib/index.js');
    // Node would now resolve the request to lib.js: the kept resolution shows it was not asked.
    write('lib.js', "module.exports = 'lib.js';\n");
    expect(run(probe)).toBe('lib/index.js');
  });

  test('an install (npm rewrites its lockfile) has every request resolved again', () => {
    const { atime, mtime } = fs.statSync(lockfile);
    fs.utimesSync(lockfile, atime, new Date(mtime.getTime() + 1000));
    try {
      expect(run(probe)).toBe('lib.js');
    } finally {
      fs.utimesSync(lockfile, atime, mtime);
    }
  });

  test('a kept resolution whose file is gone is resolved again', () => {
    fs.rmSync(path.join(packageDirectory, 'lib.js'));
    expect(run(probe)).toBe('lib/index.js');
    fs.rmSync(path.join(packageDirectory, 'lib'), { recursive: true });
    write('lib.js', "module.exports = 'lib.js again';\n");
    expect(run(probe)).toBe('lib.js again');
  });
});
