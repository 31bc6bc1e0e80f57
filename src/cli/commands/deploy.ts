/**
 * `stackc deploy`: compile, read secret/config contents, lower for swarm, observe the stack,
 * plan, apply the changes, follow the services until they converge, then remove what is gone.
 */
import type { ConnectionFlags } from '../../deploy/connection.js';
import { registryAuths } from '../../deploy/registry-auth.js';
import { applySwarmChanges, applySwarmRemovals } from '../../deploy/swarm/apply.js';
import { isNameConflict } from '../../deploy/engine-api.js';
import { observeSwarm, stackAbsent } from '../../deploy/swarm/observe.js';
import { planSwarm } from '../../deploy/swarm/plan.js';
import { renderSwarmPlan } from '../../deploy/swarm/render-plan.js';
import { askRegistry, type ResolveImage } from '../../deploy/swarm/resolve-image.js';
import { ConvergenceError, waitForServices, type ServiceProgress } from '../../deploy/swarm/wait.js';
import type { ServiceState, SwarmApi } from '../../deploy/swarm/swarm-api.js';
import type { EngineEvent } from '../../deploy/engine/apply.js';
import { withLock } from '../../deploy/lock.js';
import { configLock } from '../../deploy/lock-stores.js';
import { lockOptions } from '../lock-options.js';
import { reportFailure, reportPlanProblems } from '../failure.js';
import { progressMode, progressView } from '../progress.js';
import { connectSwarm, planStack, prepareStack, type StackFileFlags } from '../swarm.js';

export interface DeployFlags extends StackFileFlags, ConnectionFlags {
  readonly prune?: boolean;
  readonly wait?: boolean;
  readonly detach?: boolean;
  readonly timeout?: string;
  readonly resolveImage?: ResolveImage;
  readonly withRegistryAuth?: boolean;
  readonly dryRun?: boolean;
  readonly progress?: string;
  readonly lockTimeout?: string;
  readonly rollbackOnFailure?: boolean;
}

/** Polls repeat themselves; a service's progress is shown only when it moves. */
function progressPrinter(onEvent: (e: EngineEvent) => void): (p: ServiceProgress) => void {
  const last = new Map<string, string>();
  return (p) => {
    const event = { object: `Service ${p.service}`, status: p.done ? 'Converged' : 'Converging', detail: `${p.running}/${p.desired ?? '?'}` };
    if (last.get(p.service) === `${event.status} ${event.detail}`) return;
    last.set(p.service, `${event.status} ${event.detail}`);
    onEvent(event);
  };
}

/**
 * --rollback-on-failure: services updated by this deploy return to the spec they had before it
 * (which still names the previous secret/config versions, kept because removals had not run),
 * and services it created are removed.
 */
async function rollBack(swarm: SwarmApi, previous: readonly ServiceState[], changed: readonly string[], onEvent: (e: EngineEvent) => void): Promise<void> {
  const now = await swarm.listServices([]);
  for (const name of changed) {
    const current = now.find((s) => s.name === name);
    if (!current) continue;
    const old = previous.find((s) => s.name === name);
    onEvent({ object: `Service ${name}`, status: 'Rolling back', detail: old ? 'to its previous spec' : 'created by this deploy: removing' });
    if (old) await swarm.updateService(current.id, current.version, old.spec);
    else await swarm.removeService(current.id);
    onEvent({ object: `Service ${name}`, status: 'Rolled back' });
  }
}

export async function runDeploy(stackArg: string | undefined, flags: DeployFlags): Promise<number> {
  const prepared = prepareStack(stackArg, flags);
  if (!prepared) return 1;
  const { stack, desired, contents } = prepared;
  try {
    const { engine, swarm } = await connectSwarm(flags);
    const auths = flags.withRegistryAuth ? registryAuths() : undefined;
    const prune = Boolean(flags.prune);
    const { plan, observed, digests } = await planStack(engine, swarm, desired, { prune, resolveImage: flags.resolveImage, auths });
    if (reportPlanProblems(plan)) return 1;
    if (flags.dryRun) {
      process.stdout.write(renderSwarmPlan(plan));
      return 0;
    }
    if (!plan.actions.length) {
      process.stdout.write(`stack ${stack}: no changes (${plan.unchanged.length} services up to date)\n`);
      return 0;
    }
    const onEvent = progressView(progressMode(flags.progress, process.stdout), process.stdout);
    if (auths?.warning) process.stderr.write(`warning: ${auths.warning}\n`);
    // Waiting is the default on a terminal, as docker stack deploy does since 26.0.
    const wait = flags.wait ?? (flags.detach ? false : Boolean(process.stdout.isTTY) || Boolean(flags.rollbackOnFailure));
    const applyOptions = { onEvent, contents, ...(auths ? { registryAuth: auths.lookup } : {}) };
    return await withLock(configLock(swarm, stack), lockOptions(flags), async () => {
      // Another run may have changed the stack while we waited for the lock: observe and plan
      // again (the digests stand: the registry was asked moments ago). A first deploy's plan
      // stands as it is: it only creates, and the engine refuses a name that exists (409), so
      // if another run got there first, the conflict tells us, and then we observe again.
      let before = observed;
      let fresh = plan;
      const replan = async () => {
        before = await observeSwarm(engine, swarm, desired);
        fresh = planSwarm(desired, before, { prune, digests });
      };
      const firstDeploy = stackAbsent(observed, stack);
      if (!firstDeploy) await replan();
      const since = new Date().toISOString();
      const changed = await applySwarmChanges(engine, swarm, fresh, applyOptions).catch(async (error: unknown) => {
        if (!firstDeploy || !isNameConflict(error)) throw error;
        await replan();
        await applySwarmChanges(engine, swarm, fresh, applyOptions);
        // The attempt that ran into the conflict may have created some of them: follow them all.
        return desired.services.map((service) => service.name);
      });
      if (wait) {
        try {
          await waitForServices(swarm, stack, changed, { timeoutMs: (flags.timeout ? Number(flags.timeout) : 300) * 1000, since, onProgress: progressPrinter(onEvent) });
        } catch (error) {
          if (error instanceof ConvergenceError && flags.rollbackOnFailure) await rollBack(swarm, before.services, changed, onEvent);
          throw error;
        }
      }
      await applySwarmRemovals(engine, swarm, fresh, onEvent);
      return 0;
    });
  } catch (error) {
    if (error instanceof ConvergenceError) {
      const failures = await explainPullFailures(error.failures, flags);
      process.stderr.write(`stackc: ${error.message}\n${failures.map((f) => `  ${f}\n`).join('')}`);
      return 1;
    }
    return reportFailure(error);
  }
}

/**
 * A node that cannot pull an image reports only "No such image: X" on the task. Ask the manager
 * what the registry says about X with the credentials the deploy sent, so the reason (e.g.
 * "no basic auth credentials") reaches the user, with the remedy.
 */
async function explainPullFailures(failures: readonly string[], flags: DeployFlags): Promise<string[]> {
  const images = [...new Set(failures.flatMap((f) => /No such image: (\S+)/.exec(f)?.[1] ?? []))];
  if (!images.length) return [...failures];
  const reasons = new Map<string, string>();
  try {
    const { swarm } = await connectSwarm(flags);
    const auths = flags.withRegistryAuth ? registryAuths() : undefined;
    await Promise.all(
      images.map(async (image) => {
        const answer = await askRegistry(swarm, image, auths?.lookup(image), 10_000);
        if (!('problem' in answer)) return;
        const { problem } = answer;
        const auth = /no basic auth credentials|unauthorized|denied/i.test(problem)
          ? flags.withRegistryAuth
            ? '; run docker login for this registry (the DOCKER_CONFIG stackc reads) and deploy again'
            : '; deploy with --with-registry-auth after docker login'
          : '';
        reasons.set(image, `pulling it failed: ${problem}${auth}`);
      }),
    );
  } catch {
    // Only an explanation: the failures stand as they are.
  }
  return failures.map((f) => {
    const image = /No such image: (\S+)/.exec(f)?.[1];
    const reason = image ? reasons.get(image) : undefined;
    return reason ? `${f} (${reason})` : f;
  });
}
