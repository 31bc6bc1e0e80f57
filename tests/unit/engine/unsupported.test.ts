import { describe, expect, it } from 'vitest';
import type { Deploy } from '../../../src/normalize/model.js';
import { lower, lowerOne, project, service } from './helpers.js';

const deploy = (extra: Partial<Deploy>): Deploy => ({ mode: 'replicated', labels: {}, resources: {}, placement: { constraints: [], preferences: [] }, ...extra });
const warnings = (diagnostics: readonly { code: string; path?: readonly (string | number)[] }[]) => diagnostics.map((d) => [d.code, d.path]);

describe('W0701 unsupported-by-target', () => {
  it('says nothing about a plain service, nor about depends_on or a plain deploy', () => {
    const s = service('web', { deploy: deploy({ replicas: 2 }), depends_on: {} });
    expect(lowerOne(s).codes).toEqual([]);
  });

  it('reports swarm-only deploy keys at their path, only when set', () => {
    const s = service('web', {
      deploy: deploy({
        placement: { constraints: ['node.role == manager'], preferences: [] },
        update_config: { parallelism: 1, delay: 10e9 },
        rollback_config: { parallelism: 1 },
        endpoint_mode: 'dnsrr',
        labels: { a: 'b' },
      }),
    });
    expect(warnings(lower(project([s])).diagnostics)).toEqual([
      ['W0701', ['services', 'web', 'deploy', 'placement']],
      ['W0701', ['services', 'web', 'deploy', 'update_config']],
      ['W0701', ['services', 'web', 'deploy', 'rollback_config']],
      ['W0701', ['services', 'web', 'deploy', 'endpoint_mode']],
      ['W0701', ['services', 'web', 'deploy', 'labels']],
    ]);
  });

  it('reports job modes, develop and hooks', () => {
    const s = service('job', {
      deploy: deploy({ mode: 'replicated-job' }),
      develop: { watch: [] },
      post_start: [{ command: ['echo'], environment: {} }],
    });
    expect(warnings(lower(project([s])).diagnostics)).toEqual([
      ['W0701', ['services', 'job', 'deploy', 'mode']],
      ['W0701', ['services', 'job', 'develop']],
      ['W0701', ['services', 'job', 'post_start']],
    ]);
  });

  it('reports external and driver-backed top-level secrets and configs', () => {
    const base = { name: 'x', labels: {}, driver_opts: {}, extensions: {} };
    const p = project([service('a', { secrets: [{ source: 'ext', target: 'ext' }] })], {
      secrets: { ext: { ...base, external: true } },
      configs: { tpl: { ...base, external: false, file: '/srv/app/t', template_driver: 'golang' } },
    });
    const { desired, diagnostics } = lower(p);
    expect(warnings(diagnostics)).toEqual([
      ['W0701', ['secrets', 'ext', 'external']],
      ['W0701', ['configs', 'tpl', 'template_driver']],
    ]);
    expect(desired.services[0]!.containers[0]!.create.HostConfig.Mounts).toBeUndefined();
  });

  it('reports API-too-new options: healthcheck start_interval, volume subpath, seccomp files', () => {
    const s = service('a', {
      healthcheck: { test: ['CMD', 'true'], start_interval: 1e9 },
      volumes: [{ type: 'volume', source: 'data', target: '/d', read_only: false, volume: { nocopy: false, subpath: 'sub' } }],
      security_opt: ['no-new-privileges:true', 'seccomp=./profile.json'],
    });
    const { container, codes } = lowerOne(s);
    expect(codes).toEqual(['W0701', 'W0701', 'W0701']);
    expect(container.create.HostConfig.SecurityOpt).toEqual(['no-new-privileges:true']);
  });
});
