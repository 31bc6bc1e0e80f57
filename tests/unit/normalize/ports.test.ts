import { describe, expect, it } from 'vitest';
import { normalizeExpose, normalizePorts, parsePortSpec } from '../../../src/normalize/ports.js';
import type { Diagnostic } from '../../../src/parse/diagnostics.js';
import { codes, service } from './helpers.js';

const tcp = { protocol: 'tcp', mode: 'ingress' } as const;

describe('parsePortSpec (short syntax)', () => {
  it.each([
    ['80', [{ target: 80, ...tcp }]],
    ['8000:80', [{ target: 80, published: '8000', ...tcp }]],
    ['127.0.0.1:8000:80', [{ target: 80, published: '8000', host_ip: '127.0.0.1', ...tcp }]],
    ['127.0.0.1::80', [{ target: 80, host_ip: '127.0.0.1', ...tcp }]],
    ['[::1]:8000:80', [{ target: 80, published: '8000', host_ip: '::1', ...tcp }]],
    ['[::1]::80', [{ target: 80, host_ip: '::1', ...tcp }]],
    ['::1:8000:80', [{ target: 80, published: '8000', host_ip: '::1', ...tcp }]],
    ['53:53/udp', [{ target: 53, published: '53', protocol: 'udp', mode: 'ingress' }]],
    ['53:53/UDP', [{ target: 53, published: '53', protocol: 'udp', mode: 'ingress' }]],
    ['9000/sctp', [{ target: 9000, protocol: 'sctp', mode: 'ingress' }]],
    ['9090-9091:8080', [{ target: 8080, published: '9090-9091', ...tcp }]],
    [
      '8000-8001:80-81/udp',
      [
        { target: 80, published: '8000', protocol: 'udp', mode: 'ingress' },
        { target: 81, published: '8001', protocol: 'udp', mode: 'ingress' },
      ],
    ],
    [
      '3000-3002',
      [
        { target: 3000, ...tcp },
        { target: 3001, ...tcp },
        { target: 3002, ...tcp },
      ],
    ],
    [
      '127.0.0.1:5000-5001:6000-6001',
      [
        { target: 6000, published: '5000', host_ip: '127.0.0.1', ...tcp },
        { target: 6001, published: '5001', host_ip: '127.0.0.1', ...tcp },
      ],
    ],
  ])('%s', (spec, expected) => {
    expect(parsePortSpec(spec)).toEqual(expected);
  });

  it.each([
    '',
    'http',
    '80/icmp',
    '70000',
    '0',
    '8000:',
    '8000-8002:80-81',
    '8000:80-81',
    '81-80',
    'localhost:8000:80',
    '[::1:8000:80',
    '1.2.3.4.5:80:80',
  ])('rejects %j', (spec) => {
    expect(typeof parsePortSpec(spec)).toBe('string');
  });
});

describe('normalizePorts', () => {
  it('takes numbers, short strings and the long syntax', () => {
    const sink: Diagnostic[] = [];
    const ports = normalizePorts(
      [
        80,
        '8080:80',
        { target: 443, published: 8443, host_ip: '0.0.0.0', protocol: 'tcp', mode: 'host', name: 'https', app_protocol: 'https' },
        { target: '53', published: '5353', protocol: 'udp' },
        { target: 90, published: '9000-9010', 'x-note': 'kept' },
      ],
      ['ports'],
      sink,
    );
    expect(sink).toEqual([]);
    expect(ports).toEqual([
      { target: 80, ...tcp },
      { target: 80, published: '8080', ...tcp },
      { target: 443, published: '8443', host_ip: '0.0.0.0', protocol: 'tcp', mode: 'host', name: 'https', app_protocol: 'https' },
      { target: 53, published: '5353', protocol: 'udp', mode: 'ingress' },
      { target: 90, published: '9000-9010', ...tcp, extensions: { 'x-note': 'kept' } },
    ]);
  });

  it('reports E0501 at the item', () => {
    const sink: Diagnostic[] = [];
    normalizePorts(['80', 'abc', { published: 80 }, { target: 80, protocol: 'icmp' }, { target: '80-81' }, [1]], ['p'], sink);
    expect(sink.map((d) => [d.code, d.path])).toEqual([
      ['E0501', ['p', 1]],
      ['E0501', ['p', 2]],
      ['E0501', ['p', 3, 'protocol']],
      ['E0501', ['p', 4, 'target']],
      ['E0501', ['p', 5]],
    ]);
  });

  it('is wired into services', () => {
    const { svc, diagnostics } = service('image: x\nports: ["8000:80", "bad"]');
    expect(svc.ports).toEqual([{ target: 80, published: '8000', ...tcp }]);
    expect(codes(diagnostics)).toEqual([{ code: 'E0501', path: ['services', 'web', 'ports', 1] }]);
  });
});

describe('normalizeExpose', () => {
  it('keeps ports as strings and checks them', () => {
    const sink: Diagnostic[] = [];
    expect(normalizeExpose([3000, '3001-3005', '8000/UDP'], ['e'], sink)).toEqual(['3000', '3001-3005', '8000/udp']);
    expect(sink).toEqual([]);
    normalizeExpose(['x', '80/icmp'], ['e'], sink);
    expect(sink.map((d) => [d.code, d.path])).toEqual([
      ['E0501', ['e', 0]],
      ['E0501', ['e', 1]],
    ]);
  });
});
