import { describe, expect, it } from 'vitest';
import { deploy, lowerOne, service } from './helpers.js';

describe('swarm resources', () => {
  it('is absent when deploy.resources sets nothing', () => {
    expect(lowerOne(service('a')).spec.TaskTemplate.Resources).toBeUndefined();
    expect(lowerOne(service('a', { deploy: deploy() })).spec.TaskTemplate.Resources).toBeUndefined();
  });

  it('maps limits and reservations (nano-cpus, bytes, pids, generic resources)', () => {
    const resources = {
      limits: { cpus: 1.5e9, memory: 512 * 2 ** 20, pids: 200 },
      reservations: {
        cpus: 0.25e9,
        memory: 128 * 2 ** 20,
        devices: [],
        generic_resources: [{ discrete_resource_spec: { kind: 'gpu', value: 2 } }],
      },
    };
    expect(lowerOne(service('a', { deploy: deploy({ resources }) })).spec.TaskTemplate.Resources).toEqual({
      Limits: { NanoCPUs: 1.5e9, MemoryBytes: 512 * 2 ** 20, Pids: 200 },
      Reservations: { NanoCPUs: 0.25e9, MemoryBytes: 128 * 2 ** 20, GenericResources: [{ DiscreteResourceSpec: { Kind: 'gpu', Value: 2 } }] },
    });
  });

  it('keeps only what is set', () => {
    const resources = { limits: { memory: 256 * 2 ** 20 } };
    expect(lowerOne(service('a', { deploy: deploy({ resources }) })).spec.TaskTemplate.Resources).toEqual({ Limits: { MemoryBytes: 256 * 2 ** 20 } });
  });

  it('warns about device reservations', () => {
    const resources = { reservations: { devices: [{ capabilities: ['gpu'], device_ids: [], options: {} }], generic_resources: [] } };
    const { warnings, spec } = lowerOne(service('a', { deploy: deploy({ resources }) }));
    expect(warnings).toEqual([['W0701', ['services', 'a', 'deploy', 'resources', 'reservations', 'devices']]]);
    expect(spec.TaskTemplate.Resources).toEqual({ Reservations: {} });
  });

  it('warns about service-level resource keys and points to deploy.resources', () => {
    const { diagnostics, spec } = lowerOne(service('a', { cpus: 0.5e9, mem_limit: 2 ** 27, cpuset: '0,1' }));
    expect(diagnostics.map((d) => [d.code, d.path, d.hint])).toEqual([
      ['W0701', ['services', 'a', 'cpus'], 'set `deploy.resources.limits.cpus` instead'],
      ['W0701', ['services', 'a', 'mem_limit'], 'set `deploy.resources.limits.memory` instead'],
      ['W0701', ['services', 'a', 'cpuset'], undefined],
    ]);
    expect(spec.TaskTemplate.Resources).toBeUndefined();
  });
});
