/**
 * The engine's two streaming formats: container output multiplexed into frames (logs and exec
 * of containers without a TTY) and newline-separated JSON messages (pull and build progress,
 * which report failure inside the stream after a 200).
 */
import { StringDecoder } from 'node:string_decoder';

export type OutputKind = 'stdout' | 'stderr';

/**
 * Frames are an 8-byte header (stream id: 1 stdout, 2 stderr; three zero bytes; big-endian
 * size) and the payload; a frame may arrive split over chunks, or several in one chunk.
 */
export async function demux(source: AsyncIterable<Buffer>, onData: (kind: OutputKind, data: Buffer) => void): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let at = 0;
    while (pending.length - at >= 8) {
      const size = pending.readUInt32BE(at + 4);
      if (pending.length - at - 8 < size) break;
      onData(pending[at] === 2 ? 'stderr' : 'stdout', pending.subarray(at + 8, at + 8 + size));
      at += 8 + size;
    }
    pending = pending.subarray(at);
  }
}

/** Cuts text arriving in chunks into lines (UTF-8 safe across chunk boundaries). */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return {
    push(chunk) {
      pending += decoder.write(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
    end() {
      pending += decoder.end();
      if (pending) onLine(pending);
      pending = '';
    },
  };
}

interface ProgressMessage {
  readonly stream?: string;
  readonly status?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
}

/** Follows a JSON progress stream to its end, passing each message's text; its error throws. */
export async function followProgress(source: AsyncIterable<Buffer>, progress: (line: string) => void): Promise<void> {
  let failure: string | undefined;
  const lines = lineSplitter((line) => {
    if (!line.trim() || failure !== undefined) return;
    const message = JSON.parse(line) as ProgressMessage;
    if (message.error) failure = message.errorDetail?.message ?? message.error;
    else {
      const text = (message.stream ?? message.status ?? '').trimEnd();
      if (text) progress(text);
    }
  });
  for await (const chunk of source) lines.push(chunk);
  lines.end();
  if (failure !== undefined) throw new Error(failure.trim());
}
