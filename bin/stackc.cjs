#!/usr/bin/env node
/**
 * Runs the bundled CLI (dist/stackc.cjs) with V8's code cache: the compiled code of the previous
 * run is kept in ~/.cache/stackc (or $XDG_CACHE_HOME/stackc), so a run compiles only what it
 * meets for the first time. This is what Node's CommonJS loader did for stackc's modules through
 * `vm.Script`, and what Node 22's module.enableCompileCache does; Node 20 has neither for ES
 * modules, and compiling stackc's bundle was about 40 ms of a no-op `up` (scripts/bundle.mjs).
 * The cache is only a saving: when it cannot be read or written (no home, a read-only disk)
 * stackc runs as it would without it, and V8 rejects a cache from another Node or of other
 * flags by itself.
 */
'use strict';
// CommonJS, not an ES module: an ES entry point makes Node set up its ES module loader first (~4 ms).
const { isAscii } = require('node:buffer');
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { homedir } = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

const file = path.join(__dirname, '..', 'dist', 'stackc.cjs');
const bytes = readFileSync(file);
// The build writes ASCII (scripts/bundle.mjs): taken as one-byte text, not decoded as UTF-8.
const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
// V8 trusts a cache for any source of the same length; the build's content hash tells builds apart.
const build = /\/\/# stackc-build=([0-9a-f]+)\s*$/.exec(source.slice(-64))?.[1];
const dir = cacheDirectory();
// One cache per command: a cache holds the code its first run compiled, and commands share little.
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const key = command && /^[a-z][a-z-]{0,19}$/.test(command) ? command : 'other';
const cacheFile = build && dir ? path.join(dir, `${build}-${process.version}-${process.arch}-${key}.v8cache`) : undefined;
const cachedData = attempt(() => cacheFile && readFileSync(cacheFile));

// The build wrote the bundle inside Node's wrapper for a CommonJS module (scripts/bundle.mjs).
const script = new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
const cli = { exports: {} };
script.runInThisContext()(cli.exports, createRequire(file), cli, file, path.dirname(file));
cli.exports.main(process.argv).then(() => {
  // After the run, so that the functions this command compiled lazily are in the cache too.
  if (cacheFile && (!cachedData || script.cachedDataRejected)) attempt(() => save(cacheFile, script.createCachedData()));
});

function cacheDirectory() {
  const base = process.env.XDG_CACHE_HOME || attempt(() => path.join(homedir(), '.cache'));
  return base && path.isAbsolute(base) ? path.join(base, 'stackc') : undefined;
}

/** Writes atomically (runs in parallel may save at once) and drops the caches of other builds. */
function save(target, data) {
  const folder = path.dirname(target);
  mkdirSync(folder, { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, target);
  for (const name of readdirSync(folder)) {
    if (name.endsWith('.v8cache') && !name.startsWith(`${build}-`)) rmSync(path.join(folder, name), { force: true });
  }
}

function attempt(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
