/**
 * A deploy lock kept on the engine itself, so two stackc runs against the same project or stack
 * do not interleave, even from different machines. It needs an object whose creation the engine
 * makes atomic by name: a swarm config for stacks (names are unique in the raft store) and a
 * never-started container for one host (the daemon reserves container names atomically; network
 * names are only checked best-effort, measured racing here). Labels say who holds the lock and
 * until when; a lock past its expiry, or held by a process that no longer exists on this host,
 * is taken over. Locks are taken only when there is something to write, so an unchanged
 * project still costs no writes.
 */
import { hostname } from 'node:os';
import { EngineError, isNameConflict } from './engine-api.js';

const LABEL = 'dev.stackc.lock';
const LOCK_TTL_MS = 15 * 60_000;

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly expires: string;
}

/** Where a lock lives: create fails with a 409 EngineError when it exists. */
export interface LockStore {
  readonly name: string;
  create(labels: Readonly<Record<string, string>>): Promise<string>;
  find(): Promise<{ readonly id: string; readonly labels: Readonly<Record<string, string>> } | undefined>;
  remove(id: string): Promise<void>;
}

export interface LockOptions {
  readonly timeoutMs: number;
  readonly onWait?: (holder: LockHolder | undefined) => void;
  readonly pollMs?: number;
  readonly now?: () => number;
  /** Called on the first SIGINT/SIGTERM instead of exiting (up --rollback-on-failure rolls back). */
  readonly onInterrupt?: () => void;
}

export class LockTimeoutError extends Error {}

export async function withLock<T>(store: LockStore, options: LockOptions, fn: () => Promise<T>): Promise<T> {
  const id = await acquire(store, options);
  // Ctrl-C or a plain kill while holding the lock: release it before exiting (SIGKILL cannot be
  // caught; that lock is taken over by the next run, its holder process being gone). With
  // onInterrupt the first signal is the work's to handle (it winds down, the lock is released
  // as usual); a second one exits at once.
  let signals = 0;
  const release = (signal: NodeJS.Signals) => {
    if (options.onInterrupt && signals++ === 0) {
      process.stderr.write('Interrupted: undoing this run (press Ctrl+C again to exit at once)\n');
      options.onInterrupt();
      return;
    }
    void store.remove(id).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', release);
  process.on('SIGTERM', release);
  try {
    return await fn();
  } finally {
    process.removeListener('SIGINT', release);
    process.removeListener('SIGTERM', release);
    await store.remove(id);
  }
}

async function acquire(store: LockStore, options: LockOptions): Promise<string> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  let told = false;
  for (;;) {
    const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date(now()).toISOString(), expires: new Date(now() + LOCK_TTL_MS).toISOString() };
    try {
      return await store.create(labelsOf(holder));
    } catch (error) {
      if (!isNameConflict(error)) throw error;
    }
    const { existing, holder: current, staleId } = await readLock(store, now());
    if (existing && !current) throw new EngineError(`${store.name} exists and is not a stackc lock; remove or rename it`, 409);
    if (staleId) {
      // The holder is gone (killed, or its lock expired): take the lock over.
      await store.remove(staleId);
      continue;
    }
    if (now() > deadline) {
      const who = current ? `process ${current.pid} on ${current.host} since ${current.since}` : 'another run';
      throw new LockTimeoutError(`${store.name} is held by ${who}; gave up waiting (--lock-timeout)`);
    }
    if (!told) options.onWait?.(current);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
}

/**
 * Removes a lock whose holder is gone (a killed run that made no later writes leaves one; the
 * next writing run would take it over). A live holder's lock stays. Used by `rm` and `down`, so
 * removing a stack or project leaves none of stackc's objects behind.
 */
export async function clearStaleLock(store: Pick<LockStore, 'find' | 'remove'>, now: number = Date.now()): Promise<boolean> {
  const { staleId } = await readLock(store, now);
  if (!staleId) return false;
  await store.remove(staleId);
  return true;
}

/** The lock object if there is one, its stackc holder if it is a stackc lock, and its ID when that holder is gone. */
async function readLock(store: Pick<LockStore, 'find'>, now: number) {
  const existing = await store.find();
  const holder = existing && holderOf(existing.labels);
  return { existing, holder, staleId: existing && holder && isStale(holder, now) ? existing.id : undefined };
}

function labelsOf(holder: LockHolder): Record<string, string> {
  return { [LABEL]: 'true', [`${LABEL}.pid`]: String(holder.pid), [`${LABEL}.host`]: holder.host, [`${LABEL}.since`]: holder.since, [`${LABEL}.expires`]: holder.expires };
}

function holderOf(labels: Readonly<Record<string, string>>): LockHolder | undefined {
  if (labels[LABEL] !== 'true') return undefined;
  return { pid: Number(labels[`${LABEL}.pid`]), host: labels[`${LABEL}.host`] ?? '', since: labels[`${LABEL}.since`] ?? '', expires: labels[`${LABEL}.expires`] ?? '' };
}

/** Expired, or held by a process of this host that no longer runs. */
export function isStale(holder: LockHolder, now: number): boolean {
  if (Date.parse(holder.expires) < now) return true;
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
