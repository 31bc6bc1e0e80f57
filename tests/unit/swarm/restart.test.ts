import { describe, expect, it } from 'vitest';
import { parseRestart } from '../../../src/targets/swarm/restart.js';
import { deploy, lowerOne, service } from './helpers.js';

describe('swarm restart policy', () => {
  it('maps `restart:` as docker stack deploy does, except `no`', () => {
    expect(parseRestart('always')).toEqual({ Condition: 'any' });
    expect(parseRestart('unless-stopped')).toEqual({ Condition: 'any' });
    expect(parseRestart('on-failure')).toEqual({ Condition: 'on-failure' });
    expect(parseRestart('on-failure:0')).toEqual({ Condition: 'on-failure' });
    expect(parseRestart('on-failure:5')).toEqual({ Condition: 'on-failure', MaxAttempts: 5 });
    // docker stack deploy sends no policy for `no`, and swarm's default (any) restarts anyway.
    expect(parseRestart('no')).toEqual({ Condition: 'none' });
  });

  it('is absent when neither restart nor deploy.restart_policy is set', () => {
    expect(lowerOne(service('a')).spec.TaskTemplate.RestartPolicy).toBeUndefined();
  });

  it('falls back to `restart:` without a warning', () => {
    const { spec, warnings } = lowerOne(service('a', { restart: 'on-failure:3' }));
    expect(spec.TaskTemplate.RestartPolicy).toEqual({ Condition: 'on-failure', MaxAttempts: 3 });
    expect(warnings).toEqual([]);
  });

  it('takes deploy.restart_policy as written, durations in ns', () => {
    const policy = { condition: 'on-failure' as const, delay: 5e9, max_attempts: 3, window: 120e9 };
    expect(lowerOne(service('a', { deploy: deploy({ restart_policy: policy }) })).spec.TaskTemplate.RestartPolicy).toEqual({
      Condition: 'on-failure',
      Delay: 5e9,
      MaxAttempts: 3,
      Window: 120e9,
    });
    expect(lowerOne(service('a', { deploy: deploy({ restart_policy: {} }) })).spec.TaskTemplate.RestartPolicy).toEqual({});
  });

  it('prefers deploy.restart_policy over `restart:` and warns at `restart`', () => {
    const s = service('a', { restart: 'always', deploy: deploy({ restart_policy: { condition: 'none' } }) });
    const { spec, warnings } = lowerOne(s);
    expect(spec.TaskTemplate.RestartPolicy).toEqual({ Condition: 'none' });
    expect(warnings).toEqual([['W0701', ['services', 'a', 'restart']]]);
  });
});
