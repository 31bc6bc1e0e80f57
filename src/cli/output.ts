/** Where output goes and how it looks: colour only on a TTY and never with NO_COLOR. */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Diagnostic } from '../parse/diagnostics.js';
import { toGithub, toJson, toSarif } from './render/machine.js';
import { renderText } from './render/text.js';
import { VERSION } from './version.js';

export type DiagnosticFormat = 'text' | 'json' | 'sarif' | 'github';

export function colorFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const enabled = forced || (Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb');
  return new Chalk({ level: enabled ? 1 : 0 });
}

export function formatDiagnostics(
  list: readonly Diagnostic[],
  format: DiagnosticFormat,
  context: { cwd: string; sourceOf: (file: string) => string | undefined; color: ChalkInstance },
): string {
  switch (format) {
    case 'json':
      return JSON.stringify(toJson(list, context.cwd), null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(toSarif(list, context.cwd, VERSION), null, 2) + '\n';
    case 'github':
      return toGithub(list, context.cwd);
    default:
      return renderText(list, context);
  }
}

/** Exit status for a run that produced these diagnostics: 1 on errors (or warnings with --strict). */
export function exitCodeFor(list: readonly Diagnostic[], strict: boolean): number {
  return list.some((d) => d.severity === 'error' || strict) ? 1 : 0;
}
