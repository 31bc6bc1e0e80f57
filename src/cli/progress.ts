/**
 * Progress of engine work. On a TTY one line per object, rewritten in place as its status
 * changes; otherwise (and with --progress plain) one line per event, which logs and CI read well.
 */
import type { EngineEvent } from '../deploy/engine/apply.js';

export type ProgressMode = 'tty' | 'plain' | 'quiet';

export function progressMode(requested: string | undefined, stream: NodeJS.WriteStream): ProgressMode {
  if (requested === 'plain' || requested === 'quiet' || requested === 'tty') return requested;
  return stream.isTTY ? 'tty' : 'plain';
}

export type ProgressView = (event: EngineEvent) => void;

export function progressView(mode: ProgressMode, stream: NodeJS.WriteStream): ProgressView {
  if (mode === 'quiet') return () => undefined;
  if (mode === 'plain') {
    // Build and pull output lines are too chatty for plain logs; status changes are kept.
    return (e) => {
      if (!(e.detail && (e.status === 'Pulling' || e.status === 'Building'))) stream.write(`${e.object.padEnd(40)} ${e.status}${e.detail ? ` (${e.detail})` : ''}\n`);
    };
  }
  const rows = new Map<string, string>();
  let drawn = 0;
  const draw = () => {
    if (drawn) stream.write(`\x1b[${drawn}A`);
    for (const [object, status] of rows) stream.write(`\x1b[2K ${object.padEnd(40)} ${status}\n`);
    drawn = rows.size;
  };
  return (e) => {
    rows.set(e.object, e.detail ? `${e.status} ${e.detail.slice(0, 60)}` : e.status);
    draw();
  };
}
