/**
 * Golden plan tests against observed states recorded from a real engine
 * (fixtures/<system>/expected/observed-swarm.json, written by `npm run golden:record`).
 *
 * 1. Every fixture with a recording plans to no changes against it, even with --prune: the
 *    normalization rules (src/deploy/diff/swarm-spec-rules.ts) account for everything the engine
 *    fills in or rewrites in what it was sent, as that engine actually stored it. And each rule
 *    has something to rewrite there (or in an edit below), so none is untested against real data.
 * 2. For a few fixtures, named edits of the recording (observed-mutations.ts: drift by hand,
 *    missing and extra objects, engine-side rewrites) give plans rendered as `stackc diff` prints
 *    them, compared with fixtures/<system>/expected/plans/<edit>.txt. UPDATE_GOLDEN=1 rewrites
 *    those; review the diff like code.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { fromSwarmPlan } from '../../../src/deploy/diff/change-set.js';
import { renderChangeSetText } from '../../../src/deploy/diff/render.js';
import { SWARM_SPEC_RULES } from '../../../src/deploy/diff/swarm-spec-rules.js';
import { planSwarm, SPEC_HASH_LABEL, type SwarmPlan } from '../../../src/deploy/swarm/plan.js';
import { expectTextGolden, fixtureNames } from '../../support/fixtures.js';
import { observedFromRecording, readRecording, RECORDING } from '../../support/observed-recording.js';
import { lowerFixtureForSwarm } from '../../support/swarm-lowering.js';
import { MUTATIONS, type Mutation } from './observed-mutations.js';

/** The fixtures whose edited recordings have golden plans: secrets, and everything at once. */
const MUTATED = ['05-wordpress-swarm-secrets', '11-kitchen-sink'];

const recorded = fixtureNames((dir) => existsSync(path.join(dir, RECORDING)));

/** The fixture's desired state for the recorded stack, and the recording. */
function load(name: string) {
  const lowered = lowerFixtureForSwarm(name, 'golden');
  if (!lowered) throw new Error(`${name} has a recording but does not compile`);
  const recording = readRecording(lowered.dir)!;
  expect(recording.stack, 'the recorder deploys every fixture as stack golden').toBe('golden');
  return { dir: lowered.dir, recording, desired: lowered.desired };
}

/** What `stackc diff` prints for the plan, without colour and with sensitive values masked. */
function render(plan: SwarmPlan): string {
  const errors = plan.errors.map((e) => `error: ${e}\n`).join('');
  return errors + renderChangeSetText(fromSwarmPlan(plan), { showSensitive: false, color: new Chalk({ level: 0 }) });
}

describe('golden plans: recorded observed states', () => {
  it('finds the recordings', () => {
    expect(recorded).toEqual(expect.arrayContaining(MUTATED));
  });

  it.each(recorded)('%s: the recorded deploy plans to no changes', (name) => {
    const { recording, desired } = load(name);
    const plan = planSwarm(desired, observedFromRecording(recording, desired), { prune: true });
    expect(plan.errors).toEqual([]);
    // The networks as a real engine reports them (allocated pools, VXLAN ids, unreported options) are as the file says.
    expect(plan.warnings).toEqual([]);
    expect(plan.actions.map((a) => (a.kind === 'update-service' ? { name: a.name, fields: a.fields } : { kind: a.kind, name: a.name }))).toEqual([]);
    expect(plan.unchanged).toEqual(desired.services.map((s) => s.name).sort());
  });

  it('every normalization rule rewrites something in a recorded state or an edit of one', () => {
    const states = recorded.flatMap((name) => {
      const { recording, desired } = load(name);
      const edited = (MUTATED.includes(name) ? MUTATIONS : []).flatMap((m) => {
        const state = structuredClone(recording);
        return m.apply(state, desired) !== undefined ? [state] : [];
      });
      return [recording, ...edited].map((state) => ({ observed: observedFromRecording(state, desired), desired }));
    });
    const used = new Set<string>();
    for (const { observed, desired } of states) {
      const ctx = { networkNames: new Map(observed.networks.map((n) => [n.id, n.name])), ignoredLabels: [SPEC_HASH_LABEL] };
      for (const live of observed.services) {
        const wanted = desired.services.find((d) => d.name === live.name);
        if (!wanted) continue;
        const [l, d] = structuredClone([live.spec, wanted.spec] as unknown[]) as Record<string, unknown>[];
        for (const rule of SWARM_SPEC_RULES) {
          const before = JSON.stringify([l, d]);
          rule.apply(l!, d!, ctx);
          if (JSON.stringify([l, d]) !== before) used.add(rule.name);
        }
      }
    }
    expect(SWARM_SPEC_RULES.map((r) => r.name).filter((name) => !used.has(name))).toEqual([]);
  });

  it('every edit applies to some fixture', () => {
    const applies = (m: Mutation, name: string) => {
      const { recording, desired } = load(name);
      return m.apply(structuredClone(recording), desired) !== undefined;
    };
    const unused = MUTATIONS.filter((m) => !MUTATED.some((name) => applies(m, name)));
    expect(unused.map((m) => m.name)).toEqual([]);
  });

  describe.each(MUTATED)('%s', (name) => {
    it.each(MUTATIONS.map((m) => [m.name, m] as const))('%s', (_, mutation) => {
      const { dir, recording, desired } = load(name);
      const state = structuredClone(recording);
      const options = mutation.apply(state, desired);
      if (!options) return; // nothing of the kind in this fixture
      const plan = planSwarm(desired, observedFromRecording(state, desired), options);
      expectTextGolden(path.join(dir, 'expected', 'plans', `${mutation.name}.txt`), render(plan));
    });
  });
});
