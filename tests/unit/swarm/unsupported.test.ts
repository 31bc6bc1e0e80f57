import { describe, expect, it } from 'vitest';
import { deploy, lower, lowerOne, project, service, warnings } from './helpers.js';

describe('swarm W0701 unsupported-by-target', () => {
  it('says nothing about a plain service with swarm keys', () => {
    const s = service('web', {
      deploy: deploy({ replicas: 2, endpoint_mode: 'dnsrr', update_config: { parallelism: 1 }, placement: { constraints: ['node.role == worker'], preferences: [] } }),
      profiles: ['prod'],
      env_file: [{ path: '/srv/app/.env', required: true }],
    });
    expect(lowerOne(s).warnings).toEqual([]);
  });

  it('says depends_on is ignored and services start in any order', () => {
    const s = service('wordpress', { depends_on: { mysql: { condition: 'service_started', restart: false, required: true } } });
    const { diagnostics } = lowerOne(s);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'W0701', path: ['services', 'wordpress', 'depends_on'], message: expect.stringContaining('services start in any order') }),
    ]);
  });

  it('reports every key swarm cannot honour at its own path, only when set', () => {
    const s = service('x', {
      container_name: 'x1',
      links: [{ service: 'y', alias: 'y' }],
      external_links: ['legacy'],
      privileged: true,
      devices: [{ source: '/dev/fuse' }],
      security_opt: ['no-new-privileges:true'],
      userns_mode: 'host',
      pid: 'host',
      ipc: 'host',
      volumes_from: [{ source: 'y', container: false, read_only: false }],
      expose: ['8000'],
      domainname: 'example.com',
      shm_size: 2 ** 30,
      cpu_shares: 512,
    });
    expect(lower(project([s, service('y')])).diagnostics.map((d) => d.path![2])).toEqual([
      'container_name',
      'links',
      'external_links',
      'expose',
      'volumes_from',
      'privileged',
      'devices',
      'security_opt',
      'userns_mode',
      'pid',
      'ipc',
      'domainname',
      'cpu_shares',
      'shm_size',
    ]);
  });

  it('reports top-level models', () => {
    expect(warnings(lower(project([service('a')], { models: { llm: { model: 'ai/smollm2' } } })).diagnostics)).toEqual([['W0701', ['models']]]);
  });
});
