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
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile } from '../../src/cli/compile.js';
import { toYaml } from '../../src/cli/yaml-emit.js';
import type { JsonValue } from '../../src/parse/json.js';
import { toCompose } from '../../src/normalize/to-compose.js';
import { fixtureEnv, fixtureFiles, fixtureNames, FIXTURES, portable, UPDATE } from '../support/fixtures.js';

const fixtures = fixtureNames((dir) => UPDATE || existsSync(path.join(dir, 'expected', 'config.yaml')));

/** What `stackc config` prints: the same writer the command uses. */
function render(doc: JsonValue): string {
  return toYaml(doc);
}

function compileFixture(name: string) {
  const dir = path.join(FIXTURES, name);
  return { dir, result: compile({ files: fixtureFiles(dir), cwd: dir, env: fixtureEnv(dir) }) };
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
    const text = render(portable(toCompose(result.project!), dir, { home: true }));
    const golden = path.join(dir, 'expected', 'config.yaml');
    if (UPDATE) {
      mkdirSync(path.dirname(golden), { recursive: true });
      writeFileSync(golden, text);
      return;
    }
    expect(parse(text)).toEqual(parse(readFileSync(golden, 'utf8')));
  });

  it.each(UPDATE ? [] : fixtures)('%s: the output of config compiles to itself', (name) => {
    const { result } = compileFixture(name);
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
