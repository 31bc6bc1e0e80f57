/**
 * Executes an EnginePlan: networks and volumes first, then images, then services in dependency
 * order — each service as soon as what it depends on meets its condition (started, healthy,
 * completed successfully), independent services in parallel — and removals last. It performs
 * the plan's writes and nothing else; waiting on dependencies costs reads only.
 */
import { EngineError, type EngineApi } from '../engine-api.js';
import type { DesiredService, EngineDesired } from '../../targets/engine/desired.js';
import { throwIfInterrupted, waitForCondition, type WaitOptions } from './conditions.js';
import type { EngineAction, EnginePlan, Replaces } from './plan.js';
import { replacedName } from './replaced.js';
import type { Journal } from './rollback.js';

export type EngineEvent = {
  /** `Network p_default`, `Container p-web-1`, `Image nginx`. */
  readonly object: string;
  /** Present participle while running, past tense when done: Creating/Created, Starting/Started. */
  readonly status: string;
  readonly detail?: string;
};

/**
 * An engine refusal during apply, tied to the compose object it concerns (a path into the
 * compose document), so the CLI can show the user where in their files the problem lives.
 */
export class ApplyError extends Error {
  constructor(
    message: string,
    readonly path: readonly string[],
  ) {
    super(message);
  }
}

/** Runs one step; an engine error becomes an ApplyError naming the object and its compose path. */
async function step<T>(path: readonly string[], what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    throw new ApplyError(`${what}: ${error.message.replace(/^cannot [^:]+: /, '')}`, path);
  }
}

export interface ApplyOptions extends WaitOptions {
  readonly onEvent: (event: EngineEvent) => void;
  readonly stopTimeout?: number;
  /**
   * With a journal (`--rollback-on-failure`), replaced containers are set aside instead of
   * removed, and every container created or set aside is recorded so it can be undone.
   */
  readonly journal?: Journal;
}

export async function applyEngine(api: EngineApi, desired: EngineDesired, plan: EnginePlan, options: ApplyOptions): Promise<void> {
  await applyChanges(api, desired, plan, options);
  await applyRemovals(api, plan, options);
}

/** Everything but the removals, which a caller that may roll back runs only after success. */
export async function applyChanges(api: EngineApi, desired: EngineDesired, plan: EnginePlan, options: ApplyOptions): Promise<void> {
  const emit = options.onEvent;
  const of = <K extends EngineAction['kind']>(kind: K) => actionsOf(plan, kind);
  for (const a of of('create-network')) {
    throwIfInterrupted(options);
    emit({ object: `Network ${a.name}`, status: 'Creating' });
    await step(['networks', a.key], `network "${a.key}" (${a.name})`, () => api.createNetwork(a.body));
    emit({ object: `Network ${a.name}`, status: 'Created' });
  }
  for (const a of of('create-volume')) {
    throwIfInterrupted(options);
    emit({ object: `Volume ${a.name}`, status: 'Creating' });
    await step(['volumes', a.key], `volume "${a.key}" (${a.name})`, () => api.createVolume(a.body));
    emit({ object: `Volume ${a.name}`, status: 'Created' });
  }
  await applyImages(api, plan, options);
  await applyLeftovers(api, plan, options);
  await startServices(api, desired, plan, options);
}

/** Scale-down and orphan removals: last, so nothing in use disappears before its successor runs. */
export async function applyRemovals(api: EngineApi, plan: EnginePlan, options: Pick<ApplyOptions, 'onEvent' | 'stopTimeout'>): Promise<void> {
  for (const a of actionsOf(plan, 'remove-container')) {
    options.onEvent({ object: `Container ${a.name}`, status: 'Removing', detail: a.reason });
    await stopAndRemove(api, a.id, options.stopTimeout);
    options.onEvent({ object: `Container ${a.name}`, status: 'Removed' });
  }
}

export async function stopAndRemove(api: EngineApi, id: string, stopTimeout: number | undefined): Promise<void> {
  await api.stopContainer(id, stopTimeout);
  await api.removeContainer(id, { volumes: false, force: true });
}

/**
 * What an interrupted run set aside, before any service: a removal frees the name a replacement
 * of this run may need, a restore gives the container its name back before it is planned on.
 */
async function applyLeftovers(api: EngineApi, plan: EnginePlan, options: ApplyOptions): Promise<void> {
  const emit = options.onEvent;
  for (const a of actionsOf(plan, 'remove-replaced')) {
    emit({ object: `Container ${a.name}`, status: 'Removing', detail: `left by an interrupted up; ${a.replacement} replaced it` });
    await stopAndRemove(api, a.id, options.stopTimeout);
    emit({ object: `Container ${a.name}`, status: 'Removed' });
  }
  for (const a of actionsOf(plan, 'restore-replaced')) {
    emit({ object: `Container ${a.name}`, status: 'Restoring', detail: `left by an interrupted up as ${a.from}` });
    await api.renameContainer(a.id, a.name);
    emit({ object: `Container ${a.name}`, status: 'Restored' });
  }
}

function actionsOf<K extends EngineAction['kind']>(plan: EnginePlan, kind: K): Extract<EngineAction, { kind: K }>[] {
  return plan.actions.filter((a): a is Extract<EngineAction, { kind: K }> => a.kind === kind);
}

/** Pulls and builds, in parallel: the first step, after which the caller may plan again. */
export async function applyImages(api: EngineApi, plan: EnginePlan, options: Pick<ApplyOptions, 'onEvent'>): Promise<void> {
  const emit = options.onEvent;
  const of = <K extends EngineAction['kind']>(kind: K) => actionsOf(plan, kind);
  await Promise.all([
    ...of('pull-image').map(async (a) => {
      emit({ object: `Image ${a.image}`, status: 'Pulling' });
      await step(['services', a.service, 'image'], `service "${a.service}": pulling ${a.image}`, () =>
        api.pullImage(a.image, (line) => emit({ object: `Image ${a.image}`, status: 'Pulling', detail: line })),
      );
      emit({ object: `Image ${a.image}`, status: 'Pulled' });
    }),
    ...of('build-image').map(async (a) => {
      emit({ object: `Image ${a.image}`, status: 'Building' });
      const { build } = a;
      await step(['services', a.service, 'build'], `service "${a.service}": building ${a.image}`, () =>
        api.buildImage(
          { context: build.context, dockerfile: build.dockerfile, tags: [a.image, ...build.tags], args: build.args, labels: build.labels, ...(build.target ? { target: build.target } : {}) },
          (line) => emit({ object: `Image ${a.image}`, status: 'Building', detail: line }),
        ),
      );
      emit({ object: `Image ${a.image}`, status: 'Built' });
    }),
  ]);
}

/** Each service runs once its dependencies are satisfied; the promise graph gives the parallelism. */
async function startServices(api: EngineApi, desired: EngineDesired, plan: EnginePlan, options: ApplyOptions): Promise<void> {
  const done = new Map<string, Promise<void>>();
  const involved = new Set(plan.actions.filter((a) => a.kind === 'create-container' || a.kind === 'start-container').map((a) => a.service));
  const run = (service: DesiredService): Promise<void> => {
    const existing = done.get(service.name);
    if (existing) return existing;
    const promise = (async () => {
      const deps = Object.entries(service.dependsOn).filter(([dep]) => desired.services.some((s) => s.name === dep));
      // settleAll: a failed dependency must not leave its siblings' waits running behind us.
      await settleAll(
        deps.map(async ([dep, { condition, required }]) => {
          const target = desired.services.find((s) => s.name === dep)!;
          await run(target);
          // Only services that change in this run wait; an unchanged one already satisfied them.
          if (involved.has(service.name)) await waitForCondition(api, target, condition, required, options);
        }),
      );
      await applyService(api, service, plan, options);
    })();
    done.set(service.name, promise);
    return promise;
  };
  await settleAll(desired.services.map(run));
}

/**
 * Like Promise.all, but returns only once every promise has settled, then throws the first
 * failure: whoever handles it (a rollback, the next run) must not race writes still in flight.
 */
async function settleAll(promises: readonly Promise<void>[]): Promise<void> {
  const failures: unknown[] = [];
  await Promise.all(promises.map((p) => p.catch((error: unknown) => void failures.push(error))));
  if (failures.length) throw failures[0];
}

async function applyService(api: EngineApi, service: DesiredService, plan: EnginePlan, options: ApplyOptions): Promise<void> {
  const emit = options.onEvent;
  const mine = plan.actions.filter((a) => (a.kind === 'create-container' || a.kind === 'start-container') && a.service === service.name);
  const where = ['services', service.name];
  await settleAll(
    mine.map(async (a) => {
      throwIfInterrupted(options);
      if (a.kind === 'start-container') {
        emit({ object: `Container ${a.name}`, status: 'Starting' });
        await step(where, `service "${service.name}": starting ${a.name}`, () => api.startContainer(a.id));
        emit({ object: `Container ${a.name}`, status: 'Started' });
        return;
      }
      if (a.kind !== 'create-container') return;
      const { container } = a;
      const object = `Container ${container.name}`;
      if (a.replaces) {
        emit({ object, status: 'Recreating', detail: a.replaces.reason });
        await retire(api, container.name, a.replaces, options);
      } else {
        emit({ object, status: 'Creating' });
      }
      const what = `service "${service.name}": ${container.name}`;
      throwIfInterrupted(options);
      const id = await step(where, what, () => api.createContainer(container.name, container.create));
      options.journal?.created.push({ id, name: container.name });
      for (const extra of container.connect) await step(where, what, () => api.connectNetwork(extra.network, id, extra.endpoint));
      emit({ object, status: a.replaces ? 'Recreated' : 'Created' });
      throwIfInterrupted(options);
      emit({ object, status: 'Starting' });
      await step(where, what, () => api.startContainer(id));
      emit({ object, status: 'Started' });
    }),
  );
}

/**
 * The container being replaced: removed, or, with a journal, stopped and renamed out of the way
 * (recorded before the first write, so a rollback undoes however far this got).
 */
async function retire(api: EngineApi, name: string, old: Replaces, options: ApplyOptions): Promise<void> {
  const { journal } = options;
  if (!journal) return stopAndRemove(api, old.id, options.stopTimeout);
  const entry = { id: old.id, name, running: old.running, renamed: false };
  journal.replaced.push(entry);
  await api.stopContainer(old.id, options.stopTimeout);
  await api.renameContainer(old.id, replacedName(name));
  entry.renamed = true;
}
