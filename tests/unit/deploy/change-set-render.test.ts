/**
 * The diff model (diff/change-set.ts: plans → ChangeSet) and its renderings (diff/render.ts):
 * text with one line per changed object and a unified diff for updates, JSON with a stable shape,
 * neither ever showing a masked value unless asked to.
 */
import { Chalk } from 'chalk';
import { afterAll, describe, expect, it } from 'vitest';
import { fromEnginePlan, fromSwarmPlan, hasChanges, type ChangeSet } from '../../../src/deploy/diff/change-set.js';
import { changeSetJson, renderChangeSetText, summary } from '../../../src/deploy/diff/render.js';
import { MASK } from '../../../src/deploy/diff/sensitive.js';
import type { EnginePlan } from '../../../src/deploy/engine/plan.js';
import { planSwarm, type SwarmPlan } from '../../../src/deploy/swarm/plan.js';
import type { DesiredContainer } from '../../../src/targets/engine/desired.js';
import type { ServiceSpec } from '../../../src/targets/swarm/desired.js';
import { cleanup, desiredOf, engineStored, observedOf, serviceState } from './swarm-fixtures.js';

afterAll(cleanup);

const plain = new Chalk({ level: 0 });
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

const container = (name: string) => ({ name, service: name.split('-')[1], number: 1 }) as unknown as DesiredContainer;

const ENGINE_PLAN: EnginePlan = {
  project: 'p',
  actions: [
    { kind: 'create-network', key: 'default', name: 'p_default', body: {} as never },
    { kind: 'create-volume', key: 'data', name: 'p_data', body: {} as never },
    { kind: 'pull-image', service: 'db', image: 'postgres:16' },
    { kind: 'build-image', service: 'web', image: 'p-web', build: { context: '/x', dockerfile: 'Dockerfile', args: {}, labels: {}, tags: [] } },
    { kind: 'create-container', service: 'db', container: container('p-db-1') },
    { kind: 'create-container', service: 'web', container: container('p-web-1'), replaces: { id: 'c1', reason: 'configuration changed', running: true } },
    { kind: 'start-container', service: 'cache', name: 'p-cache-1', id: 'c2' },
    { kind: 'remove-container', service: 'web', name: 'p-web-2', id: 'c3', reason: 'scale-down' },
    { kind: 'remove-container', service: 'old', name: 'p-old-1', id: 'c4', reason: 'orphan' },
  ],
  unchanged: ['p-queue-1'],
  orphans: ['p-gone-1'],
  errors: [],
  warnings: [],
};

const SPEC = { Name: 's_web' } as ServiceSpec;
const SWARM_PLAN: SwarmPlan = {
  stack: 's',
  actions: [
    { kind: 'create-network', key: 'front', name: 's_front', body: {} as never },
    { kind: 'create-object', object: 'secret', key: 'pw', name: 's_pw_0123456789', body: {} as never, source: { content: 'x' } },
    { kind: 'create-object', object: 'config', key: 'app', name: 's_app_0123456789', body: {} as never, source: { content: 'x' } },
    { kind: 'create-service', key: 'new', name: 's_new', spec: SPEC },
    { kind: 'update-service', key: 'web', name: 's_web', id: 'i1', version: 1, spec: SPEC, reason: 'drift', fields: [{ path: 'Mode.Replicated.Replicas', before: 5, after: 2 }], compared: { live: { a: 1 }, desired: { a: 2 } } },
    { kind: 'update-service', key: 'api', name: 's_api', id: 'i2', version: 1, spec: SPEC, reason: 'changed', fields: [], compared: { live: {}, desired: {} } },
    { kind: 'remove-service', name: 's_old', id: 'i3' },
    { kind: 'remove-network', name: 's_oldnet', id: 'n1' },
    { kind: 'remove-object', object: 'secret', name: 's_pw_ffffffffff', id: 'o1', reason: 'superseded' },
    { kind: 'remove-object', object: 'config', name: 's_gone_ffffffffff', id: 'o2', reason: 'pruned' },
  ],
  unchanged: ['s_db'],
  errors: [],
  warnings: [],
};

describe('fromEnginePlan', () => {
  it('maps every action kind to its object type and action', () => {
    const set = fromEnginePlan(ENGINE_PLAN);
    expect(set).toMatchObject({ target: 'engine', name: 'p' });
    expect(set.changes.map((c) => [c.type, c.name, c.action])).toEqual([
      ['network', 'p_default', 'create'],
      ['volume', 'p_data', 'create'],
      ['image', 'postgres:16', 'update'],
      ['image', 'p-web', 'update'],
      ['container', 'p-db-1', 'create'],
      ['container', 'p-web-1', 'replace'],
      ['container', 'p-cache-1', 'update'],
      ['container', 'p-web-2', 'remove'],
      ['container', 'p-old-1', 'remove'],
      ['container', 'p-queue-1', 'unchanged'],
      ['container', 'p-gone-1', 'unchanged'],
    ]);
  });

  it('gives each a reason where there is one', () => {
    const reasons = Object.fromEntries(fromEnginePlan(ENGINE_PLAN).changes.map((c) => [c.name, c.reason]));
    expect(reasons['p-web-1']).toBe('configuration changed');
    expect(reasons['postgres:16']).toMatch(/pull.*db/);
    expect(reasons['p-web']).toMatch(/build.*web/);
    expect(reasons['p-cache-1']).toMatch(/^drift/);
    expect(reasons['p-web-2']).toMatch(/scale/);
    expect(reasons['p-old-1']).toMatch(/no longer in the file/);
    expect(reasons['p-gone-1']).toMatch(/^orphan/);
    expect(reasons['p-db-1']).toBeUndefined();
  });
});

describe('fromSwarmPlan', () => {
  it('maps every action kind to its object type and action', () => {
    const set = fromSwarmPlan(SWARM_PLAN);
    expect(set).toMatchObject({ target: 'swarm', name: 's' });
    expect(set.changes.map((c) => [c.type, c.name, c.action])).toEqual([
      ['network', 's_front', 'create'],
      ['secret', 's_pw_0123456789', 'create'],
      ['config', 's_app_0123456789', 'create'],
      ['service', 's_new', 'create'],
      ['service', 's_web', 'update'],
      ['service', 's_api', 'update'],
      ['service', 's_old', 'remove'],
      ['network', 's_oldnet', 'remove'],
      ['secret', 's_pw_ffffffffff', 'remove'],
      ['config', 's_gone_ffffffffff', 'remove'],
      ['service', 's_db', 'unchanged'],
    ]);
  });

  it('updates carry the reason, the fields and the compared documents', () => {
    const byName = new Map(fromSwarmPlan(SWARM_PLAN).changes.map((c) => [c.name, c]));
    expect(byName.get('s_web')).toMatchObject({ reason: expect.stringMatching(/^drift/), fields: [{ path: 'Mode.Replicated.Replicas', before: 5, after: 2 }], before: { a: 1 }, after: { a: 2 } });
    expect(byName.get('s_api')!.reason).toMatch(/file changed/);
    expect(byName.get('s_pw_ffffffffff')!.reason).toMatch(/superseded/);
    expect(byName.get('s_gone_ffffffffff')!.reason).toMatch(/prune/);
    expect(byName.get('s_old')!.reason).toMatch(/prune/);
  });
});

describe('hasChanges', () => {
  it('is false for nothing or only unchanged objects, true otherwise', () => {
    expect(hasChanges({ target: 'swarm', name: 's', changes: [] })).toBe(false);
    expect(hasChanges(fromSwarmPlan({ stack: 's', actions: [], unchanged: ['s_a', 's_b'], errors: [], warnings: [] }))).toBe(false);
    expect(hasChanges(fromEnginePlan({ project: 'p', actions: [], unchanged: ['p-a-1'], orphans: ['p-b-1'], errors: [], warnings: [] }))).toBe(false);
    expect(hasChanges(fromSwarmPlan(SWARM_PLAN))).toBe(true);
    expect(hasChanges(fromEnginePlan(ENGINE_PLAN))).toBe(true);
    for (const action of ENGINE_PLAN.actions) expect(hasChanges(fromEnginePlan({ ...ENGINE_PLAN, actions: [action], unchanged: [], orphans: [] }))).toBe(true);
    for (const action of SWARM_PLAN.actions) expect(hasChanges(fromSwarmPlan({ ...SWARM_PLAN, actions: [action], unchanged: [] }))).toBe(true);
  });
});

const APP = `services:
  web:
    image: nginx:1.25
    environment: {DB_PASSWORD: hunter2, LOG_LEVEL: debug}
    secrets: [db_password]
    configs: [app]
    deploy: {replicas: 2}
  worker:
    image: busybox
secrets:
  db_password: {file: ./pw.txt}
configs:
  app: {content: the-config-content}
`;

/**
 * A realistic plan: s_web drifted (a secret-looking variable added by hand), s_worker changed in
 * the file, the config is a new content version, s_old is pruned.
 */
function realisticChangeSet(): ChangeSet {
  const before = desiredOf(APP, { 'pw.txt': 'pw-file-content\n' });
  const after = desiredOf(APP.replace('image: busybox', 'image: busybox:1.37'), { 'pw.txt': 'pw-file-content\n' });
  const observed = observedOf(before, (name, spec) => {
    if (name === 's_web') spec.TaskTemplate.ContainerSpec.Env.unshift('API_TOKEN=sup3rs3cret');
  });
  const old = serviceState(engineStored({ ...before.services[0]!.spec, Name: 's_old' }));
  const plan = planSwarm(after, { ...observed, services: [...observed.services, old], configs: [] }, { prune: true });
  return fromSwarmPlan(plan);
}

describe('renderChangeSetText', () => {
  it('prints a summary, then one line per changed object with its sign and reason', () => {
    const text = renderChangeSetText(realisticChangeSet(), { showSensitive: false, color: plain });
    const lines = text.split('\n');
    expect(lines[0]).toBe('stack s: 1 to create, 2 to update, 1 to remove, 0 unchanged');
    const objectLines = lines.filter((l) => /^[+~±=-] /.test(l));
    expect(objectLines).toEqual([
      '+ config s_app_aaaaaaaaaa  (new content version)',
      '- service s_old  (not in the file (--prune))',
      '~ service s_web  (drift: the live service differs from the file (changed outside stackc))',
      '~ service s_worker  (the file changed)',
    ]);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('follows each update with a unified diff hunk of the compared specs (live → file)', () => {
    const text = renderChangeSetText(realisticChangeSet(), { showSensitive: false, color: plain });
    const lines = text.split('\n');
    const web = lines.findIndex((l) => l.startsWith('~ service s_web'));
    expect(lines[web + 1]).toMatch(/^ {4}@@ -\d+,\d+ \+\d+,\d+ @@$/);
    const hunk = lines.slice(web + 1, lines.findIndex((l, i) => i > web && l.startsWith('~ service s_worker')));
    expect(hunk.filter((l) => l.startsWith('    -'))).toEqual([`    -        "API_TOKEN=${MASK}",`]);
    expect(hunk.filter((l) => l.startsWith('    +'))).toEqual([]);
    const worker = lines.findIndex((l) => l.startsWith('~ service s_worker'));
    const workerHunk = lines.slice(worker + 1).join('\n');
    expect(workerHunk).toContain('-      "Image": "busybox"');
    expect(workerHunk).toContain('+      "Image": "busybox:1.37"');
  });

  it('never contains ANSI escape codes with a level-0 chalk (and does with a coloring one)', () => {
    const set = realisticChangeSet();
    expect(renderChangeSetText(set, { showSensitive: false, color: plain })).not.toMatch(ANSI);
    expect(renderChangeSetText(set, { showSensitive: true, color: plain })).not.toMatch(ANSI);
    expect(renderChangeSetText(set, { showSensitive: false, color: new Chalk({ level: 1 }) })).toMatch(ANSI);
  });

  it('never shows a masked value or a secret/config content unless showSensitive', () => {
    const set = realisticChangeSet();
    const text = renderChangeSetText(set, { showSensitive: false, color: plain });
    const json = JSON.stringify(changeSetJson(set, false));
    for (const out of [text, json]) {
      expect(out).not.toContain('sup3rs3cret');
      expect(out).not.toContain('hunter2');
      expect(out).not.toContain('pw-file-content');
      expect(out).not.toContain('the-config-content');
    }
    expect(text).toContain(`API_TOKEN=${MASK}`);
    expect(json).toContain(`API_TOKEN=${MASK}`);
    const shown = renderChangeSetText(set, { showSensitive: true, color: plain });
    expect(shown).toContain('API_TOKEN=sup3rs3cret');
    expect(JSON.stringify(changeSetJson(set, true))).toContain('API_TOKEN=sup3rs3cret');
    // Contents never reach a diff, even when asked for sensitive values.
    expect(shown).not.toContain('the-config-content');
    expect(shown).not.toContain('pw-file-content');
  });

  it('an unchanged stack prints "no changes"', () => {
    const desired = desiredOf(APP, { 'pw.txt': 'x' });
    const set = fromSwarmPlan(planSwarm(desired, observedOf(desired)));
    expect(hasChanges(set)).toBe(false);
    expect(renderChangeSetText(set, { showSensitive: false, color: plain })).toBe('stack s: no changes (2 unchanged)\n');
    expect(summary(set)).toBe('no changes (2 unchanged)');
  });

  it('names an engine project as a project', () => {
    const text = renderChangeSetText(fromEnginePlan(ENGINE_PLAN), { showSensitive: false, color: plain });
    expect(text.split('\n')[0]).toBe('project p: 3 to create, 3 to update, 1 to replace, 2 to remove, 2 unchanged');
    expect(text).toContain('± container p-web-1  (configuration changed)');
    expect(text).not.toContain('p-queue-1');
  });
});

describe('changeSetJson', () => {
  const keys = (o: object) => Object.keys(o).sort();

  it('has a stable shape: the same key sets for every object and field', () => {
    for (const set of [realisticChangeSet(), fromEnginePlan(ENGINE_PLAN), fromSwarmPlan(SWARM_PLAN)]) {
      const json = changeSetJson(set, false) as { changes: { fields: object[] }[]; summary: object };
      expect(keys(json)).toEqual(['changes', 'name', 'summary', 'target']);
      expect(keys(json.summary)).toEqual(['create', 'remove', 'replace', 'unchanged', 'update']);
      for (const c of json.changes) {
        expect(keys(c)).toEqual(['action', 'fields', 'name', 'reason', 'type']);
        for (const f of c.fields) expect(keys(f)).toEqual(['after', 'before', 'path']);
      }
      // Plain JSON: survives a round trip unchanged (no undefined, no class instances).
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    }
  });

  it('uses null for a missing reason, before or after, and sorts objects by type then name', () => {
    const json = changeSetJson(fromSwarmPlan(SWARM_PLAN), false) as { changes: { type: string; name: string; reason: unknown }[]; summary: Record<string, number> };
    expect(json.changes.map((c) => `${c.type} ${c.name}`)).toEqual([...json.changes.map((c) => `${c.type} ${c.name}`)].sort());
    expect(json.changes.find((c) => c.name === 's_front')!.reason).toBeNull();
    expect(json.summary).toEqual({ create: 4, update: 2, replace: 0, remove: 4, unchanged: 1 });
    const web = changeSetJson(realisticChangeSet(), false) as { changes: { name: string; fields: { path: string; before: unknown; after: unknown }[] }[] };
    const fields = web.changes.find((c) => c.name === 's_web')!.fields;
    expect(fields).toEqual([
      { path: 'TaskTemplate.ContainerSpec.Env[0]', before: `API_TOKEN=${MASK}`, after: `DB_PASSWORD=${MASK}` },
      { path: 'TaskTemplate.ContainerSpec.Env[1]', before: `DB_PASSWORD=${MASK}`, after: 'LOG_LEVEL=debug' },
      { path: 'TaskTemplate.ContainerSpec.Env[2]', before: 'LOG_LEVEL=debug', after: null },
    ]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(changeSetJson(realisticChangeSet(), false))).toBe(JSON.stringify(changeSetJson(realisticChangeSet(), false)));
  });
});
