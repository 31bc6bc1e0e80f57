import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { demux, followProgress, lineSplitter } from '../../../src/deploy/engine-streams.js';

const frame = (kind: 1 | 2, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = kind;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('demux', () => {
  it('separates stdout and stderr frames, whole or cut anywhere across chunks', async () => {
    const bytes = Buffer.concat([frame(1, 'out-a\n'), frame(2, 'err-b\n'), frame(1, 'out-c\n')]);
    for (const cuts of [[], [3], [8, 9], [1, 2, 13, 20, 21]]) {
      const chunks = [0, ...cuts, bytes.length].slice(1).map((end, i, ends) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end));
      const seen: string[] = [];
      await demux(Readable.from(chunks), (kind, data) => seen.push(`${kind}:${data.toString()}`));
      expect(seen.join('')).toBe('stdout:out-a\nstderr:err-b\nstdout:out-c\n');
    }
  });

  it('passes empty frames through and ignores an incomplete trailing header', async () => {
    const seen: string[] = [];
    await demux(Readable.from([Buffer.concat([frame(1, ''), frame(2, 'x'), Buffer.from([1, 0, 0])])]), (kind, data) => seen.push(`${kind}:${data.toString()}`));
    expect(seen).toEqual(['stdout:', 'stderr:x']);
  });
});

describe('lineSplitter', () => {
  it('cuts lines across chunks, keeps a multi-byte character split between chunks whole, and flushes the rest', () => {
    const lines: string[] = [];
    const split = lineSplitter((line) => lines.push(line));
    const euro = Buffer.from('€');
    split.push(Buffer.concat([Buffer.from('a\nb'), euro.subarray(0, 1)]));
    split.push(Buffer.concat([euro.subarray(1), Buffer.from('c\n\nlast')]));
    split.end();
    expect(lines).toEqual(['a', 'b€c', '', 'last']);
  });
});

describe('followProgress', () => {
  it('passes status and stream texts, trimmed, and skips empty messages', async () => {
    const lines: string[] = [];
    const body = ['{"status":"Pulling from x"}\n{"stream":"Step 1/2 : FROM x\\n"}', '\n{"stream":"\\n"}\n', '{"status":"Done"}'];
    await followProgress(Readable.from(body.map((t) => Buffer.from(t))), (line) => lines.push(line));
    expect(lines).toEqual(['Pulling from x', 'Step 1/2 : FROM x', 'Done']);
  });

  it('throws the error message the engine reports inside the stream (after a 200)', async () => {
    const body = '{"status":"Pulling"}\n{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown (short)"}\n{"status":"ignored"}\n';
    const lines: string[] = [];
    await expect(followProgress(Readable.from([Buffer.from(body)]), (line) => lines.push(line))).rejects.toThrow(/^manifest unknown$/);
    expect(lines).toEqual(['Pulling']);
  });
});
