import { describe, expect, it } from 'vitest';
import { codes, run, service } from './helpers.js';

describe('build', () => {
  it('takes the string form as the context', () => {
    const { svc } = service('build: /proj/web');
    expect(svc.build).toMatchObject({ context: '/proj/web', dockerfile: 'Dockerfile', args: {}, labels: {} });
  });

  it('defaults the context to the project directory', () => {
    expect(service('build: {dockerfile: Dockerfile.dev}').svc.build?.context).toBe('/proj');
    expect(service('build: .').svc.build?.context).toBe('/proj');
  });

  it('normalizes the long form', () => {
    const { svc, diagnostics } = service(
      [
        'build:',
        '  context: /proj/app',
        '  dockerfile: docker/Dockerfile',
        '  args: [VERSION=1, FROM_ENV, UNSET]',
        '  labels: {b: 2, a: 1}',
        '  cache_from: [img:cache]',
        '  target: prod',
        '  shm_size: 1g',
        '  no_cache: "true"',
        '  ssh: [default, "key=/home/me/.ssh/id"]',
        '  secrets: [token]',
        '  extra_hosts: ["h=1.2.3.4"]',
        '  platforms: [linux/amd64]',
        '  x-note: kept',
      ].join('\n'),
      { env: { FROM_ENV: 'e' } },
    );
    expect(diagnostics.filter((d) => d.code !== 'E0604')).toEqual([]);
    expect(svc.build).toEqual({
      context: '/proj/app',
      dockerfile: 'docker/Dockerfile',
      args: { FROM_ENV: 'e', UNSET: null, VERSION: '1' },
      additional_contexts: {},
      cache_from: ['img:cache'],
      cache_to: [],
      entitlements: [],
      extra_hosts: { h: ['1.2.3.4'] },
      labels: { a: '1', b: '2' },
      no_cache: true,
      platforms: ['linux/amd64'],
      secrets: [{ source: 'token', target: 'token' }],
      shm_size: 1024 ** 3,
      ssh: { default: null, key: '/home/me/.ssh/id' },
      tags: [],
      target: 'prod',
      ulimits: {},
      extensions: { 'x-note': 'kept' },
    });
  });

  it('has no default dockerfile next to dockerfile_inline', () => {
    expect(service('build: {dockerfile_inline: "FROM scratch"}').svc.build?.dockerfile).toBeUndefined();
  });
});

describe('healthcheck', () => {
  it('wraps the string form in CMD-SHELL and converts durations', () => {
    const { svc } = service(
      'healthcheck:\n  test: curl -f http://localhost\n  interval: 1m30s\n  timeout: 10s\n  start_period: 40s\n  start_interval: 5s\n  retries: "3"',
    );
    expect(svc.healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -f http://localhost'],
      interval: 90e9,
      timeout: 10e9,
      start_period: 40e9,
      start_interval: 5e9,
      retries: 3,
    });
  });

  it('keeps the list form and turns disable into NONE', () => {
    expect(service('healthcheck: {test: [CMD, curl, -f, x]}').svc.healthcheck).toEqual({ test: ['CMD', 'curl', '-f', 'x'] });
    expect(service('healthcheck: {disable: true}').svc.healthcheck).toEqual({ test: ['NONE'] });
    expect(service('healthcheck: {interval: 5s}').svc.healthcheck).toEqual({ interval: 5e9 });
  });

  it('reports a bad duration as E0503', () => {
    const { diagnostics } = service('healthcheck: {interval: 30}');
    expect(codes(diagnostics)).toEqual([{ code: 'E0503', path: ['services', 'web', 'healthcheck', 'interval'] }]);
  });
});

describe('depends_on', () => {
  it('turns a list into service_started, required', () => {
    const { project, diagnostics } = run('services:\n  web: {image: x, depends_on: [db]}\n  db: {image: x}');
    expect(diagnostics).toEqual([]);
    expect(project.services.web?.depends_on).toEqual({ db: { condition: 'service_started', restart: false, required: true } });
  });

  it('fills defaults in the long form', () => {
    const yaml = 'services:\n  db: {image: x}\n  web:\n    image: x\n    depends_on:\n      db: {condition: service_healthy, restart: "true"}\n      other: {required: false}';
    const { project, diagnostics } = run(yaml);
    expect(diagnostics).toEqual([]);
    expect(project.services.web?.depends_on).toEqual({
      db: { condition: 'service_healthy', restart: true, required: true },
      other: { condition: 'service_started', restart: false, required: false },
    });
  });

  it('reports an unknown condition as E0506', () => {
    const { diagnostics } = service('image: x\ndepends_on: {web: {condition: service_ready}}');
    expect(codes(diagnostics)).toEqual([{ code: 'E0506', path: ['services', 'web', 'depends_on', 'web', 'condition'] }]);
  });
});

describe('networks', () => {
  it('attaches to default when neither networks nor network_mode is given', () => {
    expect(service('image: x').svc.networks).toEqual({ default: null });
    expect(service('image: x\nnetwork_mode: host').svc.networks).toEqual({});
  });

  it('reads the list and the long form', () => {
    const yaml = [
      'services:',
      '  web:',
      '    image: x',
      '    networks:',
      '      back:',
      '      front:',
      '        aliases: [www]',
      '        ipv4_address: 172.20.0.5',
      '        priority: "100"',
      '        driver_opts: {a: 1}',
      '  db:',
      '    image: x',
      '    networks: [back]',
      'networks:',
      '  front: {ipam: {config: [{subnet: 172.20.0.0/16}]}}',
      '  back:',
    ].join('\n');
    const { project, diagnostics } = run(yaml);
    expect(diagnostics).toEqual([]);
    expect(project.services.web?.networks).toEqual({
      back: null,
      front: { aliases: ['www'], ipv4_address: '172.20.0.5', link_local_ips: [], priority: 100, driver_opts: { a: '1' } },
    });
    expect(project.services.db?.networks).toEqual({ back: null });
  });
});

describe('secrets and configs', () => {
  it('defaults the target: secret name, config /name', () => {
    const { svc } = service('image: x\nsecrets: [pw, {source: key, target: /etc/key, uid: 100, mode: "0400"}]\nconfigs: [conf, {source: c2, target: /c, mode: 292}]');
    expect(svc.secrets).toEqual([
      { source: 'pw', target: 'pw' },
      { source: 'key', target: '/etc/key', uid: '100', mode: 0o400 },
    ]);
    expect(svc.configs).toEqual([
      { source: 'conf', target: '/conf' },
      { source: 'c2', target: '/c', mode: 292 },
    ]);
  });
});

describe('small runtime options', () => {
  it('ulimits: a number sets soft and hard', () => {
    expect(service('image: x\nulimits: {nproc: 65535, nofile: {soft: 20000, hard: "40000"}}').svc.ulimits).toEqual({
      nofile: { soft: 20000, hard: 40000 },
      nproc: { soft: 65535, hard: 65535 },
    });
  });

  it('logging', () => {
    expect(service('image: x\nlogging: {driver: json-file, options: {max-size: 10m, max-file: 3}}').svc.logging).toEqual({
      driver: 'json-file',
      options: { 'max-file': '3', 'max-size': '10m' },
    });
  });

  it('links and volumes_from', () => {
    const yaml = 'image: x\nlinks: [web, "web:alias"]\nvolumes_from: [web, "web:ro", "container:c1:rw"]';
    const { svc } = service(yaml);
    expect(svc.links).toEqual([
      { service: 'web', alias: 'web' },
      { service: 'web', alias: 'alias' },
    ]);
    expect(svc.volumes_from).toEqual([
      { source: 'web', container: false, read_only: false },
      { source: 'web', container: false, read_only: true },
      { source: 'c1', container: true, read_only: false },
    ]);
  });

  it('devices, gpus and blkio', () => {
    const { svc, diagnostics } = service(
      [
        'image: x',
        'devices: [/dev/ttyUSB0, "/dev/sda:/dev/xvda:rwm", "/dev/snd:r", "nvidia.com/gpu=all", {source: /dev/a, target: /dev/b, permissions: rw}]',
        'gpus: all',
        'blkio_config:',
        '  weight: 300',
        '  weight_device: [{path: /dev/sda, weight: 400}]',
        '  device_read_bps: [{path: /dev/sda, rate: 12mb}]',
        '  device_write_iops: [{path: /dev/sda, rate: 30}]',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(svc.devices).toEqual([
      { source: '/dev/ttyUSB0' },
      { source: '/dev/sda', target: '/dev/xvda', permissions: 'rwm' },
      { source: '/dev/snd', permissions: 'r' },
      { source: 'nvidia.com/gpu=all' },
      { source: '/dev/a', target: '/dev/b', permissions: 'rw' },
    ]);
    expect(svc.gpus).toEqual([{ capabilities: [], count: 'all', device_ids: [], options: {} }]);
    expect(svc.blkio_config).toEqual({
      weight: 300,
      weight_device: [{ path: '/dev/sda', weight: 400 }],
      device_read_bps: [{ path: '/dev/sda', rate: 12 * 1024 ** 2 }],
      device_write_bps: [],
      device_read_iops: [],
      device_write_iops: [{ path: '/dev/sda', rate: 30 }],
    });
  });

  it('hooks', () => {
    const { svc } = service('image: x\npost_start: [{command: ./init.sh --fast, user: root, environment: [A=1]}]');
    expect(svc.post_start).toEqual([{ command: ['./init.sh', '--fast'], user: 'root', environment: { A: '1' } }]);
    expect(svc.pre_stop).toEqual([]);
  });
});

describe('restart', () => {
  it.each(['no', 'always', 'unless-stopped', 'on-failure', 'on-failure:0', 'on-failure:5'])('accepts %s', (policy) => {
    const { svc, diagnostics } = service(`image: x\nrestart: "${policy}"`);
    expect(diagnostics).toEqual([]);
    expect(svc.restart).toBe(policy);
  });

  it('accepts an unquoted no', () => {
    expect(service('image: x\nrestart: no').diagnostics).toEqual([]);
  });

  it.each(['sometimes', 'on-failure:-1', 'on-failure:x', 'on-failure:', 'Always', ' always'])('rejects %j at the value', (policy) => {
    const { svc, diagnostics } = service(`image: x\nrestart: ${JSON.stringify(policy)}`);
    expect(codes(diagnostics)).toEqual([{ code: 'E0111', path: ['services', 'web', 'restart'] }]);
    expect(diagnostics[0]?.target).toBeUndefined();
    expect(svc.restart).toBeUndefined();
  });
});

describe('scalars, units and coercion', () => {
  it('coerces strings left by interpolation', () => {
    const { svc, diagnostics } = service(
      [
        'image: x',
        'privileged: "true"',
        'read_only: "false"',
        'tty: TRUE',
        'init: "yes"',
        'scale: "2"',
        'cpu_shares: "512"',
        'pids_limit: "100"',
        'oom_score_adj: "-500"',
        'user: 1000',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(svc).toMatchObject({ privileged: true, read_only: false, tty: true, init: true, scale: 2, cpu_shares: 512, pids_limit: 100, oom_score_adj: -500, user: '1000' });
  });

  it('converts units', () => {
    const { svc, diagnostics } = service(
      [
        'image: x',
        'mem_limit: 512m',
        'mem_reservation: "1gb"',
        'memswap_limit: -1',
        'shm_size: 64M',
        'cpus: "1.5"',
        'stop_grace_period: 1m30s',
        'cpu_rt_runtime: 400ms',
        'cpu_rt_period: 1400',
        'cpu_period: 100000',
        'cpu_quota: "50000"',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(svc).toMatchObject({
      mem_limit: 512 * 1024 ** 2,
      mem_reservation: 1024 ** 3,
      memswap_limit: -1,
      shm_size: 64 * 1024 ** 2,
      cpus: 1_500_000_000,
      stop_grace_period: 90e9,
      cpu_rt_runtime: 400e6,
      cpu_rt_period: 1400e3,
      cpu_period: 100000,
      cpu_quota: 50000,
    });
  });

  it('reports bad values with their codes and paths', () => {
    const { diagnostics } = service('image: x\nprivileged: maybe\nscale: many\nmem_limit: lots\nstop_grace_period: soon\ncpus: lots');
    expect(codes(diagnostics)).toEqual([
      { code: 'E0505', path: ['services', 'web', 'cpus'] },
      { code: 'E0504', path: ['services', 'web', 'mem_limit'] },
      { code: 'E0506', path: ['services', 'web', 'privileged'] },
      { code: 'E0505', path: ['services', 'web', 'scale'] },
      { code: 'E0503', path: ['services', 'web', 'stop_grace_period'] },
    ]);
  });

  it('turns string-or-list fields into lists', () => {
    const { svc } = service('image: x\ndns: 8.8.8.8\ndns_search: [a.example, b.example]\ntmpfs: /run\ncap_add: [NET_ADMIN]\nprofiles: [debug]');
    expect(svc).toMatchObject({ dns: ['8.8.8.8'], dns_search: ['a.example', 'b.example'], tmpfs: ['/run'], cap_add: ['NET_ADMIN'], cap_drop: [], profiles: ['debug'] });
  });

  it('keeps extension fields and passes unknown spec blocks through', () => {
    const { svc } = service('image: x\nx-custom: {a: 1}\ndevelop: {watch: [{path: ./src, action: sync, target: /src}]}');
    expect(svc.extensions).toEqual({ 'x-custom': { a: 1 } });
    expect(svc.develop).toEqual({ watch: [{ path: './src', action: 'sync', target: '/src' }] });
  });

  it('leaves unset optional fields out entirely', () => {
    const { svc } = service('image: x');
    expect(Object.keys(svc)).not.toContain('privileged');
    expect(Object.keys(svc)).not.toContain('deploy');
    expect(svc.image).toBe('x');
  });
});
