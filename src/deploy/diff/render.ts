/**
 * ChangeSet → text (one line per object with its action and reason, then a unified diff of the
 * compared specs for updates) or JSON (a stable schema). Sensitive values are masked unless
 * asked for; colour is applied by the caller's chalk instance, never baked into the model.
 */
import type { ChalkInstance } from 'chalk';
import { structuredPatch } from 'diff';
import { canonicalJson } from '../../targets/engine/hash.js';
import type { Action, ChangeSet, ObjectChange } from './change-set.js';
import { maskField, maskValue } from './sensitive.js';
import { byCodePoint } from '../../normalize/coerce.js';

export interface RenderOptions {
  readonly showSensitive: boolean;
  readonly color: ChalkInstance;
}

const SIGN: Record<Action, string> = { create: '+', update: '~', replace: '±', remove: '-', unchanged: '=' };

export function renderChangeSetText(set: ChangeSet, options: RenderOptions): string {
  const { color } = options;
  const paint: Record<Action, ChalkInstance> = { create: color.green, update: color.yellow, replace: color.magenta, remove: color.red, unchanged: color.dim };
  const changed = set.changes.filter((c) => c.action !== 'unchanged');
  const lines = [`${set.target === 'swarm' ? 'stack' : 'project'} ${set.name}: ${summary(set)}`];
  for (const c of sorted(changed)) {
    lines.push(paint[c.action](`${SIGN[c.action]} ${c.type} ${c.name}${c.reason ? `  (${c.reason})` : ''}`));
    if ((c.action === 'update' || c.action === 'replace') && c.before !== undefined) lines.push(...unified(c, options));
  }
  return lines.join('\n') + '\n';
}

function unified(change: ObjectChange, options: RenderOptions): string[] {
  const show = (v: unknown) => pretty(options.showSensitive ? v : maskValue(v));
  const patch = structuredPatch('live', 'file', show(change.before), show(change.after), '', '', { context: 2 });
  const { color } = options;
  return patch.hunks.flatMap((h) => [
    color.cyan(`    @@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`),
    ...h.lines.map((l) => `    ${l.startsWith('+') ? color.green(l) : l.startsWith('-') ? color.red(l) : l}`),
  ]);
}

/** Sorted keys, two-space indent: a stable text for line diffs. */
function pretty(value: unknown): string {
  return JSON.stringify(JSON.parse(canonicalJson(value)), null, 2) + '\n';
}

function sorted(changes: readonly ObjectChange[]): ObjectChange[] {
  return [...changes].sort((a, b) => byCodePoint(a.type, b.type) || byCodePoint(a.name, b.name));
}

export function summary(set: ChangeSet): string {
  const count = (action: Action) => set.changes.filter((c) => c.action === action).length;
  const parts = (['create', 'update', 'replace', 'remove'] as const).filter((a) => count(a)).map((a) => `${count(a)} to ${a}`);
  return parts.length ? `${parts.join(', ')}, ${count('unchanged')} unchanged` : `no changes (${count('unchanged')} unchanged)`;
}

export function changeSetJson(set: ChangeSet, showSensitive: boolean): object {
  return {
    target: set.target,
    name: set.name,
    changes: sorted(set.changes).map((c) => ({
      type: c.type,
      name: c.name,
      action: c.action,
      reason: c.reason ?? null,
      fields: c.fields.map((f) => (showSensitive ? f : maskField(f))).map((f) => ({ path: f.path, before: f.before ?? null, after: f.after ?? null })),
    })),
    summary: Object.fromEntries((['create', 'update', 'replace', 'remove', 'unchanged'] as const).map((a) => [a, set.changes.filter((c) => c.action === a).length])),
  };
}
