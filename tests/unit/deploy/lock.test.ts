import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/deploy/engine-api.js';
import { hostname } from 'node:os';
import { clearStaleLock, LockTimeoutError, withLock, type LockStore } from '../../../src/deploy/lock.js';

/** An in-memory lock store with the engine's semantics: create fails with 409 when taken. */
function memoryStore(initial?: Record<string, string>) {
  let held: { id: string; labels: Record<string, string> } | undefined = initial && { id: 'old', labels: initial };
  let next = 0;
  const store: LockStore & { held: () => typeof held } = {
    name: 'lock test',
    held: () => held,
    create: async (labels) => {
      if (held) throw new EngineError('conflict: already exists', 409);
      held = { id: `l${++next}`, labels: { ...labels } };
      return held.id;
    },
    find: async () => held,
    remove: async (id) => {
      if (held?.id === id) held = undefined;
    },
  };
  return store;
}

const foreign = (overrides: Record<string, string> = {}) => ({
  'dev.stackc.lock': 'true',
  'dev.stackc.lock.pid': '1',
  'dev.stackc.lock.host': 'another-host',
  'dev.stackc.lock.since': new Date().toISOString(),
  'dev.stackc.lock.expires': new Date(Date.now() + 60_000).toISOString(),
  ...overrides,
});

describe('withLock', () => {
  it('holds the lock while the work runs and releases it after, also on failure', async () => {
    const store = memoryStore();
    await withLock(store, { timeoutMs: 100 }, async () => expect(store.held()).toBeDefined());
    expect(store.held()).toBeUndefined();
    await expect(withLock(store, { timeoutMs: 100 }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(store.held()).toBeUndefined();
  });

  it('runs two contenders one after the other, never together', async () => {
    const store = memoryStore();
    const log: string[] = [];
    const work = (name: string) => withLock(store, { timeoutMs: 2000, pollMs: 5 }, async () => {
      log.push(`${name} start`);
      await new Promise((r) => setTimeout(r, 30));
      log.push(`${name} end`);
    });
    await Promise.all([work('a'), work('b')]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('waits for a live holder, tells the user once, then gives up with a clear error', async () => {
    const store = memoryStore(foreign());
    const waits: unknown[] = [];
    await expect(withLock(store, { timeoutMs: 50, pollMs: 5, onWait: (h) => waits.push(h) }, async () => undefined)).rejects.toBeInstanceOf(LockTimeoutError);
    expect(waits).toHaveLength(1);
  });

  it('takes over an expired lock and one whose holder process is gone on this host', async () => {
    const expired = memoryStore(foreign({ 'dev.stackc.lock.expires': new Date(Date.now() - 1000).toISOString() }));
    await expect(withLock(expired, { timeoutMs: 50 }, async () => 'ran')).resolves.toBe('ran');
    const { hostname } = await import('node:os');
    const dead = memoryStore(foreign({ 'dev.stackc.lock.host': hostname(), 'dev.stackc.lock.pid': '999999999' }));
    await expect(withLock(dead, { timeoutMs: 50 }, async () => 'ran')).resolves.toBe('ran');
  });

  it('refuses to touch an object of the same name that is not a lock', async () => {
    const store = memoryStore({ unrelated: 'yes' });
    await expect(withLock(store, { timeoutMs: 50 }, async () => undefined)).rejects.toThrow(/not a stackc lock/);
    expect(store.held()?.id).toBe('old');
  });
});

describe('clearStaleLock', () => {
  it('removes an expired lock and one whose holder process on this host is gone', async () => {
    const expired = memoryStore(foreign({ 'dev.stackc.lock.expires': new Date(Date.now() - 1000).toISOString() }));
    expect(await clearStaleLock(expired)).toBe(true);
    expect(expired.held()).toBeUndefined();
    // A pid above any pid_max is never a live process.
    const killed = memoryStore(foreign({ 'dev.stackc.lock.host': hostname(), 'dev.stackc.lock.pid': '99999999' }));
    expect(await clearStaleLock(killed)).toBe(true);
    expect(killed.held()).toBeUndefined();
  });

  it('keeps a live holder\'s lock, another host\'s unexpired lock, and an object that is not a stackc lock', async () => {
    for (const labels of [foreign({ 'dev.stackc.lock.host': hostname(), 'dev.stackc.lock.pid': String(process.pid) }), foreign(), { purpose: 'something else' }]) {
      const store = memoryStore(labels);
      expect(await clearStaleLock(store)).toBe(false);
      expect(store.held()).toBeDefined();
    }
    expect(await clearStaleLock(memoryStore())).toBe(false);
  });
});
