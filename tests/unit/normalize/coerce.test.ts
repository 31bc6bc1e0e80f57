import { describe, expect, it } from 'vitest';
import { compact, extensionsOf, sortedRecord } from '../../../src/normalize/coerce.js';

describe('sortedRecord', () => {
  it('sorts by key, the last of duplicate keys winning', () => {
    const record = sortedRecord([['b', 1], ['a', 2], ['b', 3]]);
    expect(record).toEqual({ a: 2, b: 3 });
    expect(Object.keys(record)).toEqual(['a', 'b']);
  });

  it('takes any iterable, and leaves its input alone', () => {
    const input: [string, number][] = [['z', 1], ['y', 2]];
    expect(Object.keys(sortedRecord(new Map(input)))).toEqual(['y', 'z']);
    sortedRecord(input);
    expect(input).toEqual([['z', 1], ['y', 2]]);
  });

  it('keeps a `__proto__` key as an own entry, as Object.fromEntries does', () => {
    const record = sortedRecord([['__proto__', 'x'], ['a', 'y']]);
    expect(Object.keys(record)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });
});

describe('compact', () => {
  it('drops undefined values only, keeping the key order', () => {
    const result = compact({ b: 1, a: undefined, c: null, d: 0, e: '' });
    expect(result).toEqual({ b: 1, c: null, d: 0, e: '' });
    expect(Object.keys(result)).toEqual(['b', 'c', 'd', 'e']);
  });
});

describe('extensionsOf', () => {
  it('returns the unknown keys, sorted', () => {
    expect(Object.keys(extensionsOf({ image: 'x', 'x-b': 1, 'x-a': 2 }, new Set(['image'])))).toEqual(['x-a', 'x-b']);
    expect(extensionsOf({ image: 'x' }, new Set(['image']))).toEqual({});
  });
});
