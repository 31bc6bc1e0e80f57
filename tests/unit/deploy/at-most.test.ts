import { describe, expect, it } from 'vitest';
import { forEachAtMost } from '../../../src/deploy/at-most.js';

/** A call that ends when the test says so, to see how many run at once. */
function gate() {
  const open: Array<{ item: number; finish: (error?: Error) => void }> = [];
  const started: number[] = [];
  const fn = (item: number) =>
    new Promise<void>((resolve, reject) => {
      started.push(item);
      open.push({ item, finish: (error) => (error ? reject(error) : resolve()) });
    });
  const settle = async (error?: Error) => {
    open.shift()!.finish(error);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { fn, open, started, settle };
}

describe('forEachAtMost', () => {
  it('keeps at most `limit` calls under way and takes the items in order', async () => {
    const g = gate();
    const done = forEachAtMost([1, 2, 3, 4, 5], 2, g.fn);
    await new Promise((resolve) => setImmediate(resolve));
    expect(g.started).toEqual([1, 2]);
    await g.settle();
    expect(g.started).toEqual([1, 2, 3]);
    expect(g.open.map((o) => o.item)).toEqual([2, 3]);
    while (g.open.length) await g.settle();
    await done;
    expect(g.started).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts nothing more after a failure and rejects only when the calls under way ended', async () => {
    const g = gate();
    let rejected: unknown;
    const done = forEachAtMost([1, 2, 3, 4], 2, g.fn).catch((error: unknown) => (rejected = error));
    await new Promise((resolve) => setImmediate(resolve));
    await g.settle(new Error('item 1 failed'));
    expect(g.started).toEqual([1, 2]);
    expect(rejected).toBeUndefined();
    await g.settle();
    await done;
    expect(g.started).toEqual([1, 2]);
    expect((rejected as Error).message).toBe('item 1 failed');
  });

  it('does nothing for no items and never more calls than items', async () => {
    const g = gate();
    await forEachAtMost([], 8, g.fn);
    expect(g.started).toEqual([]);
    const done = forEachAtMost([7], 8, g.fn);
    await new Promise((resolve) => setImmediate(resolve));
    expect(g.started).toEqual([7]);
    await g.settle();
    await done;
  });
});
