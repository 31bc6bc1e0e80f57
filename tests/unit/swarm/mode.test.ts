import { describe, expect, it } from 'vitest';
import { deploy, lowerOne, service } from './helpers.js';

describe('swarm service mode', () => {
  const mode = (...args: Parameters<typeof service>) => lowerOne(service(...args));

  it('omits Replicas when the file sets none, so a manual `docker service scale` is kept', () => {
    expect(mode('a').spec.Mode).toEqual({ Replicated: {} });
    expect(mode('a', { deploy: deploy() }).spec.Mode).toEqual({ Replicated: {} });
  });

  it('takes deploy.replicas, else the service-level scale', () => {
    expect(mode('a', { deploy: deploy({ replicas: 3 }) }).spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(mode('a', { deploy: deploy({ replicas: 0 }) }).spec.Mode).toEqual({ Replicated: { Replicas: 0 } });
    expect(mode('a', { scale: 2 }).spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
  });

  it('lowers global services and both job modes', () => {
    expect(mode('a', { deploy: deploy({ mode: 'global' }) }).spec.Mode).toEqual({ Global: {} });
    expect(mode('a', { deploy: deploy({ mode: 'global-job' }) }).spec.Mode).toEqual({ GlobalJob: {} });
    expect(mode('a', { deploy: deploy({ mode: 'replicated-job' }) }).spec.Mode).toEqual({ ReplicatedJob: {} });
    expect(mode('a', { deploy: deploy({ mode: 'replicated-job', replicas: 4 }) }).spec.Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 4, TotalCompletions: 4 } });
  });

  it('warns about a replica count on a global service, at its path', () => {
    expect(mode('a', { deploy: deploy({ mode: 'global', replicas: 2 }) }).warnings).toEqual([['W0701', ['services', 'a', 'deploy', 'replicas']]]);
    expect(mode('a', { scale: 2, deploy: deploy({ mode: 'global-job' }) }).warnings).toEqual([['W0701', ['services', 'a', 'scale']]]);
  });
});
