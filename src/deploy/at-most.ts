/**
 * Runs `fn` over `items`, at most `limit` calls at a time, taking the items in order. For batches
 * of engine calls: a few connections kept busy (keep-alive reuses them) get through a batch as
 * fast as one connection per call, and the first calls go out at once instead of after every
 * request of the batch has been built.
 *
 * After a call fails no further item is started; the calls under way are waited for, then the
 * first failure is thrown, so nothing of the batch is still running when the caller goes on.
 */
export async function forEachAtMost<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      try {
        await fn(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
}
