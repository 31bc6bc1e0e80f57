/** `stackc up`: compile, lower for one host, observe, plan, apply; attach to logs unless -d. */
import type { ConnectionFlags } from '../../deploy/connection.js';
import { applyEngine, applyImages } from '../../deploy/engine/apply.js';
import { InterruptedError, waitForProject } from '../../deploy/engine/conditions.js';
import { applyOrRollBack, type RollbackReport } from '../../deploy/engine/rollback.js';
import { observeEngine } from '../../deploy/engine/observe.js';
import { planEngine, type PlanOptions } from '../../deploy/engine/plan.js';
import { renderEnginePlan } from '../../deploy/engine/render-plan.js';
import { connectEngine } from '../engine.js';
import { parseScale, prepareEngineProject, reportApplyError } from '../engine-project.js';
import { isUserFacing, reportFailure, reportPlanProblems } from '../failure.js';
import type { ProjectFlags } from '../options.js';
import { progressMode, progressView } from '../progress.js';
import { followLogs } from './logs.js';
import { withLock } from '../../deploy/lock.js';
import { containerLock } from '../../deploy/lock-stores.js';
import { lockOptions } from '../lock-options.js';

export interface UpFlags extends ProjectFlags, ConnectionFlags {
  readonly detach?: boolean;
  readonly scale?: string[];
  readonly build?: boolean;
  readonly noBuild?: boolean;
  readonly pull?: 'always' | 'missing' | 'never';
  readonly forceRecreate?: boolean;
  readonly recreate?: boolean;
  readonly deps?: boolean;
  readonly removeOrphans?: boolean;
  readonly wait?: boolean;
  readonly waitTimeout?: string;
  readonly dryRun?: boolean;
  readonly progress?: string;
  readonly lockTimeout?: string;
  readonly rollbackOnFailure?: boolean;
}

export async function runUp(services: readonly string[], flags: UpFlags): Promise<number> {
  const scale = parseScale(flags.scale);
  if (typeof scale === 'string') {
    process.stderr.write(`stackc: ${scale}\n`);
    return 2;
  }
  const prepared = prepareEngineProject(flags, { services, scale });
  if (!prepared) return 1;
  const { desired } = prepared;
  const options: PlanOptions = {
    services,
    noDeps: flags.deps === false,
    forceRecreate: Boolean(flags.forceRecreate),
    noRecreate: flags.recreate === false,
    removeOrphans: Boolean(flags.removeOrphans),
    build: flags.build ? 'always' : flags.noBuild ? 'never' : 'auto',
    ...(flags.pull ? { pull: flags.pull } : {}),
  };
  let rolledBack: RollbackReport | undefined;
  try {
    const api = await connectEngine(flags);
    const plan = planEngine(desired, await observeEngine(api, desired), options);
    if (reportPlanProblems(plan)) return 1;
    for (const orphan of plan.orphans) {
      process.stderr.write(`warning: container ${orphan} belongs to a service no longer in the project; remove it with --remove-orphans\n`);
    }
    if (flags.dryRun) {
      process.stdout.write(renderEnginePlan(plan));
      return 0;
    }
    const onEvent = progressView(progressMode(flags.progress, process.stdout), process.stdout);
    const waitTimeoutMs = flags.waitTimeout ? Number(flags.waitTimeout) * 1000 : undefined;
    // With --rollback-on-failure a first Ctrl-C stops the run before its next step and undoes it.
    const interrupt = flags.rollbackOnFailure ? new AbortController() : undefined;
    const wait = { ...(waitTimeoutMs ? { waitTimeoutMs } : {}), ...(interrupt ? { interrupt: interrupt.signal } : {}) };
    const waitForAll = () => waitForProject(api, desired, wait);
    // With --rollback-on-failure the wait runs under the lock, before the commit.
    let waited = false;
    // Nothing to write: no lock either, so an unchanged project costs reads only. With changes,
    // plan again under the lock: another run may have changed things while we waited.
    if (plan.actions.length) {
      const apply = async () => {
        let fresh = planEngine(desired, await observeEngine(api, desired), options);
        if (fresh.actions.some((a) => a.kind === 'pull-image' || a.kind === 'build-image')) {
          await applyImages(api, fresh, { onEvent });
          // A pulled or rebuilt image recreates containers only if its ID changed, as compose does.
          fresh = planEngine(desired, await observeEngine(api, desired), { ...options, build: 'never', pull: 'never' });
        }
        if (!flags.rollbackOnFailure) return applyEngine(api, desired, fresh, { onEvent, ...wait });
        const outcome = await applyOrRollBack(api, desired, fresh, { onEvent, ...wait, ...(flags.wait ? { converge: waitForAll } : {}) });
        if (outcome.failed) {
          rolledBack = outcome.rollback;
          throw outcome.error;
        }
        waited = true;
      };
      // An engine without any image cannot hold a lock container; it has nothing running either.
      const image = await api.anyImage();
      const locking = { ...lockOptions(flags), ...(interrupt ? { onInterrupt: () => interrupt.abort() } : {}) };
      await (image ? withLock(containerLock(api, desired.project, image), locking, apply) : apply());
    }
    if (flags.wait && !waited) await waitForAll();
    if (!flags.detach) return await followLogs(api, desired.project, services, { stopOnInterrupt: true });
    return 0;
  } catch (error) {
    const code = error instanceof InterruptedError ? reportInterrupt() : (reportApplyError(prepared, error) ?? (isUserFacing(error) ? reportFailure(error) : undefined));
    if (rolledBack) process.stderr.write(describeRollback(rolledBack));
    if (code === undefined) throw error;
    return code;
  }
}

/** Ctrl-C under --rollback-on-failure: the run stopped and was undone; 130 as for SIGINT. */
function reportInterrupt(): number {
  process.stderr.write('stackc: interrupted\n');
  return 130;
}

/** What failed was reported first; this says what the rollback did about it. */
function describeRollback(report: RollbackReport): string {
  const done = [
    ...report.restored.map((n) => `${n} (${report.removed.includes(n) ? 'new container removed, ' : ''}previous container restored)`),
    ...report.removed.filter((n) => !report.restored.includes(n)).map((n) => `${n} (created by this up: removed)`),
  ];
  const lines = [`stackc: rolled back: ${done.length ? done.join(', ') : 'nothing had changed yet'}\n`];
  if (report.failures.length) {
    lines.push(`stackc: rollback incomplete; run stackc up again to reconcile:\n${report.failures.map((f) => `  ${f}\n`).join('')}`);
  }
  return lines.join('');
}
