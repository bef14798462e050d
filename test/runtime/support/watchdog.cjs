// The runtime suite's guard against leftovers: a process of its own, in its own session, that outlives
// the test process. A sandbox's main process runs as another user, which clears the parent-death signal
// `unshare --kill-child` sets, so a killed or crashed test process would leave the sandbox running.
// Usage: node watchdog.cjs, reading lines from its standard input:
//   +pid N / -pid N    a sandbox's PID 1 (host pid) started / destroyed by the test;
//   +dir D / -dir D    a directory made / removed by the test.
// When its input ends (the test process exited, normally or not) it SIGKILLs every pid still registered,
// which ends the whole PID namespace and with it the namespace's mounts, and removes every directory.
'use strict';
const fs = require('fs');

const pids = new Set();
const directories = new Set();
// Ctrl-C or a terminal hang-up reaches the whole process group: this process must still clean up.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});

let buffered = '';
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  let newline;
  while ((newline = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    const [, change, kind, argument] = /^([+-])(pid|dir) (.*)$/.exec(line) ?? [];
    if (!change) continue;
    const set = kind === 'pid' ? pids : directories;
    const value = kind === 'pid' ? Number(argument) : argument;
    if (change === '+') set.add(value);
    else set.delete(value);
  }
});
process.stdin.on('end', () => {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // The namespace's processes hold bind mounts of some of these directories until they are gone.
  const deadline = Date.now() + 5000;
  const alive = () => [...pids].some((pid) => fs.existsSync(`/proc/${pid}`));
  const finish = () => {
    if (alive() && Date.now() < deadline) return setTimeout(finish, 50);
    for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  };
  finish();
});
