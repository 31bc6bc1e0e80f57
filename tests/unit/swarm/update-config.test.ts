import { describe, expect, it } from 'vitest';
import { updateConfig } from '../../../src/targets/swarm/update-config.js';
import { deploy, lowerOne, service } from './helpers.js';

describe('swarm update and rollback config', () => {
  it('is absent when the file has none (swarm defaults apply)', () => {
    const { spec } = lowerOne(service('a', { deploy: deploy() }));
    expect(spec.UpdateConfig).toBeUndefined();
    expect(spec.RollbackConfig).toBeUndefined();
  });

  it('defaults parallelism to 1, as docker stack deploy does', () => {
    expect(updateConfig({})).toEqual({ Parallelism: 1 });
    expect(updateConfig({ delay: 10e9 })).toEqual({ Parallelism: 1, Delay: 10e9 });
    expect(updateConfig({ parallelism: 0 })).toEqual({ Parallelism: 0 });
  });

  it('maps every field, for update and rollback alike', () => {
    const config = { parallelism: 2, delay: 10e9, failure_action: 'rollback', monitor: 30e9, max_failure_ratio: 0.1, order: 'start-first' as const };
    const expected = { Parallelism: 2, Delay: 10e9, FailureAction: 'rollback', Monitor: 30e9, MaxFailureRatio: 0.1, Order: 'start-first' };
    const { spec } = lowerOne(service('a', { deploy: deploy({ update_config: config, rollback_config: { ...config, order: 'stop-first' } }) }));
    expect(spec.UpdateConfig).toEqual(expected);
    expect(spec.RollbackConfig).toEqual({ ...expected, Order: 'stop-first' });
  });
});
