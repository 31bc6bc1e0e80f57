/**
 * `healthcheck:` → Config.Healthcheck. Durations stay nanoseconds (the API's unit); `test:
 * ["NONE"]` (and `disable: true`, which normalize turns into it) disables the image's check.
 * `start_interval` needs Engine API 1.44: W0701 when set.
 */
import type { Healthcheck } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { ContainerCreateBody } from './desired.js';
import { compact } from './records.js';

export function healthcheck(service: string, h: Healthcheck | undefined, ctx: LowerContext): ContainerCreateBody['Healthcheck'] {
  if (!h) return undefined;
  if (h.start_interval !== undefined) {
    unsupported(ctx, servicePath(service, 'healthcheck', 'start_interval'), '`start_interval` needs Engine API 1.44; it is ignored');
  }
  return compact({
    Test: h.test ? [...h.test] : undefined,
    Interval: h.interval,
    Timeout: h.timeout,
    StartPeriod: h.start_period,
    Retries: h.retries,
  });
}
