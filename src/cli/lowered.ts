/**
 * compile → lower for a target, with every diagnostic positioned and printed: what each command
 * that talks to an engine does before it may talk to it. Errors stop here.
 */
import type { Project } from '../normalize/model.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../parse/diagnostics.js';
import { resolveSpans } from '../parse/source-map.js';
import type { Compiled } from './compile.js';
import { colorFor, formatDiagnostics } from './output.js';

export function lowerAndReport<D>(compiled: Compiled, lower: (project: Project) => { desired: D; diagnostics: Diagnostic[] }): D | undefined {
  const lowered = compiled.project ? lower(compiled.project) : undefined;
  const shown = reportDiagnostics(compiled, [...compiled.diagnostics, ...(lowered?.diagnostics ?? [])]);
  return lowered && !hasErrors(shown) ? lowered.desired : undefined;
}

/** Positions diagnostics that carry a document path and prints them to stderr, in file order; returns them. */
export function reportDiagnostics(compiled: Compiled, list: readonly Diagnostic[]): Diagnostic[] {
  const resolved = positioned(compiled, list);
  if (resolved.length) {
    const sourceOf = (f: string) => compiled.loaded.sources.text(f);
    process.stderr.write(formatDiagnostics(resolved, 'text', { cwd: process.cwd(), sourceOf, color: colorFor(process.stderr) }));
  }
  return resolved;
}

/** Lowering's diagnostics carry only document paths: given file positions, then put in file order. */
export function positioned(compiled: Compiled, list: readonly Diagnostic[]): Diagnostic[] {
  return sortDiagnostics(resolveSpans(list, compiled.loaded.origins, compiled.loaded.sources));
}
