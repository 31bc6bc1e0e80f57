/**
 * Golden tests for the swarm lowering: every fixtures/<system>/ folder with a compose file that
 * compiles without errors is lowered as `stackc deploy` would lower it (stack name = project
 * name), and the result (desired state + diagnostics) is compared structurally with
 * fixtures/<system>/expected/swarm.json.
 *
 * Absolute paths under the fixture are written as ${FIXTURE_DIR} (substituted in the Project
 * before lowering). Secret and config names carry the digest of their real content: the test
 * plays deploy's part and reads the fixture's files and variables for `contentDigest`.
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
import { digestContent, lowerSwarm, type ContentSource } from '../../../src/targets/swarm/index.js';

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

/** What deploy does before lowering: read each content source and hash it. */
function fixtureDigest(dir: string, variables: Readonly<Record<string, string>>) {
  return (source: ContentSource): string => {
    if ('file' in source) return digestContent(readFileSync(source.file.split(PLACEHOLDER).join(dir)));
    if ('environment' in source) return digestContent(variables[source.environment] ?? '');
    return digestContent(source.content);
  };
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
  const { desired, diagnostics } = lowerSwarm(project, { stack: project.name, contentDigest: fixtureDigest(dir, compiled.loaded.variables) });
  const warnings = diagnostics.map((d) => ({ code: d.code, path: d.path, message: d.message }));
  return { dir, output: { desired, diagnostics: warnings } };
}

describe('golden: swarm lowering', () => {
  it('finds the fixtures', () => {
    expect(candidates.length).toBeGreaterThan(0);
  });

  it.each(candidates)('%s', (name) => {
    const lowered = lowerFixture(name);
    if (!lowered) return; // a fixture with compile errors has no swarm golden file
    const golden = path.join(lowered.dir, 'expected', 'swarm.json');
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
