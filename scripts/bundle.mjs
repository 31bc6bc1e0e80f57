#!/usr/bin/env node
// Bundles the CLI from src/ into dist/ with esbuild: one ES module per lazily loaded command
// (code splitting keeps `stackc --version` and `validate` from loading the engine client), with
// the dependencies inside. Loading ~80 small modules and their package.json lookups was a third
// of a no-op `up`; a handful of files is not. tsc type-checks (`npm run typecheck`); esbuild only
// strips types. `yaml` stays outside: it is required lazily (positions for diagnostics only).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: path.join(root, 'src', 'cli', 'main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (commander, ajv's runtime) call require; ES modules have none.
  banner: { js: "import { createRequire as __stackcRequire } from 'node:module'; const require = __stackcRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log(`bundle: wrote ${path.relative(root, outdir)}/main.js`);
