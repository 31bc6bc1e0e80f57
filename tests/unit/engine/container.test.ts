import { describe, expect, it } from 'vitest';
import { env, stopTimeout } from '../../../src/targets/engine/container.js';
import { lower, lowerOne, project, service } from './helpers.js';

describe('container create body', () => {
  it('maps the Config keys', () => {
    const s = service('web', {
      image: 'nginx:1.25',
      command: ['nginx', '-g', 'daemon off;'],
      entrypoint: [],
      environment: { B: 'two', A: 'one', UNSET: null, EMPTY: '' },
      hostname: 'web1',
      domainname: 'example.org',
      user: '1000:1000',
      working_dir: '/app',
      tty: true,
      stdin_open: true,
      stop_signal: 'SIGQUIT',
      stop_grace_period: 1_500_000_000,
      mac_address: '02:42:ac:11:00:02',
      healthcheck: { test: ['CMD-SHELL', 'curl -f http://localhost'], interval: 30e9, timeout: 10e9, start_period: 5e9, retries: 3 },
    });
    const { create } = lowerOne(s).container;
    expect(create).toMatchObject({
      Image: 'nginx:1.25',
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: [],
      Env: ['A=one', 'B=two', 'EMPTY='],
      Hostname: 'web1',
      Domainname: 'example.org',
      User: '1000:1000',
      WorkingDir: '/app',
      Tty: true,
      OpenStdin: true,
      StopSignal: 'SIGQUIT',
      StopTimeout: 2,
      MacAddress: '02:42:ac:11:00:02',
      Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost'], Interval: 30e9, Timeout: 10e9, StartPeriod: 5e9, Retries: 3 },
    });
  });

  it('leaves out what the project does not set', () => {
    const { create } = lowerOne(service('a')).container;
    expect(Object.keys(create).sort()).toEqual(['HostConfig', 'Image', 'Labels', 'NetworkingConfig']);
    expect(Object.keys(create.HostConfig)).toEqual(['NetworkMode']);
  });

  it('passes a disabled healthcheck as ["NONE"]', () => {
    expect(lowerOne(service('a', { healthcheck: { test: ['NONE'] } })).container.create.Healthcheck).toEqual({ Test: ['NONE'] });
  });

  it('rounds the stop grace period up to whole seconds', () => {
    expect(stopTimeout(10e9)).toBe(10);
    expect(stopTimeout(1)).toBe(1);
    expect(stopTimeout(0)).toBe(0);
    expect(env({})).toBeUndefined();
  });

  it('maps the HostConfig keys', () => {
    const s = service('web', {
      extra_hosts: { 'db.local': ['10.0.0.2', '::1'], api: ['10.0.0.3'] },
      dns: ['8.8.8.8'],
      dns_opt: ['use-vc'],
      dns_search: ['example.org'],
      cap_add: ['NET_ADMIN'],
      cap_drop: ['ALL'],
      privileged: true,
      read_only: true,
      init: true,
      security_opt: ['label:disable', 'systempaths=unconfined'],
      shm_size: 67108864,
      sysctls: { 'net.core.somaxconn': '1024' },
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
      pid: 'host',
      ipc: 'shareable',
      userns_mode: 'host',
      uts: 'host',
      group_add: ['audio'],
      runtime: 'runc',
      isolation: 'default',
      cgroup_parent: 'm-executor',
      cgroup: 'private',
      platform: 'linux/amd64',
    });
    const { service: lowered, container } = lowerOne(s);
    expect(container.create.HostConfig).toMatchObject({
      ExtraHosts: ['api:10.0.0.3', 'db.local:10.0.0.2', 'db.local:::1'],
      Dns: ['8.8.8.8'],
      DnsOptions: ['use-vc'],
      DnsSearch: ['example.org'],
      CapAdd: ['NET_ADMIN'],
      CapDrop: ['ALL'],
      Privileged: true,
      ReadonlyRootfs: true,
      Init: true,
      SecurityOpt: ['label:disable'],
      MaskedPaths: [],
      ReadonlyPaths: [],
      ShmSize: 67108864,
      Sysctls: { 'net.core.somaxconn': '1024' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
      PidMode: 'host',
      IpcMode: 'shareable',
      UsernsMode: 'host',
      UTSMode: 'host',
      GroupAdd: ['audio'],
      Runtime: 'runc',
      Isolation: 'default',
      CgroupParent: 'm-executor',
      CgroupnsMode: 'private',
    });
    expect(lowered.platform).toBe('linux/amd64');
  });

  it('maps volumes_from to container names', () => {
    const p = project([
      service('data', { container_name: 'the-data' }),
      service('cache'),
      service('app', {
        volumes_from: [
          { source: 'data', container: false, read_only: true },
          { source: 'cache', container: false, read_only: false },
          { source: 'legacy', container: true, read_only: false },
        ],
      }),
    ]);
    const app = lower(p).desired.services.find((s) => s.name === 'app')!;
    expect(app.containers[0]!.create.HostConfig.VolumesFrom).toEqual(['the-data:ro', 'app-cache-1', 'legacy']);
  });
});

describe('build and pull', () => {
  const build = {
    context: '/srv/app/web',
    args: { VERSION: '1', UNSET: null },
    additional_contexts: {},
    cache_from: [],
    cache_to: [],
    entitlements: [],
    extra_hosts: {},
    labels: {},
    platforms: [],
    secrets: [],
    ssh: {},
    tags: ['registry.local/web:1'],
    ulimits: {},
  };

  it('names a built image <project>-<service> and builds it by default', () => {
    const { service: lowered } = lowerOne(service('web', { image: undefined, build }));
    expect(lowered).toMatchObject({
      image: 'app-web',
      pullPolicy: 'build',
      build: { context: '/srv/app/web', dockerfile: 'Dockerfile', args: { VERSION: '1' }, labels: {}, tags: ['registry.local/web:1'] },
    });
    expect(lowered.containers[0]!.create.Image).toBe('app-web');
  });

  it('keeps image: and pulls missing images by default; honours pull_policy', () => {
    expect(lowerOne(service('web', { image: 'me/web:2', build })).service).toMatchObject({ image: 'me/web:2', pullPolicy: 'missing' });
    expect(lowerOne(service('web', { pull_policy: 'always' })).service.pullPolicy).toBe('always');
    expect(lowerOne(service('web', { pull_policy: 'if_not_present' })).service.pullPolicy).toBe('missing');
  });

  it('warns for build keys the classic builder has no parameter for', () => {
    const { codes } = lowerOne(service('web', { build: { ...build, ssh: { default: null } } }));
    expect(codes).toEqual(['W0701']);
  });
});
