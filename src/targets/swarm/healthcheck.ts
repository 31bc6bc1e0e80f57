/**
 * `healthcheck:` → ContainerSpec.Healthcheck, durations in nanoseconds (the API's unit); `test:
 * ["NONE"]` (what normalize makes of `disable: true`) turns the image's check off.
 * `start_interval` needs Engine API 1.44: W0701.
 */
import type { Healthcheck } from '../../normalize/model.js';
import { compact } from '../engine/records.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { HealthConfig } from './desired.js';

export function healthcheck(service: string, h: Healthcheck | undefined, ctx: LowerContext): HealthConfig | undefined {
  if (!h) return undefined;
  if (h.start_interval !== undefined) {
    unsupported(ctx, servicePath(service, 'healthcheck', 'start_interval'), '`start_interval` needs Engine API 1.44; it is ignored');
  }
  return compact<HealthConfig>({
    Test: h.test ? [...h.test] : undefined,
    Interval: h.interval,
    Timeout: h.timeout,
    StartPeriod: h.start_period,
    Retries: h.retries,
  });
}
