/**
 * `stackc deploy`: compile, read secret/config contents, lower for swarm, observe the stack,
 * plan, apply the changes, follow the services until they converge, then remove what is gone.
 */
import type { ConnectionFlags } from '../../deploy/connection.js';
import { registryAuths } from '../../deploy/registry-auth.js';
import { applySwarmChanges, applySwarmRemovals } from '../../deploy/swarm/apply.js';
import { readContents } from '../../deploy/swarm/content.js';
import { observeSwarm } from '../../deploy/swarm/observe.js';
import { isEmptySwarmPlan, planSwarm } from '../../deploy/swarm/plan.js';
import { renderSwarmPlan } from '../../deploy/swarm/render-plan.js';
import { ConvergenceError, waitForServices } from '../../deploy/swarm/wait.js';
import { contentSources, lowerSwarm } from '../../targets/swarm/index.js';
import { compile } from '../compile.js';
import { connectEngine } from '../engine.js';
import { reportFailure } from '../failure.js';
import { lowerAndReport } from '../lowered.js';
import { projectOptions, type ProjectFlags } from '../options.js';
import { progressMode, progressView } from '../progress.js';
import { connectSwarm } from '../swarm.js';

export interface DeployFlags extends ProjectFlags, ConnectionFlags {
  readonly composeFile?: string[];
  readonly prune?: boolean;
  readonly wait?: boolean;
  readonly detach?: boolean;
  readonly timeout?: string;
  readonly resolveImage?: 'always' | 'changed' | 'never';
  readonly withRegistryAuth?: boolean;
  readonly dryRun?: boolean;
  readonly progress?: string;
}

export async function runDeploy(stackArg: string | undefined, flags: DeployFlags): Promise<number> {
  const files = [...(flags.composeFile ?? []), ...(flags.file ?? [])];
  const compiled = compile(projectOptions({ ...flags, file: files }, stackArg ? { projectName: stackArg } : {}));
  const stack = compiled.loaded.name;
  const sources = compiled.project ? contentSources(compiled.project).map((s) => s.source) : [];
  const { contents, errors: unreadable } = readContents(sources, compiled.loaded.variables);
  for (const error of unreadable) process.stderr.write(`stackc: ${error}\n`);
  if (unreadable.length) return 1;
  const desired = lowerAndReport(compiled, (project) => lowerSwarm(project, { stack, contentDigest: contents.digest }));
  if (!desired) return 1;
  try {
    const engine = await connectEngine(flags);
    const swarm = await connectSwarm(flags);
    const plan = planSwarm(desired, await observeSwarm(engine, swarm, desired), { prune: Boolean(flags.prune) });
    if (plan.errors.length) {
      for (const error of plan.errors) process.stderr.write(`stackc: ${error}\n`);
      return 1;
    }
    if (flags.dryRun) {
      process.stdout.write(renderSwarmPlan(plan));
      return 0;
    }
    const onEvent = progressView(progressMode(flags.progress, process.stdout), process.stdout);
    const auths = flags.withRegistryAuth ? registryAuths() : undefined;
    if (auths?.warning) process.stderr.write(`warning: ${auths.warning}\n`);
    const since = new Date().toISOString();
    const changed = await applySwarmChanges(engine, swarm, plan, { onEvent, contents, ...(auths ? { registryAuth: auths.lookup } : {}) });
    // Waiting is the default on a terminal, as docker stack deploy does since 26.0.
    const wait = flags.wait ?? (flags.detach ? false : Boolean(process.stdout.isTTY));
    if (wait) {
      const timeoutMs = (flags.timeout ? Number(flags.timeout) : 300) * 1000;
      const last = new Map<string, string>();
      await waitForServices(swarm, stack, changed, {
        timeoutMs,
        since,
        onProgress: (p) => {
          // Polls repeat themselves; show a service's progress only when it moves.
          const event = { object: `Service ${p.service}`, status: p.done ? 'Converged' : 'Converging', detail: `${p.running}/${p.desired ?? '?'}` };
          if (last.get(p.service) === `${event.status} ${event.detail}`) return;
          last.set(p.service, `${event.status} ${event.detail}`);
          onEvent(event);
        },
      });
    }
    await applySwarmRemovals(engine, swarm, plan, onEvent);
    if (isEmptySwarmPlan(plan)) process.stdout.write(`stack ${stack}: no changes (${plan.unchanged.length} services up to date)\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConvergenceError) {
      process.stderr.write(`stackc: ${error.message}\n${error.failures.map((f) => `  ${f}\n`).join('')}`);
      return 1;
    }
    return reportFailure(error);
  }
}

