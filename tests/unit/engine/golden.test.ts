/**
 * Golden tests for the single-host lowering: every fixtures/<system>/ folder with a compose file
 * that compiles without errors is lowered as `stackc up` would lower it there, and the result
 * (desired state + diagnostics) is compared structurally with fixtures/<system>/expected/engine.json.
 *
 * Absolute paths under the fixture are written as ${FIXTURE_DIR}. The substitution is made in the
 * Project *before* lowering, so the config-hash values in the golden files are computed over the
 * portable paths and stay the same wherever the repository is checked out.
 *
 * UPDATE_GOLDEN=1 rewrites the golden files; review the diff like code before committing it.
 * A fixture may hold env.json, a flat map of variables standing for the process environment.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/cli/compile.js';
import type { Project } from '../../../src/normalize/model.js';
import { lowerEngine } from '../../../src/targets/engine/index.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const PLACEHOLDER = '${FIXTURE_DIR}';

function composeFiles(dir: string): string[] {
  const main = COMPOSE_NAMES.find((name) => existsSync(path.join(dir, name)));
  if (!main) return [];
  const override = main.replace(/\.(ya?ml)$/, '.override.$1');
  return existsSync(path.join(dir, override)) ? [main, override] : [main];
}

function readEnv(dir: string): Record<string, string> {
  const file = path.join(dir, 'env.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

/** Every string (keys included) with the fixture directory replaced by the placeholder. */
function portable<T>(value: T, dir: string): T {
  const swap = (s: string) => s.split(dir).join(PLACEHOLDER);
  if (typeof value === 'string') return swap(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => portable(v, dir)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [swap(k), portable(v, dir)])) as T;
  }
  return value;
}

const candidates = existsSync(FIXTURES)
  ? readdirSync(FIXTURES, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'invalid' && composeFiles(path.join(FIXTURES, e.name)).length > 0)
      .map((e) => e.name)
      .sort()
  : [];

function lowerFixture(name: string) {
  const dir = path.join(FIXTURES, name).replace(/\/$/, '');
  const compiled = compile({ files: composeFiles(dir), cwd: dir, env: readEnv(dir) });
  if (!compiled.project) return undefined;
  const project: Project = portable(compiled.project, dir);
  const { desired, diagnostics } = lowerEngine(project, {
    workingDir: portable(compiled.loaded.projectDirectory, dir),
    configFiles: portable([...compiled.loaded.configFiles], dir),
  });
  const warnings = diagnostics.map((d) => ({ code: d.code, path: d.path, message: d.message }));
  return { dir, output: { desired, diagnostics: warnings } };
}

describe('golden: engine lowering', () => {
  it('finds the fixtures', () => {
    expect(candidates.length).toBeGreaterThan(0);
  });

  it.each(candidates)('%s', (name) => {
    const lowered = lowerFixture(name);
    if (!lowered) return; // a fixture with compile errors has no engine golden file
    const golden = path.join(lowered.dir, 'expected', 'engine.json');
    // Through JSON so the comparison sees exactly what the file holds (no undefined members).
    const actual: unknown = JSON.parse(JSON.stringify(lowered.output));
    if (UPDATE) {
      mkdirSync(path.dirname(golden), { recursive: true });
      writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
      return;
    }
    expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
  });
});
