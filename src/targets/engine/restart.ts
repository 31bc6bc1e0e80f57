/**
 * `restart:` → HostConfig.RestartPolicy. `deploy.restart_policy` is the fallback when `restart`
 * is unset: condition any → always (also swarm's default when no condition is given),
 * on-failure → on-failure with max_attempts as MaximumRetryCount, none → no. Its delay and
 * window have no engine equivalent: W0701 when set.
 */
import type { Service } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { HostConfig } from './desired.js';

type RestartPolicy = NonNullable<HostConfig['RestartPolicy']>;

/** `no`, `always`, `unless-stopped`, `on-failure[:N]`. */
export function parseRestart(value: string): RestartPolicy {
  const [name = '', count] = value.split(':', 2);
  if (name === 'on-failure' && count !== undefined && /^\d+$/.test(count)) return { Name: name, MaximumRetryCount: Number(count) };
  return { Name: name };
}

export function restartPolicy(service: Service, ctx: LowerContext): RestartPolicy | undefined {
  const policy = service.deploy?.restart_policy;
  if (policy) {
    const path = servicePath(service.name, 'deploy', 'restart_policy');
    for (const key of ['delay', 'window'] as const) {
      if (policy[key] !== undefined) unsupported(ctx, [...path, key], `\`restart_policy.${key}\` has no single-engine equivalent; it is ignored`);
    }
  }
  if (service.restart !== undefined) return parseRestart(service.restart);
  if (!policy) return undefined;
  switch (policy.condition) {
    case 'none':
      return { Name: 'no' };
    case 'on-failure':
      return policy.max_attempts !== undefined ? { Name: 'on-failure', MaximumRetryCount: policy.max_attempts } : { Name: 'on-failure' };
    default:
      return { Name: 'always' };
  }
}
