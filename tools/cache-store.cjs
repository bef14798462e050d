/**
 * Writing and pruning the caches in node_modules/.cache: the TypeScript hook's
 * (register-typescript.cjs), and through lib/cache-files.ts the synth's own. Plain JavaScript because
 * the hook runs before any TypeScript can be loaded. The caches only ever save time, so pruning never
 * fails a run, and a caller treats a failed write as a miss.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** Entries older than this are removed when something new is cached, so the caches stay small. */
const CACHE_LIFETIME_MS = 7 * 24 * 3600 * 1000;
/**
 * How often a cache directory is pruned, at most: pruning reads the time of every entry, and the code
 * cache holds thousands (80 to 150 ms, which every run after an edit paid when it pruned each time).
 */
const PRUNE_INTERVAL_MS = 24 * 3600 * 1000;
/** The file in a cache directory whose time says when it was last pruned. */
const PRUNED_MARKER = '.pruned';

const pruned = new Set();

/**
 * Writes a cache entry through a temporary file of a name of its own, so a concurrent run (in this or
 * another container sharing the cache) never reads half of one; a failed write leaves no temporary file.
 */
function store(directory, file, content) {
  fs.mkdirSync(directory, { recursive: true });
  const temporary = `${file}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  prune(directory);
}

/**
 * Removes stale entries (ones for files since edited, moved or deleted, or for copies of the project),
 * at most once a day per directory, and at most once per process.
 */
function prune(directory) {
  if (pruned.has(directory)) return;
  pruned.add(directory);
  try {
    const marker = path.join(directory, PRUNED_MARKER);
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
  } catch {
    // Housekeeping only: a directory that cannot be pruned now is pruned another day.
  }
}

module.exports = { store };
