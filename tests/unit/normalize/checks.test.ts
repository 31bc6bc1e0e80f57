import { describe, expect, it } from 'vitest';
import { constraintError } from '../../../src/normalize/checks/placement.js';
import { inSubnet } from '../../../src/normalize/checks/addresses.js';
import { codes, locations, run } from './helpers.js';

const errorsOf = (yaml: string, fs?: { files?: string[] }) => codes(run(yaml, fs === undefined ? {} : { fs }).diagnostics);

describe('E0601 undefined service', () => {
  it('depends_on (list and map), links, volumes_from, network_mode/ipc/pid service:X', () => {
    const yaml = [
      'services:',
      '  web:',
      '    image: x',
      '    depends_on: [db, cache]',
      '    links: [db, "cache:c"]',
      '    volumes_from: [data, "container:anything"]',
      '    ipc: "service:nope"',
      '  side:',
      '    image: x',
      '    network_mode: "service:ghost"',
      '    depends_on: {db: {condition: service_healthy}, optional: {required: false}}',
      '  db: {image: x}',
    ].join('\n');
    expect(errorsOf(yaml)).toEqual([
      { code: 'E0601', path: ['services', 'side', 'network_mode'] },
      { code: 'E0601', path: ['services', 'web', 'depends_on', 1] },
      { code: 'E0601', path: ['services', 'web', 'links', 1] },
      { code: 'E0601', path: ['services', 'web', 'volumes_from', 0] },
      { code: 'E0601', path: ['services', 'web', 'ipc'] },
    ]);
  });

  it('uses the map key in the map form', () => {
    expect(errorsOf('services:\n  web: {image: x, depends_on: {db: {condition: service_started}}}')).toEqual([
      { code: 'E0601', path: ['services', 'web', 'depends_on', 'db'] },
    ]);
  });

  it('suggests a close name', () => {
    const { diagnostics } = run('services:\n  web: {image: x, depends_on: [databse]}\n  database: {image: x}');
    expect(diagnostics[0]?.hint).toContain('database');
  });
});

describe('E0601/E0602: where a reference is reported', () => {
  it('points at the key in the mapping form and at the item in the list form', () => {
    const yaml = [
      'services:',
      '  web:',
      '    image: x',
      '    depends_on: {cahce: {condition: service_started}}',
      '    networks: {front: null, back: {aliases: [web.back]}}',
      '  api:',
      '    image: x',
      '    depends_on: [cahce]',
      '    networks: [front, back]',
      '  cache: {image: x}',
      'networks: {front: null}',
    ].join('\n');
    expect(locations(run(yaml).diagnostics)).toEqual([
      { code: 'E0601', path: ['services', 'api', 'depends_on', 0], target: undefined },
      { code: 'E0602', path: ['services', 'api', 'networks', 1], target: undefined },
      { code: 'E0601', path: ['services', 'web', 'depends_on', 'cahce'], target: 'key' },
      { code: 'E0602', path: ['services', 'web', 'networks', 'back'], target: 'key' },
    ]);
  });

  it('points a dependency cycle in the mapping form at the key', () => {
    const yaml = 'services:\n  a: {image: x, depends_on: {b: {condition: service_started}}}\n  b: {image: x, depends_on: {a: null}}';
    expect(locations(run(yaml).diagnostics)).toEqual([{ code: 'E0606', path: ['services', 'a', 'depends_on', 'b'], target: 'key' }]);
  });
});

describe('E0601 reference to a service disabled by its profiles', () => {
  const yaml = [
    'services:',
    '  web:',
    '    image: x',
    '    depends_on: [adminer]',
    '    links: [adminer]',
    '    network_mode: "service:adminer"',
  ].join('\n');

  it('keeps the code and says the service is disabled, not undefined', () => {
    const { diagnostics } = run(yaml, { disabledServices: ['adminer'] });
    expect(codes(diagnostics)).toEqual([
      { code: 'E0601', path: ['services', 'web', 'depends_on', 0] },
      { code: 'E0601', path: ['services', 'web', 'links', 0] },
      { code: 'E0601', path: ['services', 'web', 'network_mode'] },
    ]);
    for (const d of diagnostics) {
      expect(d.message).toContain('disabled');
      expect(d.message).not.toContain('not defined');
      expect(d.hint).toContain('--profile');
    }
  });

  it('names the profiles and suggests one when they are known', () => {
    const { diagnostics } = run('services:\n  web: {image: x, depends_on: [adminer]}', { disabledServices: { adminer: ['debug', 'tools'] } });
    expect(codes(diagnostics)).toEqual([{ code: 'E0601', path: ['services', 'web', 'depends_on', 0] }]);
    expect(diagnostics[0]?.message).toContain('debug');
    expect(diagnostics[0]?.hint).toContain('--profile debug');
  });

  it('still reports an unknown service as undefined', () => {
    const { diagnostics } = run('services:\n  web: {image: x, depends_on: [ghost]}', { disabledServices: ['adminer'] });
    expect(codes(diagnostics)).toEqual([{ code: 'E0601', path: ['services', 'web', 'depends_on', 0] }]);
    expect(diagnostics[0]?.message).toContain('not defined');
  });
});

describe('E0602–E0605 undefined resources', () => {
  it('networks, named volumes, secrets, configs', () => {
    const yaml = [
      'services:',
      '  web:',
      '    image: x',
      '    networks: [front, back]',
      '    volumes: [data:/data, /host:/host, other:/other, /anon]',
      '    secrets: [pw, {source: missing}]',
      '    configs: [conf]',
      '    build: {context: ., secrets: [tok]}',
      'networks: {front: {}}',
      'volumes: {data: {}}',
      'secrets: {pw: {file: /proj/pw}}',
    ].join('\n');
    expect(errorsOf(yaml, { files: ['/proj/pw'] })).toEqual([
      { code: 'E0602', path: ['services', 'web', 'networks', 1] },
      { code: 'E0603', path: ['services', 'web', 'volumes', 2] },
      { code: 'E0604', path: ['services', 'web', 'secrets', 1] },
      { code: 'E0604', path: ['services', 'web', 'build', 'secrets', 0] },
      { code: 'E0605', path: ['services', 'web', 'configs', 0] },
    ]);
  });

  it('points at the key of a network map', () => {
    expect(errorsOf('services:\n  web: {image: x, networks: {back: {aliases: [b]}}}')).toEqual([
      { code: 'E0602', path: ['services', 'web', 'networks', 'back'] },
    ]);
  });

  it('accepts the implicit default network', () => {
    expect(errorsOf('services:\n  web: {image: x, networks: [default]}')).toEqual([]);
  });
});

describe('E0606 dependency cycle', () => {
  it('reports each cycle once, printed in order', () => {
    const yaml = [
      'services:',
      '  c: {image: x, depends_on: [a]}',
      '  a: {image: x, depends_on: [b]}',
      '  b: {image: x, depends_on: [c]}',
      '  d: {image: x, depends_on: [d]}',
      '  e: {image: x, depends_on: [a]}',
    ].join('\n');
    const { diagnostics } = run(yaml);
    expect(codes(diagnostics)).toEqual([
      { code: 'E0606', path: ['services', 'a', 'depends_on', 0] },
      { code: 'E0606', path: ['services', 'd', 'depends_on', 0] },
    ]);
    expect(diagnostics[0]?.message).toContain('a → b → c → a');
    expect(diagnostics[1]?.message).toContain('d → d');
  });

  it('is quiet for a diamond', () => {
    expect(errorsOf('services:\n  a: {image: x, depends_on: [b, c]}\n  b: {image: x, depends_on: [d]}\n  c: {image: x, depends_on: [d]}\n  d: {image: x}')).toEqual([]);
  });
});

describe('E0607 network_mode with networks', () => {
  it('is reported at network_mode', () => {
    expect(errorsOf('services:\n  web: {image: x, network_mode: host, networks: [default]}')).toEqual([
      { code: 'E0607', path: ['services', 'web', 'network_mode'] },
    ]);
  });

  it('accepts container:X for any name and service:X for a known service', () => {
    expect(errorsOf('services:\n  a: {image: x, network_mode: "container:whatever"}\n  b: {image: x, network_mode: "service:a"}')).toEqual([]);
  });
});

describe('E0608 static address outside the subnet', () => {
  const yaml = (address: string, ipam: string) =>
    `services:\n  web:\n    image: x\n    networks:\n      net: {ipv4_address: "${address}"}\nnetworks:\n  net: ${ipam}`;

  it('accepts an address inside a subnet', () => {
    expect(errorsOf(yaml('172.38.0.11', '{ipam: {config: [{subnet: 10.0.0.0/8}, {subnet: 172.38.0.0/16}]}}'))).toEqual([]);
  });

  it('reports an address outside every subnet, or a network without ipam config', () => {
    const path = ['services', 'web', 'networks', 'net', 'ipv4_address'];
    expect(errorsOf(yaml('172.39.0.11', '{ipam: {config: [{subnet: 172.38.0.0/16}]}}'))).toEqual([{ code: 'E0608', path }]);
    expect(errorsOf(yaml('172.38.0.11', '{}'))).toEqual([{ code: 'E0608', path }]);
    expect(errorsOf(yaml('300.1.1.1', '{ipam: {config: [{subnet: 172.38.0.0/16}]}}'))).toEqual([{ code: 'E0506', path }]);
  });

  it('skips external networks', () => {
    expect(errorsOf(yaml('1.2.3.4', '{external: true}'))).toEqual([]);
  });

  it('inSubnet handles IPv4 and IPv6', () => {
    expect(inSubnet('10.1.2.3', '10.0.0.0/8', 4)).toBe(true);
    expect(inSubnet('11.1.2.3', '10.0.0.0/8', 4)).toBe(false);
    expect(inSubnet('1.2.3.4', '0.0.0.0/0', 4)).toBe(true);
    expect(inSubnet('2001:db8::5', '2001:db8::/64', 6)).toBe(true);
    expect(inSubnet('2001:db9::5', '2001:db8::/32', 6)).toBe(false);
    expect(inSubnet('::ffff:10.0.0.1', '::ffff:10.0.0.0/120', 6)).toBe(true);
    expect(inSubnet('10.0.0.1', 'nonsense', 4)).toBeUndefined();
  });
});

describe('E0609 port conflict', () => {
  it('reports the same host port and protocol across services', () => {
    const yaml = 'services:\n  a: {image: x, ports: ["8080:80"]}\n  b: {image: x, ports: ["8080:8080", "8080:80/udp", "127.0.0.1:9000:90", "127.0.0.2:9000:90"]}';
    expect(errorsOf(yaml)).toEqual([{ code: 'E0609', path: ['services', 'b', 'ports', 0] }]);
  });

  it('counts overlapping ranges and wildcard addresses', () => {
    const yaml = [
      'services:',
      '  a: {image: x, ports: ["8000-8010:8000-8010", "127.0.0.1:7000:70"]}',
      '  b: {image: x, ports: ["8005:80", {target: 70, published: "6999-7001"}]}',
    ].join('\n');
    expect(errorsOf(yaml)).toEqual([
      { code: 'E0609', path: ['services', 'b', 'ports', 0] },
      { code: 'E0609', path: ['services', 'b', 'ports', 1] },
    ]);
  });

  it('reports the later publisher in document order, not in sorted order', () => {
    const yaml = 'services:\n  web: {image: x, ports: ["8080:80"]}\n  admin: {image: x, ports: ["8080:8080"]}';
    expect(errorsOf(yaml)).toEqual([{ code: 'E0609', path: ['services', 'admin', 'ports', 0] }]);
  });

  it('reports the earliest publisher, with ranges on either side, among many services', () => {
    const filler = Array.from({ length: 300 }, (_, i) => `  f${i}: {image: x, ports: ["${20000 + i}:80", "${30000 + i}:80/udp"]}`);
    const yaml = [
      'services:',
      '  a: {image: x, ports: ["9000-9010:80"]}',
      ...filler.slice(0, 150),
      '  b: {image: x, ports: ["9005:80"]}',
      '  c: {image: x, ports: ["127.0.0.1:9100:80", "9100:81/udp"]}',
      ...filler.slice(150),
      '  d: {image: x, ports: ["9100:90"]}',
      '  e: {image: x, ports: ["9099-9101:80/udp", "20299:80"]}',
    ].join('\n');
    const found = run(yaml).diagnostics.filter((d) => d.code === 'E0609');
    expect(codes(found)).toEqual([
      { code: 'E0609', path: ['services', 'b', 'ports', 0] },
      { code: 'E0609', path: ['services', 'd', 'ports', 0] },
      { code: 'E0609', path: ['services', 'e', 'ports', 0] },
      { code: 'E0609', path: ['services', 'e', 'ports', 1] },
    ]);
    // Each names the first entry that published the port: a's range, c's address, c's udp port, f299.
    expect(found.map((d) => /`(\w+)`/.exec(d.message)?.[1])).toEqual(['a', 'c', 'c', 'f299']);
  });

  it('ignores ports without a published side', () => {
    expect(errorsOf('services:\n  a: {image: x, ports: ["80"]}\n  b: {image: x, ports: ["80"]}')).toEqual([]);
  });
});

describe('E0610 container_name with replicas', () => {
  it('is reported for scale and deploy.replicas', () => {
    expect(errorsOf('services:\n  a: {image: x, container_name: one, scale: 2}\n  b: {image: x, container_name: two, deploy: {replicas: 3}}\n  c: {image: x, container_name: three, scale: 1}')).toEqual([
      { code: 'E0610', path: ['services', 'a', 'container_name'] },
      { code: 'E0610', path: ['services', 'b', 'container_name'] },
    ]);
  });
});

describe('E0611 missing file', () => {
  it('is reported for secret and config files', () => {
    const yaml = 'services: {}\nsecrets:\n  pw: {file: /proj/password.txt}\n  ok: {file: /proj/ok}\nconfigs:\n  c: {file: /proj/c.conf}\n  e: {external: true}';
    expect(errorsOf(yaml, { files: ['/proj/ok'] })).toEqual([
      { code: 'E0611', path: ['secrets', 'pw', 'file'] },
      { code: 'E0611', path: ['configs', 'c', 'file'] },
    ]);
  });
});

describe('E0612 placement constraint', () => {
  it('is reported at the constraint', () => {
    const yaml = 'services:\n  db:\n    image: x\n    deploy:\n      placement:\n        constraints: [node.role == manager, node.role = manager, node.labels.zone != east]';
    expect(errorsOf(yaml)).toEqual([{ code: 'E0612', path: ['services', 'db', 'deploy', 'placement', 'constraints', 1] }]);
  });

  it.each(['node.role==manager', 'node.role == Worker', 'node.hostname != h1', 'node.platform.os == linux', 'engine.labels.x == y', 'node.id==abc'])(
    'accepts %j',
    (text) => {
      expect(constraintError(text)).toBeUndefined();
    },
  );

  it.each(['node.role = manager', 'node.role == boss', 'node.name == x', 'node.labels. == x', 'node.labels.zone ==', 'zone', 'node.role ~= manager'])(
    'rejects %j',
    (text) => {
      expect(constraintError(text)).toBeTypeOf('string');
    },
  );

  it('says the operator must be == or !=', () => {
    expect(constraintError('node.role = manager')).toContain('==');
  });
});
