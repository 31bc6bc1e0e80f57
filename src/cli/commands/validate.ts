/** `stackc validate`: compile without an engine and report every diagnostic with its position. */
import { sortDiagnostics } from '../../parse/diagnostics.js';
import { compile } from '../compile.js';
import { projectOptions, type ProjectFlags } from '../options.js';
import { colorFor, exitCodeFor, formatDiagnostics, type DiagnosticFormat } from '../output.js';
import type { Target } from '../target-diagnostics.js';

export interface ValidateFlags extends ProjectFlags {
  readonly format: DiagnosticFormat;
  readonly strict?: boolean;
  readonly quiet?: boolean;
  /** Also lower for this target and report what it finds (as up or deploy would). */
  readonly target?: Target;
  /** The stack name swarm names are built from (default: the project name, as deploy does). */
  readonly stack?: string;
}

/** Each positional file is its own project; without any, the -f files (or defaults) are one. */
export async function runValidate(files: readonly string[], flags: ValidateFlags): Promise<number> {
  const runs = files.length ? files.map((file) => ({ ...flags, file: [file] })) : [flags];
  // --stack names the project as deploy's STACK does, so that names built from it are the same.
  const stackName = flags.target === 'swarm' && flags.stack ? { stackName: flags.stack } : {};
  const results = runs.map((run) => compile(projectOptions(run, stackName)));
  const target = flags.target;
  // The targets' lowering is most of stackc's code: a plain validate does not load it.
  const lowering = target && (await import('../target-diagnostics.js'));
  const all = results.flatMap((r) => (target && lowering ? sortDiagnostics([...r.diagnostics, ...lowering.targetDiagnostics(r, target)]) : r.diagnostics));
  const sourceOf = (file: string) => results.map((r) => r.loaded.sources.text(file)).find((t) => t !== undefined);
  const shown = flags.quiet ? all.filter((d) => d.severity === 'error') : all;
  const cwd = process.cwd();
  const out = formatDiagnostics(shown, flags.format, { cwd, sourceOf, color: colorFor(process.stdout) });
  if (out) process.stdout.write(out);
  if (flags.format === 'text' && !shown.length) {
    process.stdout.write(`${runs.length === 1 ? 'valid' : `${runs.length} projects valid`}\n`);
  }
  return exitCodeFor(all, Boolean(flags.strict));
}
