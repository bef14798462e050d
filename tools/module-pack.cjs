/**
 * The module pack of one entry script (main.ts, each of scripts/): in one file, the code and V8 code
 * cache of every module a run of that entry loaded whose file still exists, and where its requests for
 * installed packages resolved to. register-typescript.cjs decides what goes in; this file is the
 * format, and which packs are kept.
 *
 * The format: a 4-byte little-endian length, a JSON header
 *   { version, modules: [[filename, key, code bytes (-1: none), code cache bytes], ...],
 *     installed, resolutions: [[request, filename], ...] },
 * then each module's code (TypeScript's output; an installed module's source is read by Node) and code
 * cache, in that order. A pack of another version, or damaged, is read as empty, and written anew.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { store } = require('./cache-store.cjs');

const PACK_VERSION = 1;
/**
 * A pack is 3 to 5 MB, and every copy of the project (the tests make dozens) has entry scripts of its
 * own: only the most recently used packs are kept (a pack's time is renewed each time it is read).
 * Packs written in the last minutes are spared as well, so that a burst of runs of other entries (a
 * test run, the benchmark's workspaces) cannot evict each other's packs between two of their runs. One
 * removed costs its entry's next run what it saves, and is written again.
 */
const KEPT_PACKS = 8;
const RECENT_PACK_MS = 10 * 60 * 1000;

class ModulePack {
  /**
   * Reads the pack in `file`. `installedState` says what the installed packages are (see
   * register-typescript.cjs): the pack's resolutions are read only if it is the state they were kept in.
   */
  constructor(file, installedState) {
    this.file = file;
    this.installedState = installedState;
    /** The pack's modules by filename: { key, codeStart, codeEnd (undefined without code), cacheStart, cacheEnd }. */
    this.entries = new Map();
    /** Requests and where they resolved: `${directory of the requiring module}\0${request}` → filename. */
    this.resolutions = new Map();
    /** Every module compiled in this process, by filename: { key, code, script, cachedData }. */
    this.compiled = new Map();
    /** Whether the pack differs from what this run loaded and resolved, and is to be written. */
    this.stale = false;
    this.buffer = undefined;
    this.read();
  }

  read() {
    try {
      this.buffer = fs.readFileSync(this.file);
      const headerLength = this.buffer.readUInt32LE(0);
      let offset = 4 + headerLength;
      const header = JSON.parse(this.buffer.toString('utf8', 4, offset));
      if (header.version !== PACK_VERSION) throw new Error('a pack of another version');
      for (const [filename, key, codeLength, cacheLength] of header.modules) {
        const codeStart = codeLength < 0 ? undefined : offset;
        if (codeStart !== undefined) offset += codeLength;
        this.entries.set(filename, { key, codeStart, codeEnd: codeStart === undefined ? undefined : offset, cacheStart: offset, cacheEnd: offset + cacheLength });
        offset += cacheLength;
      }
      if (offset !== this.buffer.length) throw new Error('a damaged pack');
      if (this.installedState !== undefined && header.installed === this.installedState) {
        for (const [request, filename] of header.resolutions) this.resolutions.set(request, filename);
      }
    } catch {
      // No pack yet, or one that cannot be used: every module comes from its own cache files.
      this.entries.clear();
      this.resolutions.clear();
      return;
    }
    try {
      // Used now: the most recently used packs are the ones kept.
      const now = new Date();
      fs.utimesSync(this.file, now, now);
    } catch {
      // A pack that cannot be touched is still read; it may only be evicted sooner.
    }
  }

  /** The pack's entry for `filename` if it was packed with the same `key` (its file is unchanged since). */
  entryOf(filename, key) {
    const entry = this.entries.get(filename);
    return entry !== undefined && entry.key === key ? entry : undefined;
  }

  codeOf(entry) {
    return this.buffer.toString('utf8', entry.codeStart, entry.codeEnd);
  }

  cachedDataOf(entry) {
    return this.buffer.subarray(entry.cacheStart, entry.cacheEnd);
  }

  /** Records a module this run compiled, for the pack to be written; `fromPack` when its code and cache came from the pack. */
  record(filename, record, fromPack) {
    this.compiled.set(filename, record);
    if (!fromPack) this.stale = true;
  }

  resolutionOf(request) {
    return this.resolutions.get(request);
  }

  keepResolution(request, filename) {
    if (this.resolutions.get(request) === filename) return;
    this.resolutions.set(request, filename);
    this.stale = true;
  }

  /**
   * Writes the pack: the modules this run compiled (a module's code cache created now if it had none),
   * and those of the old pack this run did not load, while their file exists (another run of the same
   * entry may load them: a synth that changed something loads the day-2 rules).
   */
  write() {
    const parts = [];
    const modules = [];
    const add = (filename, key, code, cachedData) => {
      modules.push([filename, key, code === undefined ? -1 : code.length, cachedData.length]);
      if (code !== undefined) parts.push(code);
      parts.push(cachedData);
    };
    for (const [filename, { key, code, script, cachedData }] of this.compiled) {
      add(filename, key, code === undefined ? undefined : Buffer.from(code), cachedData ?? script.createCachedData());
    }
    for (const [filename, entry] of this.entries) {
      if (this.compiled.has(filename) || !fs.existsSync(filename)) continue;
      add(filename, entry.key, entry.codeStart === undefined ? undefined : this.buffer.subarray(entry.codeStart, entry.codeEnd), this.cachedDataOf(entry));
    }
    const resolutions = this.installedState === undefined ? [] : [...this.resolutions];
    const header = Buffer.from(JSON.stringify({ version: PACK_VERSION, modules, installed: this.installedState, resolutions }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    store(path.dirname(this.file), this.file, Buffer.concat([length, header, ...parts]));
    keepMostRecentPacks(path.dirname(this.file), this.file);
  }
}

/** Removes the packs beyond the KEPT_PACKS most recently used, except recent ones and `current`. */
function keepMostRecentPacks(directory, current) {
  const packs = [];
  for (const name of fs.readdirSync(directory)) {
    if (!name.endsWith('.pack')) continue;
    try {
      packs.push({ file: path.join(directory, name), time: fs.statSync(path.join(directory, name)).mtimeMs });
    } catch {
      // Removed by a concurrent run.
    }
  }
  packs.sort((a, b) => b.time - a.time);
  const recent = Date.now() - RECENT_PACK_MS;
  for (const { file, time } of packs.slice(KEPT_PACKS)) if (file !== current && time < recent) fs.rmSync(file, { force: true });
}

module.exports = { ModulePack };
