/** Shared bits of rendering a diagnostic's place: file paths relative to where the user is. */
import path from 'node:path';
import type { Diagnostic } from '../../parse/diagnostics.js';

export function displayFile(file: string | undefined, cwd: string): string | undefined {
  if (!file) return undefined;
  if (file === '-') return '<stdin>';
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function fileOf(d: Diagnostic): string | undefined {
  return d.span?.file ?? d.file;
}
