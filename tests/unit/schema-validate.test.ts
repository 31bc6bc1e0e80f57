import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/parse/diagnostics.js';
import { validateSchema } from '../../src/parse/schema-validate.js';

/** Code, path and target only: tests do not depend on wording. */
const brief = (list: Diagnostic[]) => list.map((d) => ({ code: d.code, path: d.path, ...(d.target ? { target: d.target } : {}) }));

const withService = (service: unknown) => ({ services: { web: service } });

/** A document using most of the specification, in the forms users write. */
const RICH = {
  version: '3.9',
  name: 'shop',
  include: ['other.yaml', { path: ['a.yaml', 'b.yaml'], project_directory: '..', env_file: '.env.a' }],
  'x-common': { restart: 'always' },
  services: {
    'x-template': { anything: 'goes' },
    web: {
      annotations: { 'com.example': 'x' },
      attach: false,
      blkio_config: { weight: 300, device_read_bps: [{ path: '/dev/sda', rate: '12mb' }], weight_device: [{ path: '/dev/sda', weight: 400 }] },
      build: {
        context: '.',
        dockerfile: 'Dockerfile',
        args: { VERSION: 1, DEBUG: null },
        ssh: ['default'],
        cache_from: ['type=local,src=/tmp'],
        cache_to: ['type=local,dest=/tmp'],
        additional_contexts: { base: 'docker-image://alpine' },
        extra_hosts: ['host:1.2.3.4'],
        labels: ['a=b'],
        network: 'host',
        no_cache: 'true',
        platforms: ['linux/amd64'],
        privileged: true,
        pull: true,
        secrets: ['token', { source: 'npmrc', target: '/root/.npmrc' }],
        shm_size: '2gb',
        tags: ['shop/web:1'],
        target: 'prod',
        ulimits: { nofile: { soft: 1024, hard: 2048 } },
        'x-build-note': 1,
      },
      cap_add: ['NET_ADMIN'],
      cap_drop: ['ALL'],
      cgroup: 'private',
      cgroup_parent: 'm',
      command: ['npm', 'start'],
      configs: ['nginx', { source: 'app', target: '/etc/app.conf', uid: '0', gid: '0', mode: 0o440 }],
      container_name: 'web1',
      cpu_count: 2,
      cpu_percent: '50',
      cpu_shares: 512,
      cpu_quota: 50000,
      cpu_period: '100ms',
      cpu_rt_period: '1400us',
      cpu_rt_runtime: 95000,
      cpus: 0.5,
      cpuset: '0-1',
      credential_spec: { file: 'spec.json' },
      depends_on: { db: { condition: 'service_healthy', restart: true, required: 'false' }, cache: { condition: 'service_started' } },
      deploy: {
        mode: 'replicated',
        replicas: '3',
        endpoint_mode: 'dnsrr',
        labels: { tier: 'front' },
        resources: {
          limits: { cpus: '0.50', memory: '512M', pids: 100 },
          reservations: {
            cpus: 0.25,
            memory: 268435456,
            generic_resources: [{ discrete_resource_spec: { kind: 'gpu', value: 2 } }],
            devices: [{ capabilities: ['gpu'], count: 'all', driver: 'nvidia' }],
          },
        },
        restart_policy: { condition: 'on-failure', delay: '5s', max_attempts: 3, window: '120s' },
        update_config: { parallelism: 1, delay: '10s', failure_action: 'rollback', monitor: '1m', max_failure_ratio: 0.1, order: 'start-first' },
        rollback_config: { parallelism: 0, order: 'stop-first' },
        placement: { constraints: ['node.role == manager'], preferences: [{ spread: 'node.labels.zone' }], max_replicas_per_node: 2 },
        'x-deploy-note': true,
      },
      develop: { watch: [{ path: './src', action: 'sync', target: '/app/src', ignore: ['node_modules'] }] },
      device_cgroup_rules: ['c 1:3 mr'],
      devices: ['/dev/ttyUSB0:/dev/ttyUSB0', { source: '/dev/sda', target: '/dev/xvda', permissions: 'rwm' }],
      dns: '8.8.8.8',
      dns_opt: ['use-vc'],
      dns_search: ['example.com'],
      domainname: 'example.com',
      entrypoint: '/entry.sh',
      env_file: ['.env', { path: 'opt.env', required: false, format: 'raw' }],
      environment: { A: 'b', N: 3, FLAG: true, EMPTY: null },
      expose: ['3000', 8080],
      external_links: ['redis_1'],
      extra_hosts: { 'somehost': '162.242.195.82', 'multi': ['1.2.3.4', '::1'] },
      gpus: 'all',
      group_add: ['mail', 42],
      healthcheck: { test: ['CMD', 'curl', '-f', 'http://localhost'], interval: '30s', timeout: 10, retries: 3, start_period: '40s', start_interval: '5s' },
      hostname: 'web',
      image: 'registry.example.com:5000/shop/web:1.2',
      init: 'True',
      ipc: 'shareable',
      isolation: 'default',
      labels: ['com.example.a=1'],
      label_file: './labels',
      links: ['db:database'],
      logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': 3 } },
      mac_address: '02:42:ac:11:65:43',
      mem_limit: '1g',
      mem_reservation: 1073741824,
      mem_swappiness: 60,
      memswap_limit: -1,
      networks: { front: { aliases: ['www'], ipv4_address: '172.38.0.10', priority: 100, gw_priority: 1 }, back: null },
      oom_kill_disable: false,
      oom_score_adj: -500,
      pid: null,
      pids_limit: 10,
      platform: 'linux/arm64',
      ports: [
        80,
        '8000:80',
        '127.0.0.1:9000-9001:9000-9001/udp',
        { target: 443, published: '8443', host_ip: '0.0.0.0', protocol: 'tcp', mode: 'host', name: 'https', app_protocol: 'http2' },
      ],
      post_start: [{ command: './init.sh', user: 'root', privileged: true, environment: ['A=1'] }],
      pre_stop: [{ command: ['./drain.sh'] }],
      privileged: false,
      profiles: ['debug'],
      pull_policy: 'every_12h',
      read_only: true,
      restart: 'unless-stopped',
      runtime: 'runc',
      scale: 1,
      secrets: ['db-pw', { source: 'api', target: 'api.key', mode: '0400' }],
      security_opt: ['label:disable'],
      shm_size: '64M',
      stdin_open: true,
      stop_grace_period: '1m30s',
      stop_signal: 'SIGUSR1',
      storage_opt: { size: '1G' },
      sysctls: ['net.core.somaxconn=1024'],
      tmpfs: ['/run', '/tmp'],
      tty: true,
      ulimits: { nproc: 65535, nofile: { soft: 20000, hard: 40000 } },
      user: '1000:1000',
      userns_mode: 'host',
      uts: 'host',
      volumes: [
        'data:/var/lib/mysql',
        './conf:/etc/conf:ro',
        { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', read_only: true, bind: { propagation: 'rshared', create_host_path: true, selinux: 'z' } },
        { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true, subpath: 'sub' } },
        { type: 'tmpfs', target: '/cache', tmpfs: { size: '100m', mode: 1777 } },
        { type: 'image', source: 'alpine', target: '/img', image: { subpath: 'etc' }, 'x-note': 'ok' },
      ],
      volumes_from: ['db:ro'],
      working_dir: '/app',
      'x-web-note': { nested: [1, 2] },
    },
    db: { image: 'mysql:8', extends: { service: 'base', file: 'base.yaml' }, env_file: '.env.db', command: null },
    worker: { build: '.', extends: 'base', depends_on: ['db'], networks: ['back'], deploy: { mode: 'global-job' } },
    nothing: null,
  },
  networks: {
    front: {
      driver: 'overlay',
      driver_opts: { encrypted: '', mtu: 1400 },
      attachable: true,
      internal: 'false',
      enable_ipv4: true,
      enable_ipv6: false,
      labels: { a: 'b' },
      name: 'shop-front',
      ipam: { driver: 'default', config: [{ subnet: '172.38.0.0/16', ip_range: '172.38.5.0/24', gateway: '172.38.0.1', aux_addresses: { host1: '172.38.1.5' } }], options: { foo: 'bar' } },
      'x-net-note': 1,
    },
    back: null,
    legacy: { external: { name: 'old-net' } },
    outside: { external: true, name: 'outside' },
  },
  volumes: {
    data: null,
    ext: { external: 'true' },
    named: { driver: 'local', driver_opts: { type: 'nfs', o: 'addr=10.0.0.1' }, labels: ['a=b'], name: 'named-data' },
  },
  secrets: {
    'db-pw': { file: './password.txt' },
    api: { environment: 'API_KEY' },
    token: { external: true, name: 'token-v2' },
    inline: { content: 'hello', labels: { a: 'b' }, driver: 'vault', driver_opts: { path: 'x' }, template_driver: 'golang' },
    npmrc: null,
  },
  configs: {
    nginx: { file: './nginx.conf', template_driver: 'golang' },
    app: { content: 'debug=${DEBUG}' },
    env: { environment: 'APP_CONF' },
    shared: { external: true },
  },
};

describe('validateSchema: valid documents', () => {
  it('accepts a rich document using most keys', () => {
    expect(brief(validateSchema(RICH))).toEqual([]);
  });

  it('accepts the smallest documents', () => {
    expect(validateSchema({})).toEqual([]);
    expect(validateSchema({ services: { web: null } })).toEqual([]);
    expect(validateSchema({ services: { web: { image: 'nginx' } }, volumes: { data: null } })).toEqual([]);
  });

  it('accepts x- keys in every mapping that has fixed keys', () => {
    const doc = {
      'x-top': 1,
      services: {
        'x-anchor': { not: 'a service' },
        web: {
          'x-a': 1,
          build: { context: '.', 'x-b': 1 },
          deploy: { 'x-c': 1, resources: { 'x-d': 1, limits: { 'x-e': 1 } }, placement: { 'x-f': 1 } },
          healthcheck: { 'x-g': 1 },
          logging: { 'x-h': 1 },
          ports: [{ target: 80, 'x-i': 1 }],
          volumes: [{ type: 'bind', source: '.', target: '/x', bind: { 'x-j': 1 } }],
          networks: { front: { 'x-k': 1 } },
          depends_on: { db: { condition: 'service_started', 'x-l': 1 } },
        },
      },
      networks: { 'x-m': 1, front: { 'x-n': 1, ipam: { 'x-o': 1, config: [{ 'x-p': 1 }] }, external: { 'x-q': 1 } } },
      volumes: { data: { 'x-r': 1 } },
      secrets: { s: { file: 'f', 'x-s': 1 } },
      configs: { c: { file: 'f', 'x-t': 1 } },
    };
    expect(brief(validateSchema(doc))).toEqual([]);
  });

  it('accepts interpolated strings where numbers and booleans belong', () => {
    const doc = withService({
      init: 'false',
      scale: '2',
      cpus: '1.5',
      deploy: { replicas: ' 4 ', resources: { limits: { cpus: '.5' } } },
      healthcheck: { retries: '3', disable: 'FALSE' },
      ports: ['80'],
    });
    expect(brief(validateSchema(doc))).toEqual([]);
  });
});

describe('validateSchema: each kind of error', () => {
  it('reports a misspelt top-level key and suggests services', () => {
    const list = validateSchema({ servers: { web: { image: 'x' } } });
    expect(brief(list)).toEqual([{ code: 'E0102', path: ['servers'], target: 'key' }]);
    expect(list[0]?.hint).toContain('`services`');
  });

  it('suggests environment for enviroment under a service', () => {
    const list = validateSchema(withService({ image: 'x', enviroment: ['A=1'] }));
    expect(brief(list)).toEqual([{ code: 'E0102', path: ['services', 'web', 'enviroment'], target: 'key' }]);
    expect(list[0]?.hint).toContain('`environment`');
  });

  it('suggests depends_on for depends-on, from the keys of the mapping that failed', () => {
    const list = validateSchema(withService({ 'depends-on': ['db'], build: { contxt: '.' } }));
    expect(list.map((d) => d.hint)).toEqual(['did you mean `depends_on`?', 'did you mean `context`?']);
  });

  it('gives no hint when nothing is close', () => {
    const list = validateSchema(withService({ frobnicate: 1 }));
    expect(brief(list)).toEqual([{ code: 'E0102', path: ['services', 'web', 'frobnicate'], target: 'key' }]);
    expect(list[0]?.hint).toBeUndefined();
  });

  it('reports a wrong type', () => {
    expect(brief(validateSchema(withService({ ports: '80:80' })))).toEqual([{ code: 'E0110', path: ['services', 'web', 'ports'] }]);
    expect(brief(validateSchema(withService({ image: ['nginx'] })))).toEqual([{ code: 'E0110', path: ['services', 'web', 'image'] }]);
  });

  it('reports a document that is not a mapping', () => {
    expect(brief(validateSchema(['services']))).toEqual([{ code: 'E0110', path: [] }]);
  });

  it('reports a value outside an enum', () => {
    expect(brief(validateSchema(withService({ deploy: { mode: 'everywhere' } })))).toEqual([
      { code: 'E0111', path: ['services', 'web', 'deploy', 'mode'] },
    ]);
    expect(brief(validateSchema(withService({ init: 'yes' })))).toEqual([{ code: 'E0111', path: ['services', 'web', 'init'] }]);
  });

  it('reports a missing required key at the mapping', () => {
    expect(brief(validateSchema(withService({ volumes: [{ source: 'data', target: '/data' }] })))).toEqual([
      { code: 'E0112', path: ['services', 'web', 'volumes', 0] },
    ]);
    expect(brief(validateSchema(withService({ extends: { file: 'base.yaml' } })))).toEqual([
      { code: 'E0112', path: ['services', 'web', 'extends'] },
    ]);
  });

  it('reports a string that does not have the right form', () => {
    expect(brief(validateSchema(withService({ deploy: { replicas: 'three' } })))).toEqual([
      { code: 'E0113', path: ['services', 'web', 'deploy', 'replicas'] },
    ]);
    expect(brief(validateSchema(withService({ pull_policy: 'sometimes' })))).toEqual([
      { code: 'E0113', path: ['services', 'web', 'pull_policy'] },
    ]);
  });

  it('reports an invalid name at the key', () => {
    expect(brief(validateSchema({ services: { 'my web': { image: 'x' } } }))).toEqual([
      { code: 'E0113', path: ['services', 'my web'], target: 'key' },
    ]);
  });

  it('unescapes JSON pointer segments and uses numbers for list indexes', () => {
    const list = validateSchema({ services: { 'a/b~c': { image: 'x', ports: [80, true] } } });
    expect(brief(list)).toEqual([
      { code: 'E0113', path: ['services', 'a/b~c'], target: 'key' },
      { code: 'E0110', path: ['services', 'a/b~c', 'ports', 1] },
    ]);
  });
});

describe('validateSchema: alternatives collapse to one diagnostic per node', () => {
  it('says once that a node has none of the accepted types', () => {
    expect(brief(validateSchema(withService({ command: 3 })))).toEqual([{ code: 'E0110', path: ['services', 'web', 'command'] }]);
    expect(brief(validateSchema(withService({ environment: 'A=1' })))).toEqual([
      { code: 'E0110', path: ['services', 'web', 'environment'] },
    ]);
    expect(brief(validateSchema({ networks: { n: { external: 5 } } }))).toEqual([{ code: 'E0110', path: ['networks', 'n', 'external'] }]);
  });

  it('names every accepted type in the message', () => {
    const [d] = validateSchema(withService({ dns: 53 }));
    expect(d?.message).toMatch(/string/);
    expect(d?.message).toMatch(/list/);
  });

  it('keeps only the errors of the branch that matched the node type', () => {
    expect(brief(validateSchema(withService({ build: { context: 1 } })))).toEqual([
      { code: 'E0110', path: ['services', 'web', 'build', 'context'] },
    ]);
    expect(brief(validateSchema(withService({ depends_on: { db: { condition: 'started' } } })))).toEqual([
      { code: 'E0111', path: ['services', 'web', 'depends_on', 'db', 'condition'] },
    ]);
    expect(brief(validateSchema(withService({ ports: [{ target: 80, mode: 'vip' }] })))).toEqual([
      { code: 'E0111', path: ['services', 'web', 'ports', 0, 'mode'] },
    ]);
    expect(brief(validateSchema(withService({ ulimits: { nofile: { soft: 1 } } })))).toEqual([
      { code: 'E0112', path: ['services', 'web', 'ulimits', 'nofile'] },
    ]);
  });

  it('reports a service that is neither a mapping nor empty once', () => {
    expect(brief(validateSchema({ services: { web: 'nginx' } }))).toEqual([{ code: 'E0110', path: ['services', 'web'] }]);
  });
});

describe('validateSchema: many problems', () => {
  it('reports all of them, in document order', () => {
    const doc = {
      servers: {},
      services: {
        web: { image: 'x', enviroment: [], ports: 'a', deploy: { mode: 'foo', replicas: 'abc' } },
        db: { volumes: [{ source: 'a' }], init: 2 },
      },
      networks: { n: { driver: 1 } },
    };
    expect(brief(validateSchema(doc))).toEqual([
      { code: 'E0102', path: ['servers'], target: 'key' },
      { code: 'E0102', path: ['services', 'web', 'enviroment'], target: 'key' },
      { code: 'E0110', path: ['services', 'web', 'ports'] },
      { code: 'E0111', path: ['services', 'web', 'deploy', 'mode'] },
      { code: 'E0113', path: ['services', 'web', 'deploy', 'replicas'] },
      { code: 'E0112', path: ['services', 'db', 'volumes', 0] },
      { code: 'E0110', path: ['services', 'db', 'init'] },
      { code: 'E0110', path: ['networks', 'n', 'driver'] },
    ]);
  });

  it('reports each problem once', () => {
    const list = validateSchema(withService({ ports: [true, true], tty: [] }));
    const keys = list.map((d) => `${d.code} ${JSON.stringify(d.path)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(brief(list)).toEqual([
      { code: 'E0110', path: ['services', 'web', 'ports', 0] },
      { code: 'E0110', path: ['services', 'web', 'ports', 1] },
      { code: 'E0110', path: ['services', 'web', 'tty'] },
    ]);
  });

  it('marks every diagnostic as an error', () => {
    expect(validateSchema({ servers: 1, services: 2 }).every((d) => d.severity === 'error')).toBe(true);
  });
});
