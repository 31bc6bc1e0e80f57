/** `stackc validate`: compile without an engine and report every diagnostic with its position. */
import { compile } from '../compile.js';
import { projectOptions, type ProjectFlags } from '../options.js';
import { colorFor, exitCodeFor, formatDiagnostics, type DiagnosticFormat } from '../output.js';

export interface ValidateFlags extends ProjectFlags {
  readonly format: DiagnosticFormat;
  readonly strict?: boolean;
  readonly quiet?: boolean;
}

/** Each positional file is its own project; without any, the -f files (or defaults) are one. */
export function runValidate(files: readonly string[], flags: ValidateFlags): number {
  const runs = files.length ? files.map((file) => ({ ...flags, file: [file] })) : [flags];
  const results = runs.map((run) => compile(projectOptions(run)));
  const all = results.flatMap((r) => r.diagnostics);
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
