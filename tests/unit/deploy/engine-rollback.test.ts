import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/deploy/engine-api.js';
import { applyEngine, ApplyError } from '../../../src/deploy/engine/apply.js';
import { DependencyError, InterruptedError } from '../../../src/deploy/engine/conditions.js';
import { observeEngine } from '../../../src/deploy/engine/observe.js';
import { planEngine, type PlanOptions } from '../../../src/deploy/engine/plan.js';
import { applyOrRollBack, type Outcome } from '../../../src/deploy/engine/rollback.js';
import { fromEnginePlan } from '../../../src/deploy/diff/change-set.js';
import { renderEnginePlan } from '../../../src/deploy/engine/render-plan.js';
import { desiredOf, removeDesiredDirs } from './engine-desired.js';
import { fakeEngine, type FakeEngine } from './fake-engine.js';

afterAll(removeDesiredDirs);

const APP = `services:
  db:
    image: img:1
    environment: {DB: a}
    healthcheck: {test: ["CMD", "true"], interval: 1s}
  web:
    image: img:1
    environment: {WEB: a}
    depends_on:
      db: {condition: service_healthy}
`;

const quiet = { onEvent: () => undefined, pollMs: 1, waitTimeoutMs: 1000 };

async function plan(engine: FakeEngine, compose: string, options: PlanOptions = {}, scale: Record<string, number> = {}) {
  const desired = desiredOf(compose, scale);
  return { desired, plan: planEngine(desired, await observeEngine(engine, desired), options) };
}

/** A plain `up` of `compose`, then the calls cleared: the state a rollback must return to. */
async function upPlain(engine: FakeEngine, compose: string, scale: Record<string, number> = {}) {
  const { desired, plan: p } = await plan(engine, compose, {}, scale);
  await applyEngine(engine, desired, p, quiet);
  engine.calls.length = 0;
}

async function upWithRollback(engine: FakeEngine, compose: string, options: { converge?: () => Promise<void>; scale?: Record<string, number> } = {}): Promise<Outcome> {
  const { desired, plan: p } = await plan(engine, compose, {}, options.scale);
  engine.calls.length = 0;
  return applyOrRollBack(engine, desired, p, { ...quiet, ...(options.converge ? { converge: options.converge } : {}) });
}

const snapshot = (engine: FakeEngine) => engine.containers.map((c) => ({ id: c.id, name: c.name, state: c.state, hash: c.labels['com.docker.compose.config-hash'] })).sort((a, b) => a.name.localeCompare(b.name));

describe('up --rollback-on-failure', () => {
  it('an interrupt (Ctrl-C) stops the run before its next step and undoes what it did', async () => {
    const engine = fakeEngine(['img:1']);
    await upPlain(engine, APP);
    const before = snapshot(engine);
    const interrupt = new AbortController();
    // Ctrl-C as soon as the new db container runs: web, which waits for db, must not be touched.
    engine.onStart = (c) => {
      if (c.name === 'p-db-1') interrupt.abort();
    };
    const { desired, plan: p } = await plan(engine, APP.replace('DB: a', 'DB: b').replace('WEB: a', 'WEB: b'));
    engine.calls.length = 0;
    const outcome = await applyOrRollBack(engine, desired, p, { ...quiet, interrupt: interrupt.signal });
    expect(outcome.failed && outcome.error).toBeInstanceOf(InterruptedError);
    expect(outcome.failed && outcome.rollback).toEqual({ removed: ['p-db-1'], restored: ['p-db-1'], failures: [] });
    expect(engine.writes().some((w) => w.includes('p-web-1'))).toBe(false);
    expect(snapshot(engine)).toEqual(before);
  });

  it('sets the replaced container aside and removes it only once the up succeeded', async () => {
    const engine = fakeEngine(['img:1']);
    await upPlain(engine, APP);
    const outcome = await upWithRollback(engine, APP.replace('WEB: a', 'WEB: b'));
    expect(outcome.failed).toBe(false);
    expect(engine.writes()).toEqual([
      'stop container p-web-1',
      'rename container p-web-1 p-web-1-stackc-replaced',
      'create container p-web-1',
      'start container p-web-1',
      'remove container p-web-1-stackc-replaced',
    ]);
    expect(engine.containers.map((c) => c.name).sort()).toEqual(['p-db-1', 'p-web-1']);
  });

  it('removes what it created and renames the old container back when a start fails', async () => {
    const engine = fakeEngine(['img:1']);
    await upPlain(engine, APP);
    const before = snapshot(engine);
    engine.onStart = (c) => {
      if (c.name === 'p-web-1' && c.state === 'created') throw new EngineError('driver failed programming external connectivity', 500);
    };
    const outcome = await upWithRollback(engine, APP.replace('WEB: a', 'WEB: b'));
    expect(outcome.failed && outcome.error).toBeInstanceOf(ApplyError);
    expect(outcome.failed && outcome.rollback).toEqual({ removed: ['p-web-1'], restored: ['p-web-1'], failures: [] });
    const writes = engine.writes();
    expect(writes.slice(writes.indexOf('start container p-web-1') + 1)).toEqual([
      'stop container p-web-1',
      'remove container p-web-1',
      'rename container p-web-1-stackc-replaced p-web-1',
      'start container p-web-1',
    ]);
    expect(snapshot(engine)).toEqual(before.map((c) => ({ ...c, state: 'running' })));
  });

  it('rolls back every service of the run when a dependency turns unhealthy, dependents first', async () => {
    const engine = fakeEngine(['img:1']);
    await upPlain(engine, APP);
    const before = snapshot(engine);
    engine.onStart = (c) => {
      if (c.name === 'p-db-1' && c.labels['com.docker.compose.config-hash'] !== before[0]!.hash) c.health = 'unhealthy';
    };
    const changed = `${APP.replace('DB: a', 'DB: b').replace('WEB: a', 'WEB: b')}  extra:\n    image: img:1\n`;
    const outcome = await upWithRollback(engine, changed);
    expect(outcome.failed && outcome.error).toBeInstanceOf(DependencyError);
    // web waited on db and was never touched; extra (independent) was created and goes again.
    if (!outcome.failed) throw new Error('expected a failure');
    expect([...outcome.rollback.removed].sort()).toEqual(['p-db-1', 'p-extra-1']);
    expect(outcome.rollback.restored).toEqual(['p-db-1']);
    // New containers go before the old ones come back (they hold the names and ports).
    const writes = engine.writes();
    expect(writes.lastIndexOf('remove container p-extra-1')).toBeLessThan(writes.indexOf('rename container p-db-1-stackc-replaced p-db-1'));
    expect(writes).not.toContain('stop container p-web-1');
    expect(snapshot(engine)).toEqual(before);
  });

  it('rolls back when --wait finds a container unhealthy, and leaves a stopped one stopped', async () => {
    const engine = fakeEngine(['img:1']);
    await upPlain(engine, APP);
    await engine.stopContainer(engine.containers.find((c) => c.name === 'p-web-1')!.id);
    const before = snapshot(engine);
    engine.calls.length = 0;
    const outcome = await upWithRollback(engine, APP.replace('WEB: a', 'WEB: b'), {
      converge: async () => {
        throw new DependencyError('dependency web is unhealthy (container p-web-1)');
      },
    });
    expect(outcome.failed && outcome.rollback.restored).toEqual(['p-web-1']);
    expect(engine.writes().slice(-3)).toEqual(['stop container p-web-1', 'remove container p-web-1', 'rename container p-web-1-stackc-replaced p-web-1']);
    expect(snapshot(engine)).toEqual(before);
  });

  it('holds scale-down removals back until the up succeeded', async () => {
    const engine = fakeEngine(['img:1']);
    await upPlain(engine, APP, { web: 3 });
    engine.onStart = () => {
      throw new EngineError('no', 500);
    };
    const failed = await upWithRollback(engine, APP.replace('DB: a', 'DB: b'), { scale: { web: 1 } });
    expect(failed.failed).toBe(true);
    expect(engine.containers.map((c) => c.name).sort()).toEqual(['p-db-1', 'p-web-1', 'p-web-2', 'p-web-3']);
    engine.onStart = undefined;
    const ok = await upWithRollback(engine, APP.replace('DB: a', 'DB: b'), { scale: { web: 1 } });
    expect(ok.failed).toBe(false);
    expect(engine.writes().slice(-5)).toEqual([
      'remove container p-db-1-stackc-replaced',
      'stop container p-web-2',
      'remove container p-web-2',
      'stop container p-web-3',
      'remove container p-web-3',
    ]);
  });

  it('reports a rollback step that fails and carries on with the others', async () => {
    const engine = fakeEngine(['img:1']);
    await upPlain(engine, APP);
    engine.onStart = (c) => {
      if (c.state === 'created') throw new EngineError('no', 500);
    };
    const rename = engine.renameContainer;
    engine.renameContainer = async (id, name) => {
      if (!name.endsWith('-stackc-replaced')) throw new EngineError('engine went away', 500);
      return rename(id, name);
    };
    const outcome = await upWithRollback(engine, APP.replace('DB: a', 'DB: b'));
    expect(outcome.failed && outcome.rollback).toEqual({ removed: ['p-db-1'], restored: [], failures: ['p-db-1: engine went away'] });
  });
});

describe('leftovers of an interrupted up', () => {
  /** A project up, then what a run killed after setting p-web-1 aside (and maybe creating its replacement) leaves. */
  async function interrupted(createReplacement: boolean) {
    const engine = fakeEngine(['img:1']);
    await upPlain(engine, APP);
    const old = engine.containers.find((c) => c.name === 'p-web-1')!;
    await engine.stopContainer(old.id);
    await engine.renameContainer(old.id, 'p-web-1-stackc-replaced');
    if (createReplacement) {
      const { plan: p } = await plan(engine, APP.replace('WEB: a', 'WEB: b'));
      const create = p.actions.find((a) => a.kind === 'create-container')!;
      if (create.kind === 'create-container') await engine.createContainer(create.container.name, create.container.create);
    }
    engine.calls.length = 0;
    return { engine, old };
  }

  it('renames a leftover back when its replacement was never created, then plans on it', async () => {
    const { engine, old } = await interrupted(false);
    const same = await plan(engine, APP);
    expect(same.plan.actions.map((a) => a.kind)).toEqual(['restore-replaced', 'start-container']);
    await applyEngine(engine, same.desired, same.plan, quiet);
    expect(engine.writes()).toEqual(['rename container p-web-1-stackc-replaced p-web-1', 'start container p-web-1']);
    expect(engine.containers.find((c) => c.name === 'p-web-1')?.id).toBe(old.id);
  });

  it('renames it back before replacing it when the file changed', async () => {
    const { engine } = await interrupted(false);
    const changed = await plan(engine, APP.replace('WEB: a', 'WEB: b'));
    expect(changed.plan.actions.map((a) => a.kind)).toEqual(['restore-replaced', 'create-container']);
    await applyEngine(engine, changed.desired, changed.plan, quiet);
    expect(engine.containers.map((c) => c.name).sort()).toEqual(['p-db-1', 'p-web-1']);
  });

  it('removes a leftover whose replacement exists first, and recreates a never-started replacement', async () => {
    const { engine } = await interrupted(true);
    const { desired, plan: p } = await plan(engine, APP.replace('WEB: a', 'WEB: b'));
    expect(p.actions.map((a) => [a.kind, a.kind === 'create-container' ? a.replaces?.reason : 'service' in a ? a.service : undefined])).toEqual([
      ['remove-replaced', 'web'],
      ['create-container', 'never started (left by an interrupted or failed up)'],
    ]);
    // With the flag the replacement is set aside under the name the leftover had: freed first.
    const outcome = await applyOrRollBack(engine, desired, p, quiet);
    expect(outcome.failed).toBe(false);
    expect(engine.writes().slice(0, 2)).toEqual(['stop container p-web-1-stackc-replaced', 'remove container p-web-1-stackc-replaced']);
    expect(engine.containers.map((c) => `${c.name} ${c.state}`).sort()).toEqual(['p-db-1 running', 'p-web-1 running']);
  });

  it('shows leftovers in the plan text and the change set with their reason', async () => {
    const { engine } = await interrupted(true);
    const { plan: p } = await plan(engine, APP.replace('WEB: a', 'WEB: b'));
    expect(renderEnginePlan(p)).toContain('- container p-web-1-stackc-replaced (left by an interrupted up; p-web-1 replaced it)');
    expect(fromEnginePlan(p).changes[0]).toMatchObject({ type: 'container', name: 'p-web-1-stackc-replaced', action: 'remove' });
    const restore = await plan((await interrupted(false)).engine, APP);
    expect(fromEnginePlan(restore.plan).changes[0]).toMatchObject({ name: 'p-web-1-stackc-replaced', action: 'update', reason: expect.stringContaining('renamed back to p-web-1') });
  });
});
