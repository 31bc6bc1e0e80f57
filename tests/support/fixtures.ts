/**
 * What the fixture-driven tests share: where the fixtures are, which compose files make up each
 * one (found by stackc's own discovery, so the tests pick exactly what `stackc` would), their
 * env.json, portable paths, and the golden-file checks (JSON, text) with UPDATE_GOLDEN=1 rewriting.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { selectFiles } from '../../src/parse/discover.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url)).replace(/\/$/, '');
export const UPDATE = process.env.UPDATE_GOLDEN === '1';
export const PLACEHOLDER = '${FIXTURE_DIR}';

/** The compose file and its override in `dir` (absolute), as `stackc` finds them there; [] when none. */
export function fixtureFiles(dir: string): string[] {
  const { files } = selectFiles([], dir, {});
  // Discovery searches parent directories too; a fixture's file must be its own.
  return files.length && path.dirname(files[0]!) === dir ? [...files] : [];
}

/** The fixture folders (not `invalid`) that have compose files and pass `keep`, sorted. */
export function fixtureNames(keep: (dir: string) => boolean = () => true): string[] {
  if (!existsSync(FIXTURES)) return [];
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'invalid')
    .map((e) => e.name)
    .filter((name) => fixtureFiles(path.join(FIXTURES, name)).length > 0 && keep(path.join(FIXTURES, name)))
    .sort();
}

/** A fixture's env.json: a flat map of variables standing for the process environment. */
export function fixtureEnv(dir: string): Record<string, string> {
  const file = path.join(dir, 'env.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

/**
 * Every string (keys included) with the fixture directory replaced by ${FIXTURE_DIR}, and with
 * `home: true` the home directory by ${HOME}, so golden files do not depend on the checkout.
 */
export function portable<T>(value: T, dir: string, options: { home?: boolean } = {}): T {
  const home = options.home && homedir() !== '/' ? homedir() : undefined;
  const swap = (s: string) => {
    const out = s.split(dir).join(PLACEHOLDER);
    return home ? out.split(home).join('${HOME}') : out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return swap(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [swap(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Compares `actual` with a JSON golden file structurally, or rewrites it with UPDATE_GOLDEN=1. */
export function expectJsonGolden(file: string, actual: unknown): void {
  // Through JSON so the comparison sees exactly what the file holds (no undefined members).
  const json: unknown = JSON.parse(JSON.stringify(actual));
  if (UPDATE) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(json).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

/** Compares `actual` with a text golden file exactly, or rewrites it with UPDATE_GOLDEN=1. */
export function expectTextGolden(file: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
