import { describe, expect, it } from 'vitest';
import type { Deploy } from '../../../src/normalize/model.js';
import { parseRestart } from '../../../src/targets/engine/restart.js';
import { lowerOne, service } from './helpers.js';

const deploy = (restart_policy: Deploy['restart_policy']): Deploy => ({
  mode: 'replicated',
  labels: {},
  resources: {},
  placement: { constraints: [], preferences: [] },
  restart_policy,
});

describe('restart policy', () => {
  it('maps every `restart:` form', () => {
    expect(parseRestart('no')).toEqual({ Name: 'no' });
    expect(parseRestart('always')).toEqual({ Name: 'always' });
    expect(parseRestart('unless-stopped')).toEqual({ Name: 'unless-stopped' });
    expect(parseRestart('on-failure')).toEqual({ Name: 'on-failure' });
    expect(parseRestart('on-failure:5')).toEqual({ Name: 'on-failure', MaximumRetryCount: 5 });
  });

  it('is absent when neither restart nor deploy.restart_policy is set', () => {
    expect(lowerOne(service('a')).container.create.HostConfig.RestartPolicy).toBeUndefined();
  });

  it('falls back to deploy.restart_policy: any → always, on-failure with retries, none → no', () => {
    const policy = (p: Deploy['restart_policy']) => lowerOne(service('a', { deploy: deploy(p) })).container.create.HostConfig.RestartPolicy;
    expect(policy({ condition: 'any' })).toEqual({ Name: 'always' });
    expect(policy({ condition: 'on-failure', max_attempts: 3 })).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
    expect(policy({ condition: 'none' })).toEqual({ Name: 'no' });
    expect(policy({})).toEqual({ Name: 'always' });
  });

  it('prefers `restart:` over deploy.restart_policy, and warns for delay/window', () => {
    const { container, codes } = lowerOne(service('a', { restart: 'unless-stopped', deploy: deploy({ condition: 'on-failure', delay: 5e9 }) }));
    expect(container.create.HostConfig.RestartPolicy).toEqual({ Name: 'unless-stopped' });
    expect(codes).toEqual(['W0701']);
  });
});
