import { describe, expect, it } from 'vitest';
import type { ServiceVolume } from '../../../src/normalize/model.js';
import { bindString, tmpfsMap } from '../../../src/targets/engine/mounts.js';
import { lowerOne, service, volume } from './helpers.js';

const bind = (source: string, target: string, extra: Partial<ServiceVolume> = {}): ServiceVolume => ({
  type: 'bind',
  source,
  target,
  read_only: false,
  bind: { create_host_path: true },
  ...extra,
});

describe('mounts', () => {
  it('mounts a named volume by its engine name', () => {
    const s = service('db', { volumes: [{ type: 'volume', source: 'data', target: '/var/lib/mysql', read_only: false }] });
    const { container } = lowerOne(s, { volumes: { data: volume('app_data') } });
    expect(container.create.HostConfig.Mounts).toEqual([{ Type: 'volume', Source: 'app_data', Target: '/var/lib/mysql' }]);
    expect(container.create.HostConfig.Binds).toBeUndefined();
  });

  it('mounts an anonymous volume without a source, with nocopy and read-only', () => {
    const s = service('db', { volumes: [{ type: 'volume', target: '/cache', read_only: true, volume: { nocopy: true } }] });
    expect(lowerOne(s).container.create.HostConfig.Mounts).toEqual([
      { Type: 'volume', Target: '/cache', ReadOnly: true, VolumeOptions: { NoCopy: true } },
    ]);
  });

  it('sends binds that create their host path as Binds strings (API 1.41 has no CreateMountpoint)', () => {
    const s = service('web', {
      volumes: [bind('/srv/app/html', '/usr/share/nginx/html', { read_only: true, bind: { create_host_path: true, selinux: 'z' } }), bind('/var/run/docker.sock', '/var/run/docker.sock')],
    });
    const host = lowerOne(s).container.create.HostConfig;
    expect(host.Binds).toEqual(['/srv/app/html:/usr/share/nginx/html:ro,z', '/var/run/docker.sock:/var/run/docker.sock:rw']);
    expect(host.Mounts).toBeUndefined();
    expect(bindString(bind('/a', '/b'))).toBe('/a:/b:rw');
  });

  it('uses the Mount API for binds that must not create the host path, or need propagation', () => {
    const s = service('web', {
      volumes: [
        bind('/etc/app', '/etc/app', { read_only: true, bind: { create_host_path: false } }),
        bind('/mnt/shared', '/shared', { bind: { create_host_path: true, propagation: 'rshared' } }),
      ],
    });
    expect(lowerOne(s).container.create.HostConfig.Mounts).toEqual([
      { Type: 'bind', Source: '/etc/app', Target: '/etc/app', ReadOnly: true },
      { Type: 'bind', Source: '/mnt/shared', Target: '/shared', BindOptions: { Propagation: 'rshared' } },
    ]);
  });

  it('mounts tmpfs with size and mode, and maps `tmpfs:` to HostConfig.Tmpfs', () => {
    const s = service('web', {
      volumes: [{ type: 'tmpfs', target: '/scratch', read_only: false, tmpfs: { size: 65536, mode: 0o1777 } }],
      tmpfs: ['/run', '/tmp:size=64m,mode=1777'],
    });
    const host = lowerOne(s).container.create.HostConfig;
    expect(host.Mounts).toEqual([{ Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 65536, Mode: 0o1777 } }]);
    expect(host.Tmpfs).toEqual({ '/run': '', '/tmp': 'size=64m,mode=1777' });
    expect(tmpfsMap([])).toBeUndefined();
  });

  it('bind-mounts file secrets read-only under /run/secrets and configs at their target', () => {
    const s = service('db', {
      secrets: [
        { source: 'pw', target: 'db-pw' },
        { source: 'cert', target: '/etc/ssl/cert.pem' },
      ],
      configs: [
        { source: 'conf', target: '/conf' },
        { source: 'other', target: 'etc/other.conf' },
      ],
    });
    const secret = (file: string) => ({ name: 'x', file, external: false, labels: {}, driver_opts: {}, extensions: {} });
    const { container, codes } = lowerOne(s, {
      secrets: { pw: secret('/srv/app/password.txt'), cert: secret('/srv/app/cert.pem') },
      configs: { conf: secret('/srv/app/app.conf'), other: secret('/srv/app/other.conf') },
    });
    expect(codes).toEqual([]);
    expect(container.create.HostConfig.Mounts).toEqual([
      { Type: 'bind', Source: '/srv/app/app.conf', Target: '/conf', ReadOnly: true },
      { Type: 'bind', Source: '/srv/app/other.conf', Target: '/etc/other.conf', ReadOnly: true },
      { Type: 'bind', Source: '/srv/app/cert.pem', Target: '/etc/ssl/cert.pem', ReadOnly: true },
      { Type: 'bind', Source: '/srv/app/password.txt', Target: '/run/secrets/db-pw', ReadOnly: true },
    ]);
  });

  it('warns (W0701) for environment- and content-backed secrets, and does not mount them', () => {
    const s = service('db', { secrets: [{ source: 'token', target: 'token' }], configs: [{ source: 'inline', target: '/inline' }] });
    const base = { name: 'x', external: false, labels: {}, driver_opts: {}, extensions: {} };
    const { container, codes } = lowerOne(s, {
      secrets: { token: { ...base, environment: 'TOKEN' } },
      configs: { inline: { ...base, content: 'hello' } },
    });
    expect(codes).toEqual(['W0701', 'W0701']);
    expect(container.create.HostConfig.Mounts).toBeUndefined();
  });
});
