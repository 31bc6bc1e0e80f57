/**
 * Turns diagnostics that carry a JSON path into ones that carry a file:line:col span. A path
 * with a `file` is local to that file (stages that run per file); a path without one is a path
 * into the merged document and is first traced to its file through the origins.
 */
import type { Diagnostic } from './diagnostics.js';
import { locate, type Origins } from './origins.js';
import type { SourceFiles } from './source-files.js';

export function resolveSpans(list: readonly Diagnostic[], origins: Origins, sources: SourceFiles): Diagnostic[] {
  return list.map((d) => {
    if (d.span || !d.path) return d;
    const origin = d.file ? { file: d.file, path: d.path } : locate(origins, d.path);
    if (!origin) return d;
    const span = sources.span(origin.file, origin.path, d.target);
    return span ? { ...d, span } : { ...d, file: origin.file };
  });
}
