/**
 * No input crashes the compiler. Every valid fixture's compose.yaml is mutated the ways real files
 * break (lines lost, duplicated or swapped, values of the wrong type, tabs, truncation, binary
 * garbage, stray `${`, full-width colons, absurd nesting) and compiled next to copies of its
 * companion files. compile() must return diagnostics, never throw, and every diagnostic must have
 * a known code and a sane position. Deterministic: a seeded PRNG, so a failure names its case.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/cli/compile.js';
import { CODES } from '../../src/parse/diagnostics.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const TOTAL = 300;
const SEED = 0x5eed_c0de;

/** mulberry32: small, fast, good enough to pick mutations. */
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

type Rand = () => number;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);
const pick = <T>(rand: Rand, list: readonly T[]): T => list[int(rand, list.length)]!;

/** A mutation takes the file's bytes and returns new bytes (text mutations work on lines). */
type Mutation = (input: Buffer, rand: Rand) => Buffer;

const lines = (input: Buffer): string[] => input.toString('utf8').split('\n');
const join = (list: string[]): Buffer => Buffer.from(list.join('\n'), 'utf8');

const SCALARS = ['42', '-1', '0.5', '""', '"text"', 'true', 'null', '~', '[a, b]', '[]', '{x: 1}', '{}', '[[1], {y: [2]}]', "'${X'", '0o777', '1e400', '.inf'];

const MUTATIONS: Record<string, Mutation> = {
  'delete a line': (input, rand) => {
    const l = lines(input);
    l.splice(int(rand, l.length), 1);
    return join(l);
  },
  'duplicate a line': (input, rand) => {
    const l = lines(input);
    const i = int(rand, l.length);
    l.splice(i, 0, l[i]!);
    return join(l);
  },
  'swap two lines': (input, rand) => {
    const l = lines(input);
    const i = int(rand, l.length);
    const j = int(rand, l.length);
    [l[i], l[j]] = [l[j]!, l[i]!];
    return join(l);
  },
  "change a scalar's type": (input, rand) => {
    const l = lines(input);
    const candidates = l.map((line, i) => (/^\s*(-\s+)?[^#\s][^:]*:\s+\S|^\s*-\s+\S/.test(line) ? i : -1)).filter((i) => i >= 0);
    if (!candidates.length) return input;
    const i = pick(rand, candidates);
    const line = l[i]!;
    const value = pick(rand, SCALARS);
    const m = /^(\s*(?:-\s+)?[^#\s][^:]*:\s+)/.exec(line) ?? /^(\s*-\s+)/.exec(line);
    l[i] = m ? m[1] + value : line;
    return join(l);
  },
  'replace a block with a scalar or a scalar with a block': (input, rand) => {
    const l = lines(input);
    const keys = l.map((line, i) => (/^\s*[A-Za-z_][\w.-]*:\s*$/.test(line) ? i : -1)).filter((i) => i >= 0);
    if (!keys.length) return input;
    const i = pick(rand, keys);
    const indent = /^\s*/.exec(l[i]!)![0];
    l[i] = `${l[i]} ${pick(rand, SCALARS)}`;
    if (rand() < 0.5) l.splice(i + 1, 0, `${indent}  - ${pick(rand, SCALARS)}`);
    return join(l);
  },
  'insert a tab at a line start': (input, rand) => {
    const l = lines(input);
    const i = int(rand, l.length);
    l[i] = '\t' + l[i]!.replace(/^ {1,4}/, '');
    return join(l);
  },
  'truncate the file': (input, rand) => input.subarray(0, int(rand, input.length + 1)),
  'insert random bytes': (input, rand) => {
    const at = int(rand, input.length + 1);
    const junk = Buffer.from(
      Array.from({ length: 1 + int(rand, 12) }, () =>
        pick(rand, [0x00, 0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0xef, 0xbb, 0xbf, 0x1b, 0x0d, 0x09, 0x22, 0x27, 0x7b, 0x5b, int(rand, 256)]),
      ),
    );
    return Buffer.concat([input.subarray(0, at), junk, input.subarray(at)]);
  },
  'insert ${': (input, rand) => {
    const text = input.toString('utf8');
    const at = int(rand, text.length + 1);
    return Buffer.from(text.slice(0, at) + pick(rand, ['${', '${A', '${A:?', '${:-x}', '$${', '${A-${B', '}']) + text.slice(at), 'utf8');
  },
  "replace ':' with '：'": (input, rand) => {
    const text = input.toString('utf8');
    const colons = [...text.matchAll(/:/g)].map((m) => m.index);
    if (!colons.length) return input;
    const at = pick(rand, colons);
    return Buffer.from(text.slice(0, at) + '\uFF1A' + text.slice(at + 1), 'utf8');
  },
  'deep nesting': (input, rand) => {
    const l = lines(input);
    const depth = 20 + int(rand, 3000);
    const kind = int(rand, 4);
    const nested =
      kind === 0
        ? `x-deep: ${'['.repeat(depth)}${']'.repeat(depth)}`
        : kind === 1
          ? `x-deep: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`
          : kind === 2
            ? ['x-deep:', ...Array.from({ length: Math.min(depth, 400) }, (_, d) => `${'  '.repeat(d + 1)}k${d}:`)].join('\n')
            : `x-deep: &a [${'*a, '.repeat(Math.min(depth, 50))}1]`;
    // Top level (always a mapping key there), or as a service's value.
    const services = l.findIndex((line) => /^services:\s*$/.test(line));
    if (services >= 0 && rand() < 0.5) l.splice(services + 1, 0, nested.replace(/^x-deep:/, '  x-deep:').replace(/\n/g, '\n  '));
    else l.push(nested);
    return join(l);
  },
  'mangle indentation': (input, rand) => {
    const l = lines(input);
    const i = int(rand, l.length);
    l[i] = rand() < 0.5 ? ' ' + l[i] : l[i]!.replace(/^ /, '');
    return join(l);
  },
};

const NAMES = Object.keys(MUTATIONS);

const fixtures = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'invalid' && existsSync(path.join(FIXTURES, e.name, 'compose.yaml')))
  .map((e) => e.name)
  .sort();

interface Case {
  readonly id: string;
  readonly fixture: string;
  readonly steps: string[];
  readonly bytes: Buffer;
}

function makeCases(): Case[] {
  const rand = prng(SEED);
  const out: Case[] = [];
  for (let n = 0; n < TOTAL && fixtures.length; n++) {
    const fixture = fixtures[n % fixtures.length]!;
    let bytes: Buffer = readFileSync(path.join(FIXTURES, fixture, 'compose.yaml'));
    const steps: string[] = [];
    // Mostly one mutation (clear failures), sometimes a few stacked.
    const count = rand() < 0.7 ? 1 : 2 + int(rand, 3);
    for (let k = 0; k < count; k++) {
      // Cycle through every mutation for the first ones so each is tried on several fixtures.
      const name = n < NAMES.length * 3 && k === 0 ? NAMES[n % NAMES.length]! : pick(rand, NAMES);
      steps.push(name);
      bytes = MUTATIONS[name]!(bytes, rand);
    }
    out.push({ id: `#${n} ${fixture}: ${steps.join(' + ')}`, fixture, steps, bytes });
  }
  return out;
}

const cases = makeCases();
const KNOWN = new Set(Object.keys(CODES));
const workDirs = new Map<string, string>();
const root = mkdtempSync(path.join(tmpdir(), 'stackc-fuzz-'));

/** One copy of each fixture (with its companion files) whose compose.yaml each case overwrites. */
function workDir(fixture: string): string {
  let dir = workDirs.get(fixture);
  if (!dir) {
    dir = path.join(root, fixture);
    cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
    workDirs.set(fixture, dir);
  }
  return dir;
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('fuzz: compile never throws', () => {
  it(`runs ${TOTAL} mutated files`, () => {
    expect(cases.length).toBe(TOTAL);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const dir = workDir(c.fixture);
    writeFileSync(path.join(dir, 'compose.yaml'), c.bytes);
    const files = existsSync(path.join(dir, 'compose.override.yaml')) ? ['compose.yaml', 'compose.override.yaml'] : ['compose.yaml'];
    const envFile = path.join(dir, 'env.json');
    const env = existsSync(envFile) ? (JSON.parse(readFileSync(envFile, 'utf8')) as Record<string, string>) : {};
    let result: ReturnType<typeof compile> | undefined;
    try {
      result = compile({ files, cwd: dir, env });
    } catch (error) {
      const input = c.bytes.toString('utf8');
      expect.fail(`compile threw ${(error as Error)?.stack ?? String(error)}\n--- input (${c.bytes.length} bytes) ---\n${input.slice(0, 2000)}`);
    }
    for (const d of result!.diagnostics) {
      expect(KNOWN.has(d.code), `unknown code ${d.code}`).toBe(true);
      expect(d.severity === 'error' || d.severity === 'warning').toBe(true);
      expect(typeof d.message).toBe('string');
      if (d.span) {
        const where = `${d.code} ${d.message} at ${d.span.line}:${d.span.col}`;
        expect(Number.isInteger(d.span.line) && d.span.line >= 1, where).toBe(true);
        expect(Number.isInteger(d.span.col) && d.span.col >= 1, where).toBe(true);
      }
    }
    // An error means no project; a project means no error.
    expect(result!.project === undefined).toBe(result!.diagnostics.some((d) => d.severity === 'error'));
  });
});
