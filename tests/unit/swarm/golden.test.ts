/**
 * Golden tests for the swarm lowering: every fixtures/<system>/ folder with a compose file that
 * compiles without errors is lowered as `stackc deploy` would lower it (stack name = project
 * name; see tests/support/swarm-lowering.ts for paths and content digests), and the result
 * (desired state + diagnostics) is compared structurally with fixtures/<system>/expected/swarm.json.
 *
 * UPDATE_GOLDEN=1 rewrites the golden files; review the diff like code before committing it.
 * A fixture may hold env.json, a flat map of variables standing for the process environment.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectJsonGolden, fixtureNames } from '../../support/fixtures.js';
import { lowerFixtureForSwarm } from '../../support/swarm-lowering.js';

const candidates = fixtureNames();

describe('golden: swarm lowering', () => {
  it('finds the fixtures', () => {
    expect(candidates.length).toBeGreaterThan(0);
  });

  it.each(candidates)('%s', (name) => {
    const lowered = lowerFixtureForSwarm(name);
    if (!lowered) return; // a fixture with compile errors has no swarm golden file
    const diagnostics = lowered.diagnostics.map((d) => ({ code: d.code, path: d.path, message: d.message }));
    expectJsonGolden(path.join(lowered.dir, 'expected', 'swarm.json'), { desired: lowered.desired, diagnostics });
  });
});
