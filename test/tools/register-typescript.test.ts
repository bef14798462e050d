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
