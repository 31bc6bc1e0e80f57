/**
 * Golden tests for the swarm lowering: every fixtures/<system>/ folder with a compose file that
 * compiles without errors is lowered as `stackc deploy` would lower it (stack name = project
 * name), and the result (desired state + diagnostics) is compared structurally with
 * fixtures/<system>/expected/swarm.json.
 *
 * Absolute paths under the fixture are written as ${FIXTURE_DIR} (substituted in the Project
 * before lowering). Secret and config names carry the digest of their real content: the test
 * plays deploy's part and reads the fixture's files and variables for `contentDigest`. Bind
 * sources count as present (no W0703), so the golden files do not depend on this machine's paths.
 *
 * UPDATE_GOLDEN=1 rewrites the golden files; review the diff like code before committing it.
 * A fixture may hold env.json, a flat map of variables standing for the process environment.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/cli/compile.js';
import type { Project } from '../../../src/normalize/model.js';
import { digestContent, lowerSwarm, type ContentSource } from '../../../src/targets/swarm/index.js';
import { expectJsonGolden, fixtureEnv, fixtureFiles, fixtureNames, FIXTURES, PLACEHOLDER, portable } from '../../support/fixtures.js';

/** What deploy does before lowering: read each content source and hash it. */
function fixtureDigest(dir: string, variables: Readonly<Record<string, string>>) {
  return (source: ContentSource): string => {
    if ('file' in source) return digestContent(readFileSync(source.file.split(PLACEHOLDER).join(dir)));
    if ('environment' in source) return digestContent(variables[source.environment] ?? '');
    return digestContent(source.content);
  };
}

const candidates = fixtureNames();

function lowerFixture(name: string) {
  const dir = path.join(FIXTURES, name);
  const compiled = compile({ files: fixtureFiles(dir), cwd: dir, env: fixtureEnv(dir) });
  if (!compiled.project) return undefined;
  const project: Project = portable(compiled.project, dir);
  const { desired, diagnostics } = lowerSwarm(project, { stack: project.name, contentDigest: fixtureDigest(dir, compiled.loaded.variables), missingBindSources: new Set() });
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
    expectJsonGolden(path.join(lowered.dir, 'expected', 'swarm.json'), lowered.output);
  });
});
