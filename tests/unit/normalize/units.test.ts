import { describe, expect, it } from 'vitest';
import { cpusField, durationField, parseCpus, parseDuration, parseSize, sizeField } from '../../../src/normalize/units.js';
import type { Diagnostic } from '../../../src/parse/diagnostics.js';

describe('parseDuration', () => {
  it.each([
    ['10s', 10e9],
    ['1m30s', 90e9],
    ['1h', 3600e9],
    ['500ms', 500e6],
    ['1.5s', 1.5e9],
    ['2h45m', 9900e9],
    ['100us', 100e3],
    ['100µs', 100e3],
    ['10ns', 10],
    ['0', 0],
    ['.5s', 0.5e9],
    [' 5s ', 5e9],
  ])('%s → %d ns', (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  it.each(['', 's', '10', '10x', '1m30', '-5s', '5 s', 'abc', '1d'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('durationField', () => {
  it('reads strings and rejects bare numbers without a unit', () => {
    const sink: Diagnostic[] = [];
    expect(durationField('30s', ['x'], sink)).toBe(30e9);
    expect(durationField(0, ['x'], sink)).toBe(0);
    expect(sink).toEqual([]);
    expect(durationField(30, ['a'], sink)).toBeUndefined();
    expect(durationField('30', ['b'], sink)).toBeUndefined();
    expect(durationField('soon', ['c'], sink)).toBeUndefined();
    expect(sink.map((d) => [d.code, d.path])).toEqual([
      ['E0503', ['a']],
      ['E0503', ['b']],
      ['E0503', ['c']],
    ]);
  });

  it('reads a bare number in the field unit where compose defines one', () => {
    const sink: Diagnostic[] = [];
    expect(durationField(400, ['x'], sink, 1e3)).toBe(400e3);
    expect(durationField('400', ['x'], sink, 1e3)).toBe(400e3);
    expect(durationField('400ms', ['x'], sink, 1e3)).toBe(400e6);
    expect(sink).toEqual([]);
  });

  it('leaves an absent value alone', () => {
    const sink: Diagnostic[] = [];
    expect(durationField(undefined, ['x'], sink)).toBeUndefined();
    expect(durationField(null, ['x'], sink)).toBeUndefined();
    expect(sink).toEqual([]);
  });
});

describe('parseSize', () => {
  it.each([
    ['1024', 1024],
    ['512m', 512 * 1024 ** 2],
    ['512M', 512 * 1024 ** 2],
    ['1gb', 1024 ** 3],
    ['1GB', 1024 ** 3],
    ['1GiB', 1024 ** 3],
    ['2k', 2048],
    ['2kb', 2048],
    ['10b', 10],
    ['1t', 1024 ** 4],
    ['1.5g', 1.5 * 1024 ** 3],
    ['512 m', 512 * 1024 ** 2],
    ['0', 0],
  ])('%s → %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'm', '-1', '1x', '1 gb b', 'lots', '1,5g'])('rejects %j', (text) => {
    expect(parseSize(text)).toBeUndefined();
  });
});

describe('sizeField', () => {
  it('takes integers as bytes and reports bad sizes as E0504', () => {
    const sink: Diagnostic[] = [];
    expect(sizeField(1048576, ['x'], sink)).toBe(1048576);
    expect(sizeField('64m', ['x'], sink)).toBe(64 * 1024 ** 2);
    expect(sizeField(-1, ['x'], sink, true)).toBe(-1);
    expect(sink).toEqual([]);
    expect(sizeField(-1, ['a'], sink)).toBeUndefined();
    expect(sizeField('big', ['b'], sink)).toBeUndefined();
    expect(sizeField(1.5, ['c'], sink)).toBeUndefined();
    expect(sink.map((d) => [d.code, d.path])).toEqual([
      ['E0504', ['a']],
      ['E0504', ['b']],
      ['E0504', ['c']],
    ]);
  });
});

describe('cpus', () => {
  it.each([
    [0.5, 500_000_000],
    ['0.5', 500_000_000],
    [2, 2_000_000_000],
    ['1.25', 1_250_000_000],
    ['.1', 100_000_000],
    [0.001, 1_000_000],
    [0, 0],
  ])('%j → %d nano-cpus', (value, nano) => {
    expect(parseCpus(value)).toBe(nano);
  });

  it.each(['-1', 'half', '', '1e', -0.5])('rejects %j', (value) => {
    expect(parseCpus(value)).toBeUndefined();
  });

  it('reports E0505 at the field', () => {
    const sink: Diagnostic[] = [];
    expect(cpusField('two', ['services', 'web', 'cpus'], sink)).toBeUndefined();
    expect(sink.map((d) => [d.code, d.path])).toEqual([['E0505', ['services', 'web', 'cpus']]]);
  });
});
