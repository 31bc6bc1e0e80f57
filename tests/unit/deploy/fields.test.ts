/** Field-level diff (diff/fields.ts), including "diffing any two inputs never crashes". */
import { describe, expect, it } from 'vitest';
import { fieldChanges, isPlainObject } from '../../../src/deploy/diff/fields.js';
import { canonicalJson } from '../../../src/targets/engine/hash.js';

describe('fieldChanges', () => {
  it('reports nothing for equal values, whatever the key order', () => {
    expect(fieldChanges({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('reports each changed, added and removed leaf with its path, sorted by key', () => {
    expect(fieldChanges({ b: 1, a: { x: 'old' }, gone: true }, { b: 2, a: { x: 'new', y: 0 } })).toEqual([
      { path: 'a.x', before: 'old', after: 'new' },
      { path: 'a.y', before: undefined, after: 0 },
      { path: 'b', before: 1, after: 2 },
      { path: 'gone', before: true, after: undefined },
    ]);
  });

  it('compares arrays by index', () => {
    expect(fieldChanges({ Env: ['A=1', 'B=2'] }, { Env: ['A=1', 'B=3', 'C=4'] })).toEqual([
      { path: 'Env[1]', before: 'B=2', after: 'B=3' },
      { path: 'Env[2]', before: undefined, after: 'C=4' },
    ]);
    expect(fieldChanges([{ a: 1 }], [{ a: 2 }])).toEqual([{ path: '[0].a', before: 1, after: 2 }]);
  });

  it('reports a whole subtree where one side has none, or a different type', () => {
    expect(fieldChanges({ a: { b: 1 } }, {})).toEqual([{ path: 'a', before: { b: 1 }, after: undefined }]);
    expect(fieldChanges({ a: [1] }, { a: { 0: 1 } })).toEqual([{ path: 'a', before: [1], after: { 0: 1 } }]);
    expect(fieldChanges(1, '1')).toEqual([{ path: '', before: 1, after: '1' }]);
  });

  it('an absent key and an undefined member are the same', () => {
    expect(fieldChanges({ a: undefined }, {})).toEqual([]);
  });

  it('null is a value', () => {
    expect(fieldChanges({ a: null }, {})).toEqual([{ path: 'a', before: null, after: undefined }]);
  });

  it('isPlainObject', () => {
    expect([{}, { a: 1 }].map(isPlainObject)).toEqual([true, true]);
    expect([null, [], 'x', 1, undefined].map(isPlainObject)).toEqual([false, false, false, false, false]);
  });
});

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['a', 'b', 'Env', 'Labels', 'Target', 'x.y', '', '0', 'constructor', 'toString'];

function randomJson(rand: () => number, depth = 0, allowUndefined = true): unknown {
  const pick = Math.floor(rand() * (depth > 4 ? 6 : 8));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return Math.floor(rand() * 5) - 2;
    case 3:
      return rand() * 1e6;
    case 4:
      return ['', 'a', 'A=1', 'DB_PASSWORD=x', '💥', 'a\nb'][Math.floor(rand() * 6)];
    case 5:
      return allowUndefined ? undefined : 'u';
    case 6:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth + 1, allowUndefined));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 4); i > 0; i--) out[KEYS[Math.floor(rand() * KEYS.length)]!] = randomJson(rand, depth + 1, allowUndefined);
      return out;
    }
  }
}

/** A structurally equal copy with keys in another order. */
function shuffled(value: unknown, rand: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffled(v, rand));
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value).sort(() => rand() - 0.5);
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffled(v, rand)]));
}

describe('fieldChanges on random values (seeded)', () => {
  const SEEDS = Array.from({ length: 20 }, (_, i) => i * 7919 + 1);

  it.each(SEEDS)('seed %i: never throws, fieldChanges(x, x) and fieldChanges(x, reordered x) are []', (seed) => {
    const rand = prng(seed);
    for (let i = 0; i < 200; i++) {
      const x = randomJson(rand);
      const y = randomJson(rand);
      expect(() => fieldChanges(x, y)).not.toThrow();
      expect(fieldChanges(x, x)).toEqual([]);
      expect(fieldChanges(x, structuredClone(x))).toEqual([]);
      expect(fieldChanges(x, shuffled(x, rand))).toEqual([]);
    }
  });

  it.each(SEEDS)('seed %i: differing values give at least one change, and every change is real', (seed) => {
    const rand = prng(seed);
    for (let i = 0; i < 200; i++) {
      const x = randomJson(rand, 0, false);
      const y = randomJson(rand, 0, false);
      const found = fieldChanges(x, y);
      // Key order aside, values that differ have at least one change.
      expect(found.length > 0).toBe(canonicalJson(x) !== canonicalJson(y));
      for (const c of found) expect(JSON.stringify(c.before)).not.toBe(JSON.stringify(c.after));
      // Symmetric: the same paths both ways.
      expect(fieldChanges(y, x).map((c) => c.path)).toEqual(found.map((c) => c.path));
    }
  });
});
