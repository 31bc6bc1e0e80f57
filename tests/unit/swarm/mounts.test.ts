import { describe, expect, it } from 'vitest';
import type { ServiceVolume } from '../../../src/normalize/model.js';
import { bindSources } from '../../../src/targets/swarm/index.js';
import { lowerOne, project, service, volume } from './helpers.js';

const vol = (extra: Partial<ServiceVolume> & Pick<ServiceVolume, 'type' | 'target'>): ServiceVolume => ({ read_only: false, ...extra });

describe('swarm mounts', () => {
  it('mounts a named volume as `<stack>_<key>` with its labels plus the namespace label', () => {
    const s = service('db', { volumes: [vol({ type: 'volume', source: 'data', target: '/var/lib/data' })] });
    const { container } = lowerOne(s, { volumes: { data: volume('app_data', { labels: { backup: 'daily' } }) } }, { stack: 'prod' });
    expect(container.Mounts).toEqual([
      { Type: 'volume', Source: 'prod_data', Target: '/var/lib/data', VolumeOptions: { Labels: { backup: 'daily', 'com.docker.stack.namespace': 'prod' } } },
    ]);
  });

  it('adds DriverConfig when the top-level volume sets a driver or driver_opts', () => {
    const volumes = {
      nfs: volume('app_nfs', { driver_opts: { type: 'nfs', o: 'addr=10.0.0.1' } }),
      local: volume('app_local', { driver: 'local' }),
    };
    const s = service('a', {
      volumes: [vol({ type: 'volume', source: 'nfs', target: '/nfs' }), vol({ type: 'volume', source: 'local', target: '/local', read_only: true })],
    });
    expect(lowerOne(s, { volumes }).container.Mounts).toEqual([
      { Type: 'volume', Source: 'app_local', Target: '/local', ReadOnly: true, VolumeOptions: { Labels: { 'com.docker.stack.namespace': 'app' }, DriverConfig: { Name: 'local' } } },
      { Type: 'volume', Source: 'app_nfs', Target: '/nfs', VolumeOptions: { Labels: { 'com.docker.stack.namespace': 'app' }, DriverConfig: { Options: { o: 'addr=10.0.0.1', type: 'nfs' } } } },
    ]);
  });

  it('mounts an external volume by its name only, an anonymous one without source', () => {
    const s = service('a', {
      volumes: [vol({ type: 'volume', source: 'shared', target: '/shared', volume: { nocopy: true } }), vol({ type: 'volume', target: '/scratch' })],
    });
    expect(lowerOne(s, { volumes: { shared: volume('shared-data', { external: true }) } }).container.Mounts).toEqual([
      { Type: 'volume', Target: '/scratch' },
      { Type: 'volume', Source: 'shared-data', Target: '/shared', VolumeOptions: { NoCopy: true } },
    ]);
  });

  it('lowers binds with propagation, tmpfs with size and mode, and the `tmpfs:` list; sorted by target', () => {
    const s = service('a', {
      volumes: [
        vol({ type: 'bind', source: '/srv/conf', target: '/etc/app', read_only: true, bind: { create_host_path: true, propagation: 'rslave' } }),
        vol({ type: 'tmpfs', target: '/cache', tmpfs: { size: 64 * 2 ** 20, mode: 0o1777 } }),
      ],
      tmpfs: ['/run', '/tmp:size=16m,mode=1777'],
    });
    expect(lowerOne(s).container.Mounts).toEqual([
      { Type: 'tmpfs', Target: '/cache', TmpfsOptions: { SizeBytes: 64 * 2 ** 20, Mode: 0o1777 } },
      { Type: 'bind', Source: '/srv/conf', Target: '/etc/app', ReadOnly: true, BindOptions: { Propagation: 'rslave' } },
      { Type: 'tmpfs', Target: '/run' },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 16 * 2 ** 20, Mode: 0o1777 } },
    ]);
  });

  it('drops a later mount on a taken target and warns about options swarm lacks', () => {
    const s = service('a', {
      volumes: [
        vol({ type: 'bind', source: '/srv/a', target: '/data', bind: { create_host_path: true, selinux: 'z' } }),
        vol({ type: 'volume', source: 'data', target: '/v', volume: { nocopy: false, subpath: 'sub' } }),
        vol({ type: 'image', source: 'alpine', target: '/img' }),
      ],
      tmpfs: ['/data', '/t:noexec,size=1m'],
    });
    const { container, warnings } = lowerOne(s, { volumes: { data: volume('app_data') } });
    expect(container.Mounts!.map((m) => [m.Type, m.Target])).toEqual([
      ['bind', '/data'],
      ['tmpfs', '/t'],
      ['volume', '/v'],
    ]);
    expect(warnings).toEqual([
      ['W0701', ['services', 'a', 'volumes', 0, 'bind', 'selinux']],
      ['W0701', ['services', 'a', 'volumes', 1, 'volume', 'subpath']],
      ['W0701', ['services', 'a', 'volumes', 2, 'type']],
      ['W0701', ['services', 'a', 'tmpfs', 1]],
    ]);
  });
});

describe('swarm bind sources (W0703)', () => {
  const binds = service('a', {
    volumes: [
      vol({ type: 'bind', source: '/srv/present', target: '/p' }),
      vol({ type: 'bind', source: '/srv/missing', target: '/m' }),
      vol({ type: 'volume', source: 'data', target: '/v' }),
    ],
  });

  it('lists every bind source once, sorted, for deploy to check', () => {
    const other = service('b', { volumes: [vol({ type: 'bind', source: '/srv/missing', target: '/x' }), vol({ type: 'tmpfs', target: '/t' })] });
    expect(bindSources(project([binds, other]))).toEqual(['/srv/missing', '/srv/present']);
  });

  it('warns at the source of a bind that is missing on this machine, and still mounts it', () => {
    const { container, diagnostics, warnings } = lowerOne(binds, { volumes: { data: volume('app_data') } }, { missingBindSources: new Set(['/srv/missing']) });
    expect(warnings).toEqual([['W0703', ['services', 'a', 'volumes', 1, 'source']]]);
    expect(diagnostics[0]!.severity).toBe('warning');
    expect(diagnostics[0]!.message).toContain('/srv/missing');
    expect(container.Mounts!.map((m) => m.Target)).toEqual(['/m', '/p', '/v']);
  });

  it('says nothing when every source exists', () => {
    expect(lowerOne(binds, { volumes: { data: volume('app_data') } }).warnings).toEqual([]);
  });
});
