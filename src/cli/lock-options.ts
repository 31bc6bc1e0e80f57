/** `--lock-timeout S` (default 5 minutes) and the message shown while another run holds the lock. */
import type { LockOptions } from '../deploy/lock.js';

export function lockOptions(flags: { readonly lockTimeout?: string }): LockOptions {
  return {
    timeoutMs: (flags.lockTimeout === undefined ? 300 : Number(flags.lockTimeout)) * 1000,
    onWait: (holder) =>
      process.stderr.write(
        `waiting for the lock held by ${holder ? `process ${holder.pid} on ${holder.host} since ${holder.since}` : 'another stackc run'} (--lock-timeout to limit)\n`,
      ),
  };
}
