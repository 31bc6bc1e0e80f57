/**
 * TaskTemplate.RestartPolicy: `deploy.restart_policy` as written; without it, `restart:` mapped as
 * docker stack deploy maps it (always and unless-stopped → any, on-failure[:N] → on-failure with
 * N as MaxAttempts when N > 0). One deliberate difference: `restart: no` becomes condition
 * `none`, where docker stack deploy sends no policy at all and swarm's default (`any`) restarts
 * the task anyway. When both are set, `restart:` is ignored: W0701.
 */
import type { Service } from '../../normalize/model.js';
import { compact } from '../engine/records.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { RestartPolicy } from './desired.js';

/** `no`, `always`, `unless-stopped`, `on-failure[:N]` → a swarm restart policy. */
export function parseRestart(value: string): RestartPolicy {
  const [name = '', count] = value.split(':', 2);
  switch (name) {
    case 'no':
      return { Condition: 'none' };
    case 'on-failure': {
      const attempts = count !== undefined && /^\d+$/.test(count) ? Number(count) : 0;
      return attempts > 0 ? { Condition: 'on-failure', MaxAttempts: attempts } : { Condition: 'on-failure' };
    }
    default:
      // always, unless-stopped (normalize rejects anything else)
      return { Condition: 'any' };
  }
}

export function restartPolicy(service: Service, ctx: LowerContext): RestartPolicy | undefined {
  const policy = service.deploy?.restart_policy;
  if (policy) {
    if (service.restart !== undefined) {
      unsupported(ctx, servicePath(service.name, 'restart'), '`restart` is ignored: `deploy.restart_policy` is set, and a swarm follows that one');
    }
    return compact<RestartPolicy>({ Condition: policy.condition, Delay: policy.delay, MaxAttempts: policy.max_attempts, Window: policy.window });
  }
  return service.restart === undefined ? undefined : parseRestart(service.restart);
}
