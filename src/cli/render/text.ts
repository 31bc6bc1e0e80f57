/**
 * Human output: `error[E0102] unknown-key: message`, the place, a two-line code frame with a
 * caret under the span, and the hint. Colour is decided by the caller (TTY and NO_COLOR).
 */
import type { ChalkInstance } from 'chalk';
import { CODES, type Diagnostic } from '../../parse/diagnostics.js';
import { displayFile, fileOf } from './location.js';

export interface TextOptions {
  readonly cwd: string;
  readonly color: ChalkInstance;
  readonly sourceOf: (file: string) => string | undefined;
}

export function renderText(list: readonly Diagnostic[], options: TextOptions): string {
  const blocks = list.map((d) => renderOne(d, options));
  return blocks.join('\n') + (blocks.length ? '\n' : '') + summary(list, options.color);
}

function renderOne(d: Diagnostic, { cwd, color, sourceOf }: TextOptions): string {
  const paint = d.severity === 'error' ? color.red.bold : color.yellow.bold;
  const lines = [`${paint(`${d.severity}[${d.code}]`)} ${color.bold(`${CODES[d.code]}: ${d.message}`)}`];
  const file = displayFile(fileOf(d), cwd);
  if (d.span) {
    lines.push(`  ${color.blue('-->')} ${file}:${d.span.line}:${d.span.col}`);
    const source = sourceOf(d.span.file);
    if (source !== undefined) lines.push(...frame(source, d, color, paint));
  } else if (file) {
    lines.push(`  ${color.blue('-->')} ${file}`);
  }
  if (d.hint) lines.push(`   ${color.blue('=')} ${color.bold('hint:')} ${d.hint}`);
  return lines.join('\n') + '\n';
}

function frame(source: string, d: Diagnostic, color: ChalkInstance, paint: ChalkInstance): string[] {
  const span = d.span!;
  const text = source.split(/\r?\n/)[span.line - 1];
  if (text === undefined) return [];
  const gutter = String(span.line).length;
  const bar = color.blue(`${' '.repeat(gutter + 1)}|`);
  // Tabs would misalign the caret; show them as single spaces in the frame.
  const shown = text.replace(/\t/g, ' ');
  const width = span.endLine === span.line ? Math.max(1, span.endCol - span.col) : Math.max(1, shown.length - span.col + 1);
  return [
    bar,
    `${color.blue(`${String(span.line).padStart(gutter)} |`)} ${shown}`,
    `${bar} ${' '.repeat(Math.max(0, span.col - 1))}${paint('^'.repeat(Math.min(width, 80)))}`,
  ];
}

function summary(list: readonly Diagnostic[], color: ChalkInstance): string {
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.length - errors;
  if (!list.length) return '';
  const parts = [];
  if (errors) parts.push(color.red.bold(`${errors} error${errors === 1 ? '' : 's'}`));
  if (warnings) parts.push(color.yellow.bold(`${warnings} warning${warnings === 1 ? '' : 's'}`));
  return parts.join(', ') + '\n';
}
