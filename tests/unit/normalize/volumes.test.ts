import { describe, expect, it } from 'vitest';
import { normalizeServiceVolumes, parseVolumeSpec } from '../../../src/normalize/volumes.js';
import type { Diagnostic } from '../../../src/parse/diagnostics.js';
import { codes, service } from './helpers.js';

describe('parseVolumeSpec (short syntax)', () => {
  it.each([
    ['data:/var/lib/mysql', { type: 'volume', source: 'data', target: '/var/lib/mysql', read_only: false }],
    ['data:/var/lib/mysql:ro', { type: 'volume', source: 'data', target: '/var/lib/mysql', read_only: true }],
    ['data:/x:nocopy', { type: 'volume', source: 'data', target: '/x', read_only: false, volume: { nocopy: true } }],
    ['/anon', { type: 'volume', target: '/anon', read_only: false }],
    ['/anon:ro', { type: 'volume', target: '/anon', read_only: true }],
    ['/host:/ctr', { type: 'bind', source: '/host', target: '/ctr', read_only: false, bind: { create_host_path: true } }],
    ['/host:/ctr:ro', { type: 'bind', source: '/host', target: '/ctr', read_only: true, bind: { create_host_path: true } }],
    [
      '/proj/x:/y:rw,z',
      { type: 'bind', source: '/proj/x', target: '/y', read_only: false, bind: { create_host_path: true, selinux: 'z' } },
    ],
    [
      './x:/y:ro,Z,rshared,cached',
      {
        type: 'bind',
        source: './x',
        target: '/y',
        read_only: true,
        consistency: 'cached',
        bind: { create_host_path: true, selinux: 'Z', propagation: 'rshared' },
      },
    ],
    ['~/src:/src', { type: 'bind', source: '~/src', target: '/src', read_only: false, bind: { create_host_path: true } }],
    [
      '/var/run/docker.sock:/var/run/docker.sock',
      { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock', read_only: false, bind: { create_host_path: true } },
    ],
  ])('%s', (spec, expected) => {
    expect(parseVolumeSpec(spec)).toEqual(expected);
  });

  it.each([
    '',
    '::',
    '/a:/b:/c:ro:extra',
    '/a::/b',
    'data:',
    ':/x',
    'relative',
    'data:relative',
    '/a:/b:bogus',
    'data:/x:z',
    '/a:/b:nocopy',
    'sub/dir:/x',
  ])('rejects %j', (spec) => {
    expect(typeof parseVolumeSpec(spec)).toBe('string');
  });
});

describe('normalizeServiceVolumes (long syntax)', () => {
  it('normalizes each type', () => {
    const sink: Diagnostic[] = [];
    const volumes = normalizeServiceVolumes(
      [
        { type: 'volume', source: 'data', target: '/data', volume: { nocopy: 'true', subpath: 'sub' } },
        { type: 'bind', source: '/etc/app', target: '/app', read_only: 'true', bind: { propagation: 'rprivate', create_host_path: true } },
        { type: 'bind', source: '/etc/other', target: '/other' },
        { type: 'tmpfs', target: '/tmp', tmpfs: { size: '64m', mode: '1777' } },
        { type: 'tmpfs', target: '/run', tmpfs: { size: 1024, mode: 0o755 } },
        { type: 'volume', target: '/anon' },
        { type: 'image', source: 'alpine', target: '/img', image: { subpath: 'etc' } },
        { type: 'volume', source: 'data', target: '/d2', 'x-why': 'test' },
      ],
      ['v'],
      sink,
    );
    expect(sink).toEqual([]);
    expect(volumes).toEqual([
      { type: 'volume', source: 'data', target: '/data', read_only: false, volume: { nocopy: true, subpath: 'sub' } },
      { type: 'bind', source: '/etc/app', target: '/app', read_only: true, bind: { propagation: 'rprivate', create_host_path: true } },
      { type: 'bind', source: '/etc/other', target: '/other', read_only: false, bind: { create_host_path: false } },
      { type: 'tmpfs', target: '/tmp', read_only: false, tmpfs: { size: 64 * 1024 ** 2, mode: 0o1777 } },
      { type: 'tmpfs', target: '/run', read_only: false, tmpfs: { size: 1024, mode: 0o755 } },
      { type: 'volume', target: '/anon', read_only: false },
      { type: 'image', source: 'alpine', target: '/img', read_only: false, image: { subpath: 'etc' } },
      { type: 'volume', source: 'data', target: '/d2', read_only: false, extensions: { 'x-why': 'test' } },
    ]);
  });

  it('reports E0502 (and E0504 for a bad tmpfs size) at the item', () => {
    const sink: Diagnostic[] = [];
    normalizeServiceVolumes(
      [
        '/a:/b:/c:ro:extra',
        { type: 'bind', target: '/x' },
        { type: 'volume', source: 'd', target: 'rel' },
        { type: 'weird', target: '/x' },
        { type: 'volume', source: 'd' },
        { type: 'tmpfs', target: '/t', tmpfs: { size: 'huge' } },
        42,
      ],
      ['v'],
      sink,
    );
    expect(sink.map((d) => [d.code, d.path])).toEqual([
      ['E0502', ['v', 0]],
      ['E0502', ['v', 1]],
      ['E0502', ['v', 2, 'target']],
      ['E0502', ['v', 3, 'type']],
      ['E0502', ['v', 4]],
      ['E0504', ['v', 5, 'tmpfs', 'size']],
      ['E0502', ['v', 6]],
    ]);
  });

  it('reports a mangled bind mount in a service with its path', () => {
    const { svc, diagnostics } = service('image: x\nvolumes: ["/a:/b:/c:ro:extra", "/ok:/ok"]');
    expect(codes(diagnostics)).toEqual([{ code: 'E0502', path: ['services', 'web', 'volumes', 0] }]);
    expect(svc.volumes.map((v) => v.target)).toEqual(['/ok']);
  });
});
