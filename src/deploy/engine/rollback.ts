/**
 * `up --rollback-on-failure`: apply the plan with a journal, converge (dependencies, `--wait`),
 * then either commit — remove the replaced containers and run the held-back removals — or roll
 * back: remove every container this up created and rename each replaced one back, starting it
 * again if it was running. Until then the old containers only stand aside (see replaced.ts),
 * so a run killed midway leaves nothing the next plan cannot reconcile.
 */
import type { EngineApi } from '../engine-api.js';
import type { EngineDesired } from '../../targets/engine/desired.js';
import { applyChanges, applyRemovals, stopAndRemove, type ApplyOptions } from './apply.js';
import type { EnginePlan } from './plan.js';
import { replacedName } from './replaced.js';

export interface Journal {
  /** Containers this up created, in creation order. */
  readonly created: { readonly id: string; readonly name: string }[];
  /** Containers it replaced; `renamed` once set aside under their replaced name. */
  readonly replaced: { readonly id: string; readonly name: string; readonly running: boolean; renamed: boolean }[];
}

export interface RollbackReport {
  /** Containers created by this up, now removed. */
  readonly removed: readonly string[];
  /** Replaced containers back under their name (and running, if they were). */
  readonly restored: readonly string[];
  /** Steps that failed; the next `up` reconciles what they left. */
  readonly failures: readonly string[];
}

export type Outcome = { readonly failed: false } | { readonly failed: true; readonly error: unknown; readonly rollback: RollbackReport };

type Options = Omit<ApplyOptions, 'journal'> & {
  /** Runs after the changes, before the commit: its failure rolls back too (`--wait`). */
  readonly converge?: () => Promise<void>;
};

export async function applyOrRollBack(api: EngineApi, desired: EngineDesired, plan: EnginePlan, options: Options): Promise<Outcome> {
  const journal: Journal = { created: [], replaced: [] };
  try {
    await applyChanges(api, desired, plan, { ...options, journal });
    await options.converge?.();
  } catch (error) {
    return { failed: true, error, rollback: await rollBack(api, journal, options) };
  }
  for (const r of journal.replaced) {
    options.onEvent({ object: `Container ${replacedName(r.name)}`, status: 'Removing', detail: 'its replacement is up' });
    await api.removeContainer(r.id, { volumes: false, force: true });
    options.onEvent({ object: `Container ${replacedName(r.name)}`, status: 'Removed' });
  }
  await applyRemovals(api, plan, options);
  return { failed: false };
}

/**
 * New containers go first, dependents before what they depend on (reverse creation order),
 * which frees the names and ports the old ones need; then the old ones come back in the order
 * they were replaced, dependencies first. Every step is tried, failures collected.
 */
async function rollBack(api: EngineApi, journal: Journal, options: Pick<ApplyOptions, 'onEvent' | 'stopTimeout'>): Promise<RollbackReport> {
  const removed: string[] = [];
  const restored: string[] = [];
  const failures: string[] = [];
  const attempt = async (name: string, detail: string, fn: () => Promise<void>): Promise<boolean> => {
    options.onEvent({ object: `Container ${name}`, status: 'Rolling back', detail });
    try {
      await fn();
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      options.onEvent({ object: `Container ${name}`, status: 'Rollback failed' });
      return false;
    }
    options.onEvent({ object: `Container ${name}`, status: 'Rolled back' });
    return true;
  };
  for (const c of [...journal.created].reverse()) {
    if (await attempt(c.name, 'created by this up: removing', () => stopAndRemove(api, c.id, options.stopTimeout))) removed.push(c.name);
  }
  for (const r of journal.replaced) {
    const restore = async () => {
      if (r.renamed) await api.renameContainer(r.id, r.name);
      if (r.running) await api.startContainer(r.id);
    };
    if (await attempt(r.name, 'to its previous container', restore)) restored.push(r.name);
  }
  return { removed, restored, failures };
}
