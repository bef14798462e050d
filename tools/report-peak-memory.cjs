/**
 * Preloaded by the benchmark into every process it measures (the floor and the synths alike): on exit,
 * writes the process's peak resident memory to stderr as `peak-rss-kb=<n>`.
 */
'use strict';
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
