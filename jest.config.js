/**
 * Jest runs the TypeScript tests through ts-jest; type checking is done once by `tsc --noEmit`.
 *
 * The runtime suite (test/runtime) runs the real nginx and Redis in namespaces, which needs root and
 * Debian's server packages. Where it cannot run, it is left out with one line saying why, so `npm test`
 * stays runnable anywhere; CI sets RUNTIME_TESTS=required, which turns that line into a failure.
 */
const { runtimeMode, runtimeSupport } = require('./test/runtime/support/runtime-support.cjs');

const mode = runtimeMode();
const support = mode === 'off' ? { ok: false, reason: 'RUNTIME_TESTS=off' } : runtimeSupport();
if (!support.ok && mode === 'required') {
  throw new Error(`The runtime suite (test/runtime) cannot run: ${support.reason}.`);
}
if (!support.ok) process.stderr.write(`Runtime suite (test/runtime) skipped: ${support.reason}.\n`);

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: support.ok ? ['/node_modules/'] : ['/node_modules/', '<rootDir>/test/runtime/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // test.concurrent is used by the runtime suite only, whose tests mostly wait (on a sleep, a stub).
  maxConcurrency: 16,
};
