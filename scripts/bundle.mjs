#!/usr/bin/env node
// Bundles the CLI from src/ into one CommonJS file, dist/stackc.cjs, with esbuild. bin/stackc.cjs
// runs it through V8's code cache (see there): on Node 20 an ES module's source is compiled on
// every run, while a CommonJS source run as a vm.Script can reuse the compiled code of the
// previous run (measured here: a no-op `up` of 30 services 171 → 124 ms, validate of 50 services
// 123 → 90 ms, medians of 15; `--version` 47 → 54 ms, it now reads the whole bundle). Commands
// stay lazily evaluated (esbuild keeps each dynamic import() a deferred module initialiser); only
// compiling is shared, `yaml` included (required lazily: positions for diagnostics only). tsc
// type-checks (`npm run typecheck`); esbuild only strips types.
//
// The build's content hash ends the file (`//# stackc-build=<hash>`): the launcher keys the
// cache on it, because V8 itself only checks the source's length before it trusts a cache.
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Node's own wrapper for a CommonJS module (Module.wrap), its opening on the first line.
const CJS_WRAPPER = '(function (exports, require, module, __filename, __dirname) {';
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, 'dist');
const outfile = path.join(outdir, 'stackc.cjs');
rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Comments out and ASCII only: bin/stackc.cjs reads an ASCII bundle as one-byte text, ~4 ms
  // faster than decoding UTF-8. Names stay, so an internal error's stack trace still reads.
  minifyWhitespace: true,
  charset: 'ascii',
  metafile: true,
  // package-files.ts finds package.json from its own location.
  define: { 'import.meta.url': '__stackcModuleUrl' },
  // The bundle is written inside Node's CommonJS wrapper, which bin/stackc.cjs would otherwise
  // put around it: concatenated at run time, V8 copied the whole 1 MB source once more before
  // compiling (measured: 1.2 ms and ~250 page faults of a 4.3 ms vm.Script). So the file is one
  // function expression: only bin/stackc.cjs runs it; require() of it would define it and run nothing.
  banner: { js: `${CJS_WRAPPER}const __stackcModuleUrl = require('node:url').pathToFileURL(__filename).href;` },
  footer: { js: '})' },
  logLevel: 'warning',
});
// A vm.Script has no loader for import(): an external module must be required.
const dynamic = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.kind === 'dynamic-import' && i.external).map((i) => i.path));
if (dynamic.length) throw new Error(`bundle: import() of external modules cannot run from the code cache: ${dynamic.join(', ')}; use createRequire`);
const bytes = readFileSync(outfile);
const nonAscii = bytes.findIndex((byte) => byte > 0x7f);
if (nonAscii >= 0) throw new Error(`bundle: byte ${nonAscii} of ${outfile} is not ASCII (a regular expression literal? write it as an escape)`);
const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
appendFileSync(outfile, `//# stackc-build=${hash}\n`);
console.log(`bundle: wrote ${path.relative(root, outfile)} (build ${hash})`);
