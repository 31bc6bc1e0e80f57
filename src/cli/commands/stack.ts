/**
 * Stack commands that need no compose file: `rm` (waits until everything is really gone, so a
 * redeploy right after works), `ps` (tasks), `services`, `ls`. Stacks are found by the
 * `com.docker.stack.namespace` label, so stacks deployed by docker stack deploy show up too.
 */
import type { ConnectionFlags } from '../../deploy/connection.js';
import { forEachAtMost } from '../../deploy/at-most.js';
import { EngineError, type EngineApi } from '../../deploy/engine-api.js';
import { clearStaleLock } from '../../deploy/lock.js';
import { configLock } from '../../deploy/lock-stores.js';
import { retryWhileInUse } from '../../deploy/swarm/apply.js';
import { NAMESPACE_LABEL } from '../../deploy/swarm/observe.js';
import type { ObjectRef, ServiceState, SwarmApi } from '../../deploy/swarm/swarm-api.js';
import { reportFailure } from '../failure.js';
import { progressMode, progressView } from '../progress.js';
import { connectSwarm } from '../swarm.js';
import { naturalCompare } from '../render/natural-order.js';
import { countTasks, serviceRow } from '../render/service-rows.js';
import { taskCells, taskRows } from '../render/task-rows.js';
import { table } from './ps.js';

export interface StackFlags extends ConnectionFlags {
  readonly format?: 'table' | 'json';
  /** Only the IDs, one a line, in the table's order (as docker's -q: a JSON format still wins). */
  readonly quiet?: boolean;
  readonly progress?: string;
  readonly timeout?: string;
}

async function withSwarm(flags: StackFlags, fn: (engine: EngineApi, swarm: SwarmApi) => Promise<number>): Promise<number> {
  try {
    const { engine, swarm } = await connectSwarm(flags);
    return await fn(engine, swarm);
  } catch (error) {
    return reportFailure(error);
  }
}

export function runRm(stacks: readonly string[], flags: StackFlags): Promise<number> {
  return withSwarm(flags, async (engine, swarm) => {
    const emit = progressView(progressMode(flags.progress, process.stdout), process.stdout);
    const timeoutMs = (flags.timeout ? Number(flags.timeout) : 120) * 1000;
    for (const stack of stacks) {
      const label = [`${NAMESPACE_LABEL}=${stack}`];
      const services = await swarm.listServices(label);
      const [networks, secrets, configs] = await Promise.all([engine.listNetworks({ labels: label }), swarm.listSecrets(label), swarm.listConfigs(label)]);
      // A lock left by a killed deploy goes with the stack (a live deploy's lock stays).
      const staleLock = await clearStaleLock(configLock(swarm, stack));
      if (staleLock) emit({ object: `Lock ${stack}_stackc-lock`, status: 'Removed', detail: 'left by a run that was killed' });
      if (!services.length && !networks.length && !secrets.length && !configs.length) {
        // What the swarm left of the stack's tasks still goes (see removeTaskContainers).
        const left = await removeTaskContainers(engine, label);
        if (left) emit({ object: 'Containers', status: 'Removed', detail: `${left} left on this node` });
        else if (!staleLock) process.stderr.write(`stackc: nothing found in stack: ${stack}\n`);
        continue;
      }
      for (const s of services) {
        emit({ object: `Service ${s.name}`, status: 'Removing' });
        await swarm.removeService(s.id);
      }
      // Tasks (and their containers) go away after the service; networks are busy until then.
      if (!(await waitUntil(async () => (await swarm.listTasks({ labels: label })).every((t) => t.state !== 'running' && t.desiredState !== 'running'), timeoutMs))) {
        process.stderr.write(`warning: tasks of stack ${stack} still run after ${timeoutMs / 1000} s; removing its networks may fail\n`);
      }
      for (const s of services) emit({ object: `Service ${s.name}`, status: 'Removed' });
      const containers = await removeTaskContainers(engine, label);
      if (containers) emit({ object: 'Containers', status: 'Removed', detail: `${containers} on this node` });
      for (const n of networks) {
        emit({ object: `Network ${n.name}`, status: 'Removing' });
        await retryWhileInUse(() => engine.removeNetwork(n.id), timeoutMs);
      }
      // The manager forgets a network at once, but this node lists its local copy until the
      // last task container on it is gone; a deploy seeing that copy would not create the
      // network and then fail with "network not found". Gone means gone from the list.
      if (await waitUntil(async () => (await engine.listNetworks({ labels: label })).length === 0, timeoutMs)) {
        for (const n of networks) emit({ object: `Network ${n.name}`, status: 'Removed' });
      } else {
        process.stderr.write(`warning: this node still lists networks of stack ${stack} after ${timeoutMs / 1000} s; a deploy right now may not recreate them\n`);
      }
      // One named by `name:` may be shared with another stack deployed from the same file: while
      // that stack's services use it, it stays (waiting for it to be free would be in vain). One
      // this stack shared, made by a stack that is gone meanwhile, goes now that nobody uses it.
      const remaining = await swarm.listServices([]);
      const users = objectUsers(remaining);
      const [allSecrets, allConfigs] = await Promise.all([swarm.listSecrets([]), swarm.listConfigs([])]);
      const usedHere = objectUsers(services);
      const orphaned = (o: ObjectRef) => {
        const owner = o.labels[NAMESPACE_LABEL];
        return owner !== undefined && owner !== stack && usedHere.has(o.id) && !users.has(o.id) && !remaining.some((r) => r.labels[NAMESPACE_LABEL] === owner);
      };
      const removed = { secret: 0, config: 0 };
      for (const [kind, list, remove] of [
        ['secret', [...secrets, ...allSecrets.filter(orphaned)], (id: string) => swarm.removeSecret(id)],
        ['config', [...configs, ...allConfigs.filter(orphaned)], (id: string) => swarm.removeConfig(id)],
      ] as const) {
        for (const o of list) {
          const using = users.get(o.id);
          if (using) {
            emit({ object: `${kind === 'secret' ? 'Secret' : 'Config'} ${o.name}`, status: 'Kept', detail: `in use by ${using.join(', ')}` });
            continue;
          }
          await retryWhileInUse(() => remove(o.id), timeoutMs);
          removed[kind]++;
        }
      }
      if (removed.secret + removed.config) emit({ object: `Stack ${stack}`, status: 'Removed', detail: `${removed.secret} secrets, ${removed.config} configs` });
    }
    return 0;
  });
}

/**
 * The stopped task containers of the removed stack on the node stackc talks to. The swarm
 * removes those of a service a few seconds after it (if the engine still runs then: stopped
 * right after, it keeps them for good), and before engine 24 never those of a job
 * (moby/moby#42789, #44312). rm returns when they are gone, so it removes them itself; other
 * nodes' are out of its reach, and a job's tasks stay listed. Running ones (none once the tasks
 * stopped) and ones not made for a task are left alone. Best effort: a container that cannot be
 * removed is a warning, not a failed rm.
 */
export async function removeTaskContainers(engine: EngineApi, label: readonly string[]): Promise<number> {
  const left = (await engine.listContainers({ labels: label, all: true })).filter(
    (c) => c.labels['com.docker.swarm.service.id'] !== undefined && (c.state === 'exited' || c.state === 'dead'),
  );
  let count = 0;
  // A few at once: each removal waits for the engine to release the container's network endpoints.
  await forEachAtMost(left, 8, async (c) => {
    try {
      await engine.removeContainer(c.id, { volumes: false, force: false });
      count++;
    } catch (error) {
      // Gone meanwhile, or being removed by the swarm itself.
      if (error instanceof EngineError && (error.status === 404 || error.status === 409)) return;
      process.stderr.write(`warning: container ${c.name} of the removed stack stays: ${(error as Error).message}\n`);
    }
  });
  return count;
}

/** The services that use each secret and config, by its ID. */
function objectUsers(services: readonly ServiceState[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const service of services) {
    const { Secrets = [], Configs = [] } = service.spec.TaskTemplate.ContainerSpec;
    for (const id of [...Secrets.map((s) => s.SecretID), ...Configs.map((c) => c.ConfigID)]) {
      if (id) users.set(id, [...(users.get(id) ?? []), service.name]);
    }
  }
  return users;
}

/** Polls `check` until it holds (true) or the time is up (false). */
async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

export function runStackPs(stack: string, flags: StackFlags): Promise<number> {
  return withSwarm(flags, async (_engine, swarm) => {
    const label = [`${NAMESPACE_LABEL}=${stack}`];
    // The engine filters tasks by their service's labels: one request for all, as docker stack ps makes.
    const [services, nodes, tasks] = await Promise.all([swarm.listServices(label), swarm.listNodes(), swarm.listTasks({ labels: label })]);
    // As docker stack ps: no tasks is an error (a mistyped stack name, most often).
    if (!tasks.length) {
      process.stderr.write(`stackc: nothing found in stack: ${stack}\n`);
      return 1;
    }
    const rows = taskRows(tasks, new Map(services.map((s) => [s.id, s.name])), nodes);
    if (flags.format === 'json') process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else if (flags.quiet) process.stdout.write(rows.map((r) => `${r.id}\n`).join(''));
    else process.stdout.write(table(['ID', 'NAME', 'IMAGE', 'NODE', 'DESIRED STATE', 'CURRENT STATE', 'ERROR', 'PORTS'], taskCells(rows, Date.now())));
    return 0;
  });
}

export function runServices(stack: string, flags: StackFlags): Promise<number> {
  return withSwarm(flags, async (_engine, swarm) => {
    const label = [`${NAMESPACE_LABEL}=${stack}`];
    const services = await swarm.listServiceStatus(label);
    // As docker stack services: a note on stderr, not an error, and no table.
    if (!services.length) process.stderr.write(`Nothing found in stack: ${stack}\n`);
    // An engine before API 1.41 counts nothing: count its tasks here.
    const counted = services.some((s) => !s.status) ? countTasks(services, ...(await Promise.all([swarm.listTasks({ labels: label }), swarm.listNodes()]))) : undefined;
    const rows = services.map((s) => serviceRow(s, s.status ?? counted!.get(s.id)!)).sort((a, b) => naturalCompare(a.name, b.name));
    if (flags.format === 'json') process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else if (flags.quiet) process.stdout.write(rows.map((r) => `${r.id}\n`).join(''));
    else if (rows.length) process.stdout.write(table(['ID', 'NAME', 'MODE', 'REPLICAS', 'IMAGE', 'PORTS'], rows.map((r) => [r.id, r.name, r.mode, r.replicas, r.image, r.ports])));
    return 0;
  });
}

export function runLs(flags: StackFlags): Promise<number> {
  return withSwarm(flags, async (_engine, swarm) => {
    const services = await swarm.listServices([NAMESPACE_LABEL]);
    const counts = new Map<string, number>();
    for (const s of services) {
      const stack = s.labels[NAMESPACE_LABEL] ?? '';
      counts.set(stack, (counts.get(stack) ?? 0) + 1);
    }
    const rows = [...counts].sort(([a], [b]) => naturalCompare(a, b)).map(([name, n]) => ({ name, services: n }));
    if (flags.format === 'json') process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else process.stdout.write(table(['NAME', 'SERVICES'], rows.map((r) => [r.name, String(r.services)])));
    return 0;
  });
}
