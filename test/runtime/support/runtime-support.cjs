// Whether this machine can run the runtime suite (test/runtime): it runs the real nginx and Redis in
// private mount, network and PID namespaces, which needs root, and Debian's server packages.
// Plain CommonJS so that jest.config.js can ask before any test file is loaded.
'use strict';
const { spawnSync } = require('child_process');

/** The Debian packages the suite runs (see .ci/run), by the command each provides. */
const NEEDED_COMMANDS = {
  nginx: 'nginx',
  'redis-server': 'redis-server',
  'redis-cli': 'redis-tools',
  busybox: 'busybox',
  dash: 'dash',
  openssl: 'openssl',
  curl: 'curl',
  'nc.openbsd': 'netcat-openbsd',
  unshare: 'util-linux',
  nsenter: 'util-linux',
  setpriv: 'util-linux',
};

/** `{ ok: true }`, or `{ ok: false, reason }` with one sentence saying what is missing. */
function runtimeSupport() {
  if (process.platform !== 'linux') return { ok: false, reason: 'it needs Linux namespaces' };
  if (process.getuid() !== 0) return { ok: false, reason: 'it needs root to create namespaces (run `sudo npm run test:runtime`)' };
  const missing = Object.keys(NEEDED_COMMANDS).filter(
    (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((command) => NEEDED_COMMANDS[command]))].join(' ');
    return { ok: false, reason: `${missing.join(', ')} not installed (apt-get install ${packages})` };
  }
  const probe = spawnSync('unshare', ['--mount', '--net', '--pid', '--fork', 'true'], { stdio: 'ignore' });
  if (probe.status !== 0) return { ok: false, reason: 'this machine does not allow mount, network and PID namespaces' };
  return { ok: true };
}

/**
 * `RUNTIME_TESTS` decides what happens when the suite cannot run: `auto` (the default) skips it with one
 * line, `required` (CI) fails, `off` skips it even where it could run.
 */
function runtimeMode() {
  const mode = process.env.RUNTIME_TESTS || 'auto';
  if (!['auto', 'required', 'off'].includes(mode)) throw new Error(`RUNTIME_TESTS must be auto, required or off (found "${mode}")`);
  return mode;
}

module.exports = { runtimeSupport, runtimeMode };
