import { describe, expect, it } from 'vitest';
import { codes, service } from './helpers.js';

describe('deploy', () => {
  it('defaults the mode to replicated and leaves the rest unset', () => {
    expect(service('image: x\ndeploy: {}').svc.deploy).toEqual({
      mode: 'replicated',
      labels: {},
      resources: {},
      placement: { constraints: [], preferences: [] },
    });
  });

  it('normalizes a full swarm deploy block', () => {
    const { svc, diagnostics } = service(
      [
        'image: x',
        'deploy:',
        '  mode: replicated',
        '  replicas: "3"',
        '  endpoint_mode: dnsrr',
        '  labels: [com.example.tier=web]',
        '  resources:',
        '    limits: {cpus: "0.5", memory: 512M, pids: 100}',
        '    reservations:',
        '      cpus: 0.25',
        '      memory: 128m',
        '      devices: [{capabilities: [gpu], count: 1, driver: nvidia}]',
        '      generic_resources: [{discrete_resource_spec: {kind: ssd, value: 2}}]',
        '  restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}',
        '  update_config: {parallelism: 1, delay: 10s, failure_action: rollback, monitor: 30s, max_failure_ratio: 0.1, order: start-first}',
        '  rollback_config: {parallelism: 0, order: stop-first}',
        '  placement:',
        '    constraints: [node.role == manager]',
        '    preferences: [{spread: node.labels.zone}]',
        '    max_replicas_per_node: 2',
        '  x-extra: 1',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(svc.deploy).toEqual({
      mode: 'replicated',
      replicas: 3,
      endpoint_mode: 'dnsrr',
      labels: { 'com.example.tier': 'web' },
      resources: {
        limits: { cpus: 500_000_000, memory: 512 * 1024 ** 2, pids: 100 },
        reservations: {
          cpus: 250_000_000,
          memory: 128 * 1024 ** 2,
          devices: [{ capabilities: ['gpu'], count: 1, device_ids: [], driver: 'nvidia', options: {} }],
          generic_resources: [{ discrete_resource_spec: { kind: 'ssd', value: 2 } }],
        },
      },
      restart_policy: { condition: 'on-failure', delay: 5e9, max_attempts: 3, window: 120e9 },
      update_config: { parallelism: 1, delay: 10e9, failure_action: 'rollback', monitor: 30e9, max_failure_ratio: 0.1, order: 'start-first' },
      rollback_config: { parallelism: 0, order: 'stop-first' },
      placement: { constraints: ['node.role == manager'], preferences: [{ spread: 'node.labels.zone' }], max_replicas_per_node: 2 },
      extensions: { 'x-extra': 1 },
    });
  });

  it('keeps global mode', () => {
    expect(service('image: x\ndeploy: {mode: global}').svc.deploy?.mode).toBe('global');
  });

  it('reports bad values at their paths', () => {
    const { diagnostics } = service(
      'image: x\ndeploy:\n  mode: sometimes\n  replicas: -1\n  resources: {limits: {cpus: x, memory: y}}\n  restart_policy: {delay: 5}',
    );
    expect(codes(diagnostics)).toEqual([
      { code: 'E0506', path: ['services', 'web', 'deploy', 'mode'] },
      { code: 'E0505', path: ['services', 'web', 'deploy', 'replicas'] },
      { code: 'E0505', path: ['services', 'web', 'deploy', 'resources', 'limits', 'cpus'] },
      { code: 'E0504', path: ['services', 'web', 'deploy', 'resources', 'limits', 'memory'] },
      { code: 'E0503', path: ['services', 'web', 'deploy', 'restart_policy', 'delay'] },
    ]);
  });
});
