import { afterAll, describe, expect, it } from 'vitest';
import { applyEngine } from '../../../src/deploy/engine/apply.js';
import { observeEngine } from '../../../src/deploy/engine/observe.js';
import { planEngine, type PlanOptions } from '../../../src/deploy/engine/plan.js';
import { desiredOf, removeDesiredDirs } from './engine-desired.js';
import { fakeEngine, type FakeEngine } from './fake-engine.js';

afterAll(removeDesiredDirs);

async function up(engine: FakeEngine, compose: string, options: PlanOptions = {}, scale: Record<string, number> = {}) {
  const desired = desiredOf(compose, scale);
  const plan = planEngine(desired, await observeEngine(engine, desired), options);
  engine.calls.length = 0;
  await applyEngine(engine, desired, plan, { onEvent: () => undefined, pollMs: 1 });
  return plan;
}

const APP = `services:
  db:
    image: db:1
    healthcheck: {test: ["CMD", "true"], interval: 1s}
  web:
    image: web:1
    environment: {MODE: a}
    depends_on:
      db: {condition: service_healthy}
volumes:
  data: {}
`;

describe('planEngine + applyEngine', () => {
  it('creates networks and volumes first, then services in dependency order', async () => {
    const engine = fakeEngine(['db:1', 'web:1']);
    await up(engine, APP);
    const writes = engine.writes();
    expect(writes.slice(0, 2)).toEqual(['create network p_default', 'create volume p_data']);
    expect(writes.indexOf('start container p-db-1')).toBeLessThan(writes.indexOf('create container p-web-1'));
  });

  it('plans nothing for an unchanged project, and applying it writes nothing', async () => {
    const engine = fakeEngine(['db:1', 'web:1']);
    await up(engine, APP);
    const plan = await up(engine, APP);
    expect(plan.actions).toEqual([]);
    expect(engine.writes()).toEqual([]);
    expect(plan.unchanged).toEqual(['p-db-1', 'p-web-1']);
  });

  it('recreates only the service whose configuration changed', async () => {
    const engine = fakeEngine(['db:1', 'web:1']);
    await up(engine, APP);
    const plan = await up(engine, APP.replace('MODE: a', 'MODE: b'));
    expect(plan.actions.map((a) => [a.kind, 'replaces' in a && a.replaces ? 'replace' : ''])).toEqual([['create-container', 'replace']]);
    expect(engine.writes()).toEqual(['stop container p-web-1', 'remove container p-web-1', 'create container p-web-1', 'start container p-web-1']);
  });

  it('starts a stopped container instead of recreating it', async () => {
    const engine = fakeEngine(['db:1', 'web:1']);
    await up(engine, APP);
    await engine.stopContainer(engine.containers.find((c) => c.name === 'p-web-1')!.id);
    await up(engine, APP);
    expect(engine.writes()).toEqual(['start container p-web-1']);
  });

  it('scales up by adding numbers and down by removing the highest', async () => {
    const engine = fakeEngine(['db:1', 'web:1']);
    await up(engine, APP, {}, { web: 3 });
    expect(engine.containers.map((c) => c.name).sort()).toEqual(['p-db-1', 'p-web-1', 'p-web-2', 'p-web-3']);
    await up(engine, APP, {}, { web: 1 });
    expect(engine.writes()).toEqual(['stop container p-web-2', 'remove container p-web-2', 'stop container p-web-3', 'remove container p-web-3']);
  });

  it('reports orphans and removes them only with removeOrphans', async () => {
    const engine = fakeEngine(['db:1', 'web:1']);
    await up(engine, APP);
    const withoutWeb = 'services:\n  db:\n    image: db:1\n    healthcheck: {test: ["CMD", "true"], interval: 1s}\nvolumes:\n  data: {}\n';
    const kept = await up(engine, withoutWeb);
    expect(kept.orphans).toEqual(['p-web-1']);
    expect(engine.writes()).toEqual([]);
    await up(engine, withoutWeb, { removeOrphans: true });
    expect(engine.writes()).toEqual(['stop container p-web-1', 'remove container p-web-1']);
  });

  it('pulls missing images and honours --pull never and --force-recreate', async () => {
    const engine = fakeEngine(['db:1']);
    const missing = desiredOf(APP);
    const plan = planEngine(missing, await observeEngine(engine, missing), {});
    expect(plan.actions.filter((a) => a.kind === 'pull-image').map((a) => a.kind === 'pull-image' && a.image)).toEqual(['web:1']);
    expect(planEngine(missing, await observeEngine(engine, missing), { pull: 'never' }).actions.some((a) => a.kind === 'pull-image')).toBe(false);
    await up(engine, APP);
    const forced = await up(engine, APP, { forceRecreate: true });
    expect(forced.actions.filter((a) => a.kind === 'create-container')).toHaveLength(2);
  });

  it('brings up only the named services and their dependencies', async () => {
    const engine = fakeEngine(['db:1', 'web:1', 'tool:1']);
    const withTool = APP.replace('  web:', '  tool:\n    image: tool:1\n  web:');
    const plan = await up(engine, withTool, { services: ['web'] });
    const created = plan.actions.filter((a) => a.kind === 'create-container').map((a) => a.kind === 'create-container' && a.container.name);
    expect(created.sort()).toEqual(['p-db-1', 'p-web-1']);
  });

  it('fails when an external network is missing, before any write', async () => {
    const engine = fakeEngine(['web:1']);
    const desired = desiredOf('services:\n  web:\n    image: web:1\n    networks: [shared]\nnetworks:\n  shared: {external: true}\n');
    const plan = planEngine(desired, await observeEngine(engine, desired));
    expect(plan.errors).toHaveLength(1);
    expect(engine.writes()).toEqual([]);
  });
});
