import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYaml } from '../../src/cli/yaml-emit.js';
import type { JsonValue } from '../../src/parse/json.js';

/** Both YAML readers (1.2 core via the yaml package, and js-yaml) must read back the same value. */
function roundTrips(value: JsonValue) {
  const text = toYaml(value);
  expect(parse(text)).toEqual(value);
  expect(jsyaml.load(text)).toEqual(value);
}

describe('toYaml', () => {
  it.each([
    ['plain and reserved strings', { a: 'plain', b: 'yes', c: 'no', d: 'on', e: 'null', f: '~', g: 'true', h: '', i: ' lead', j: 'trail ' }],
    ['number-like strings', { a: '8080', b: '0.5', c: '1e3', d: '0o17', e: '0x1F', f: '1_000', g: '80:80', h: '127.0.0.1:8000:80', i: '-1', j: '.5' }],
    ['yaml syntax in strings', { a: 'a: b', b: 'a #b', c: '- x', d: '*alias', e: '&anchor', f: '!tag', g: '{x}', h: '[x]', i: 'x:', j: '"q"', k: "'q'", l: '%x', m: '@x', n: '`x`', o: '|', p: '>', q: '? x' }],
    ['escapes and unicode', { a: 'line1\nline2', b: 'tab\there', c: 'quote " inside', d: 'back\\slash', e: 'ünïcødé ✓', f: '$$VAR', g: '\u0001' }],
    ['numbers, booleans, null', { a: 1, b: -2.5, c: true, d: false, e: null, f: 0, g: 1e21 }],
    ['nesting', { s: { web: { ports: [{ target: 80, published: '8080' }], command: ['sh', '-c', 'echo $$HOME'], empty: [], none: {} } }, list: [[1, 2], [], {}, [{ a: [] }]] }],
    ['odd keys', { 'com.docker.compose.project': 'x', '8080': 'port', 'yes': 1, 'a b': 2, '': 3, '-x': 4 }],
  ])('%s', (_name, value) => roundTrips(value as JsonValue));

  it('reads back random strings made of YAML-significant characters', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'aZ09 :-#&*!|>\'"%@`,[]{}?~.$\\\t\nyesnoONnull+_eE0x';
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      roundTrips({ [text]: text, list: [text] });
    }
  });

  it('reads back every fixture golden config unchanged', () => {
    const root = path.resolve('fixtures');
    for (const name of readdirSync(root)) {
      const golden = path.join(root, name, 'expected', 'config.yaml');
      if (existsSync(golden)) roundTrips(parse(readFileSync(golden, 'utf8')) as JsonValue);
    }
  });
});
