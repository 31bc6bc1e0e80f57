import { describe, expect, it } from 'vitest';
import { normalizeExtraHosts, stringRecord, strictRecord } from '../../../src/normalize/records.js';
import type { Diagnostic } from '../../../src/parse/diagnostics.js';
import { codes, service } from './helpers.js';

describe('environment', () => {
  it('reads the list form, looking up bare names', () => {
    const { svc, diagnostics } = service('image: x\nenvironment: ["B=2", "A=1=x", "FROM_HOST", "MISSING", "EMPTY="]', {
      env: { FROM_HOST: 'h' },
    });
    expect(diagnostics).toEqual([]);
    expect(svc.environment).toEqual({ A: '1=x', B: '2', EMPTY: '', FROM_HOST: 'h', MISSING: null });
    expect(Object.keys(svc.environment)).toEqual(['A', 'B', 'EMPTY', 'FROM_HOST', 'MISSING']);
  });

  it('reads the map form, stringifying scalars', () => {
    const { svc } = service('image: x\nenvironment:\n  DEBUG: true\n  PORT: 8080\n  NAME: web\n  FROM_HOST:\n  NOPE:', {
      env: { FROM_HOST: 'h' },
    });
    expect(svc.environment).toEqual({ DEBUG: 'true', FROM_HOST: 'h', NAME: 'web', NOPE: null, PORT: '8080' });
  });

  it('merges env files in order under environment', () => {
    const { svc, diagnostics } = service(
      'image: x\nenv_file: [/proj/a.env, {path: /proj/b.env, required: false}, {path: /proj/none.env, required: "false"}]\nenvironment: [A=env, ONLY_FILE]',
      { fs: { envFiles: { '/proj/a.env': { A: 'a', B: 'a', ONLY_FILE: 'file' }, '/proj/b.env': { B: 'b', C: 'b' } } } },
    );
    expect(diagnostics).toEqual([]);
    expect(svc.environment).toEqual({ A: 'env', B: 'b', C: 'b', ONLY_FILE: 'file' });
    expect(svc.env_file).toEqual([
      { path: '/proj/a.env', required: true },
      { path: '/proj/b.env', required: false },
      { path: '/proj/none.env', required: false },
    ]);
  });

  it('takes env_file as a single string', () => {
    const { svc } = service('image: x\nenv_file: /proj/.env', { fs: { envFiles: { '/proj/.env': { X: '1' } } } });
    expect(svc.env_file).toEqual([{ path: '/proj/.env', required: true }]);
    expect(svc.environment).toEqual({ X: '1' });
  });

  it('reports a missing required env file as E0611 and an unreadable one as E0204', () => {
    const { diagnostics } = service('image: x\nenv_file: [/proj/missing.env, {path: /proj/bad.env, format: raw}]', {
      fs: { envFiles: { '/proj/bad.env': 'line 1: bad' } },
    });
    expect(codes(diagnostics)).toEqual([
      { code: 'E0611', path: ['services', 'web', 'env_file', 0] },
      { code: 'E0204', path: ['services', 'web', 'env_file', 1, 'path'] },
    ]);
    expect(service('image: x\nenv_file: /proj/missing.env').diagnostics.map((d) => d.path)).toEqual([
      ['services', 'web', 'env_file'],
    ]);
  });

  it('reports list items that are not KEY=VALUE as E0506', () => {
    const { diagnostics } = service('image: x\nenvironment: ["=x", "A B=1", {C: 1}, "OK=1"]');
    expect(codes(diagnostics)).toEqual([
      { code: 'E0506', path: ['services', 'web', 'environment', 0] },
      { code: 'E0506', path: ['services', 'web', 'environment', 1] },
      { code: 'E0506', path: ['services', 'web', 'environment', 2] },
    ]);
  });
});

describe('list-or-map records', () => {
  it('labels: list and map give the same sorted record', () => {
    const sink: Diagnostic[] = [];
    const fromList = stringRecord(['b=2', 'a=1', 'flag'], ['l'], sink);
    const fromMap = stringRecord({ b: '2', a: 1, flag: null }, ['l'], sink);
    expect(fromList).toEqual({ a: '1', b: '2', flag: '' });
    expect(fromMap).toEqual(fromList);
    expect(Object.keys(fromList)).toEqual(['a', 'b', 'flag']);
    expect(sink).toEqual([]);
  });

  it('sysctls need a value', () => {
    const sink: Diagnostic[] = [];
    expect(strictRecord(['net.core.somaxconn=1024', 'kernel.x'], ['s'], sink)).toEqual({ 'net.core.somaxconn': '1024' });
    expect(strictRecord({ 'net.ipv4.ip_forward': 1 }, ['s'], sink)).toEqual({ 'net.ipv4.ip_forward': '1' });
    expect(sink.map((d) => [d.code, d.path])).toEqual([['E0506', ['s', 1]]]);
  });

  it('labels, annotations, sysctls and storage_opt on a service', () => {
    const { svc } = service(
      'image: x\nlabels: [com.example=1]\nannotations: {a: b}\nsysctls: {net.core.somaxconn: 1024}\nstorage_opt: {size: 20G}',
    );
    expect(svc.labels).toEqual({ 'com.example': '1' });
    expect(svc.annotations).toEqual({ a: 'b' });
    expect(svc.sysctls).toEqual({ 'net.core.somaxconn': '1024' });
    expect(svc.storage_opt).toEqual({ size: '20G' });
  });
});

describe('extra_hosts', () => {
  it('parses host:ip, host=ip and IPv6 in both forms', () => {
    const sink: Diagnostic[] = [];
    const hosts = normalizeExtraHosts(
      ['db:10.0.0.2', 'v6=::1', 'v6b:::2', 'br=[fe80::1]', 'gw:host-gateway', 'db=10.0.0.3'],
      ['h'],
      sink,
    );
    expect(sink).toEqual([]);
    expect(hosts).toEqual({ br: ['fe80::1'], db: ['10.0.0.2', '10.0.0.3'], gw: ['host-gateway'], v6: ['::1'], v6b: ['::2'] });
  });

  it('parses the map form with one or several addresses', () => {
    const sink: Diagnostic[] = [];
    expect(normalizeExtraHosts({ a: '1.2.3.4', b: ['::1', '10.0.0.1'] }, ['h'], sink)).toEqual({ a: ['1.2.3.4'], b: ['::1', '10.0.0.1'] });
    expect(sink).toEqual([]);
  });

  it('reports entries without a separator or with a bad address as E0506', () => {
    const sink: Diagnostic[] = [];
    normalizeExtraHosts(['nohost', 'x:notanip', ':1.2.3.4'], ['h'], sink);
    expect(sink.map((d) => [d.code, d.path])).toEqual([
      ['E0506', ['h', 0]],
      ['E0506', ['h', 1]],
      ['E0506', ['h', 2]],
    ]);
  });
});
