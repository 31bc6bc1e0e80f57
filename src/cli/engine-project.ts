/**
 * compile → lower for one host, with all diagnostics positioned and printed. Everything a
 * single-host command needs before it may talk to the engine; errors stop here.
 */
import { lowerEngine } from '../targets/engine/index.js';
import type { EngineDesired } from '../targets/engine/desired.js';
import { ApplyError } from '../deploy/engine/apply.js';
import { diagnostic, hasErrors, sortDiagnostics } from '../parse/diagnostics.js';
import { resolveSpans } from '../parse/source-map.js';
import { compile, type Compiled } from './compile.js';
import { projectOptions, type ProjectFlags } from './options.js';
import { colorFor, formatDiagnostics } from './output.js';

export interface Prepared {
  readonly compiled: Compiled;
  readonly desired: EngineDesired;
}

export function prepareEngineProject(
  flags: ProjectFlags,
  extra: { services?: readonly string[]; scale?: Readonly<Record<string, number>> } = {},
): Prepared | undefined {
  const compiled = compile(projectOptions(flags, extra.services ? { services: extra.services } : {}));
  let diagnostics = compiled.diagnostics;
  let desired: EngineDesired | undefined;
  if (compiled.project) {
    const lowered = lowerEngine(compiled.project, {
      ...(extra.scale ? { scale: extra.scale } : {}),
      workingDir: compiled.loaded.projectDirectory,
      configFiles: [...compiled.loaded.configFiles],
    });
    desired = lowered.desired;
    const { origins, sources } = compiled.loaded;
    diagnostics = sortDiagnostics([...diagnostics, ...resolveSpans(lowered.diagnostics, origins, sources)]);
  }
  if (diagnostics.length) {
    const sourceOf = (f: string) => compiled.loaded.sources.text(f);
    process.stderr.write(formatDiagnostics(diagnostics, 'text', { cwd: process.cwd(), sourceOf, color: colorFor(process.stderr) }));
  }
  if (!desired || hasErrors(diagnostics)) return undefined;
  return { compiled, desired };
}

/** `--scale web=3` (repeatable) → { web: 3 }; undefined entries are usage errors. */
export function parseScale(values: readonly string[] | undefined): Record<string, number> | string {
  const out: Record<string, number> = {};
  for (const value of values ?? []) {
    const match = /^([^=]+)=(\d+)$/.exec(value);
    if (!match) return `invalid --scale "${value}": expected SERVICE=NUMBER`;
    out[match[1]!] = Number(match[2]);
  }
  return out;
}

/**
 * An engine refusal during apply, shown like a compile diagnostic (E0801) at the compose object
 * it concerns, e.g. the service whose port is already allocated. Other failures pass through.
 */
export function reportApplyError(prepared: Prepared, error: unknown): number | undefined {
  if (!(error instanceof ApplyError)) return undefined;
  const { origins, sources } = prepared.compiled.loaded;
  const found = resolveSpans([diagnostic('E0801', error.message, { path: error.path, target: 'key' })], origins, sources);
  const sourceOf = (f: string) => sources.text(f);
  process.stderr.write(formatDiagnostics(found, 'text', { cwd: process.cwd(), sourceOf, color: colorFor(process.stderr) }));
  return 1;
}
