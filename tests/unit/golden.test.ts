/**
 * Golden tests: every fixtures/<system>/ folder with expected/config.yaml is compiled as
 * `stackc config` would compile it there, and the output is compared structurally (both sides
 * parsed as YAML) with the golden file. Absolute paths are written as ${FIXTURE_DIR} and ${HOME}
 * so the files are portable.
 *
 * UPDATE_GOLDEN=1 (npm run golden:update) rewrites the golden files instead, for every fixture
 * folder with a compose file; review the diff like code before committing it.
 *
 * A fixture may hold env.json, a flat map of variables standing for the process environment.
 *
 * The output of `config` must itself be a compose file that compiles to the same output (it is
 * what users feed to other tools), so each fixture's output is also compiled a second time.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compile } from '../../src/cli/compile.js';
import { toCompose } from '../../src/normalize/to-compose.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The compose file and its override, as `stackc config` finds them in that directory. */
function composeFiles(dir: string): string[] {
  const main = COMPOSE_NAMES.find((name) => existsSync(path.join(dir, name)));
  if (!main) return [];
  const override = main.replace(/\.(ya?ml)$/, '.override.$1');
  return existsSync(path.join(dir, override)) ? [main, override] : [main];
}

const fixtures = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'invalid')
  .map((e) => e.name)
  .filter((name) => {
    const dir = path.join(FIXTURES, name);
    return UPDATE ? composeFiles(dir).length > 0 : existsSync(path.join(dir, 'expected', 'config.yaml'));
  })
  .sort();

function readEnv(dir: string): Record<string, string> {
  const file = path.join(dir, 'env.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

/** Every string with the fixture directory and the home directory replaced by placeholders. */
function portable(value: unknown, dir: string): unknown {
  if (typeof value === 'string') {
    const home = homedir();
    let out = value.split(dir).join('${FIXTURE_DIR}');
    if (home && home !== '/') out = out.split(home).join('${HOME}');
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => portable(v, dir));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, portable(v, dir)]));
  }
  return value;
}

/** What `stackc config` prints, with portable paths. */
function render(doc: unknown): string {
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

function compileFixture(name: string) {
  const dir = path.join(FIXTURES, name);
  return { dir, result: compile({ files: composeFiles(dir), cwd: dir, env: readEnv(dir) }) };
}

function errorsOf(result: ReturnType<typeof compile>, dir: string): string[] {
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.span ? `${path.relative(dir, d.span.file)}:${d.span.line}:${d.span.col}` : ''} ${d.message}`);
}

describe('golden: stackc config', () => {
  it('finds the fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
  });

  it.each(fixtures)('%s', (name) => {
    const { dir, result } = compileFixture(name);
    expect(errorsOf(result, dir), 'a valid fixture must compile without errors').toEqual([]);
    expect(result.project).toBeDefined();
    // Round-trip through YAML so the comparison sees exactly what `stackc config` prints.
    const text = render(portable(toCompose(result.project!), dir.replace(/\/$/, '')));
    const golden = path.join(dir, 'expected', 'config.yaml');
    if (UPDATE) {
      mkdirSync(path.dirname(golden), { recursive: true });
      writeFileSync(golden, text);
      return;
    }
    expect(parse(text)).toEqual(parse(readFileSync(golden, 'utf8')));
  });

  it.each(UPDATE ? [] : fixtures)('%s: the output of config compiles to itself', (name) => {
    const { dir, result } = compileFixture(name);
    if (!result.project) return expect.fail('the fixture does not compile');
    const first = render(toCompose(result.project));
    const tmp = mkdtempSync(path.join(tmpdir(), 'stackc-golden-'));
    try {
      writeFileSync(path.join(tmp, 'compose.yaml'), first);
      const again = compile({ files: ['compose.yaml'], cwd: tmp, env: {} });
      expect(errorsOf(again, tmp), `config output of ${name} must be a valid compose file`).toEqual([]);
      expect(again.diagnostics.map((d) => `${d.code} ${d.message}`), 'and compile without warnings').toEqual([]);
      if (!again.project) return;
      expect(parse(render(toCompose(again.project)))).toEqual(parse(first));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
