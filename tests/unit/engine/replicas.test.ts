import { describe, expect, it } from 'vitest';
import type { Deploy } from '../../../src/normalize/model.js';
import { replicaCount } from '../../../src/targets/engine/replicas.js';
import { lower, project, service } from './helpers.js';

const deploy = (extra: Partial<Deploy>): Deploy => ({ mode: 'replicated', labels: {}, resources: {}, placement: { constraints: [], preferences: [] }, ...extra });

describe('replica count', () => {
  it('takes --scale over deploy.replicas over scale over 1', () => {
    const all = service('web', { scale: 2, deploy: deploy({ replicas: 3 }) });
    expect(replicaCount(all, { web: 4 })).toBe(4);
    expect(replicaCount(all, { other: 4 })).toBe(3);
    expect(replicaCount(service('web', { scale: 2 }), undefined)).toBe(2);
    expect(replicaCount(service('web'), undefined)).toBe(1);
    expect(replicaCount(all, { web: 0 })).toBe(0);
  });

  it('runs a global service once on one host', () => {
    expect(replicaCount(service('agent', { deploy: deploy({ mode: 'global' }) }), undefined)).toBe(1);
  });

  it('makes one container per replica, and reports container_name with several replicas', () => {
    const { desired, diagnostics } = lower(project([service('web', { container_name: 'web' })]), { scale: { web: 2 } });
    expect(desired.services[0]!.replicas).toBe(2);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['E0610', ['services', 'web', 'container_name']]]);
  });

  it('reports --scale for a service the project does not have', () => {
    expect(lower(project([service('web')]), { scale: { wbe: 2 } }).diagnostics.map((d) => d.code)).toEqual(['E0601']);
  });
});
