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
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/cli/compile.js';
import type { Project } from '../../../src/normalize/model.js';
import { lowerEngine } from '../../../src/targets/engine/index.js';
import { expectJsonGolden, fixtureEnv, fixtureFiles, fixtureNames, FIXTURES, portable } from '../../support/fixtures.js';

const candidates = fixtureNames();

function lowerFixture(name: string) {
  const dir = path.join(FIXTURES, name);
  const compiled = compile({ files: fixtureFiles(dir), cwd: dir, env: fixtureEnv(dir) });
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
    expectJsonGolden(path.join(lowered.dir, 'expected', 'engine.json'), lowered.output);
  });
});
