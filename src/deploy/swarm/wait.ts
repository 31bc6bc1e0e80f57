/**
 * Following a deploy until it converged: every changed service has its desired number of tasks
 * running (jobs: completed) and no update in progress. A task failure or the timeout ends the
 * wait with the failing tasks' errors and nodes. Reads only.
 */
import type { ServiceSpec } from '../../targets/swarm/desired.js';
import type { NodeState, ServiceState, SwarmApi, TaskState } from './swarm-api.js';

export interface ServiceProgress {
  readonly service: string;
  readonly running: number;
  readonly desired: number | undefined;
  readonly done: boolean;
}

export class ConvergenceError extends Error {
  constructor(
    message: string,
    readonly failures: readonly string[],
  ) {
    super(message);
  }
}

export interface WaitOptions {
  readonly timeoutMs: number;
  /** Task failures before this moment (ISO time; take it before the deploy's writes) are old news. */
  readonly since: string;
  readonly pollMs?: number;
  /**
   * How long a service must stay converged before it counts (default 3 s): a task that exits at
   * once is briefly "running" first, as docker's own "verify: waiting to verify that tasks are
   * stable" step knows.
   */
  readonly stableMs?: number;
  readonly onProgress?: (progress: ServiceProgress) => void;
}

export async function waitForServices(swarm: SwarmApi, stack: string, names: readonly string[], options: WaitOptions): Promise<void> {
  if (!names.length) return;
  const deadline = Date.now() + options.timeoutMs;
  const stableMs = options.stableMs ?? 3000;
  const convergedAt = new Map<string, number>();
  for (;;) {
    const [services, nodes] = await Promise.all([swarm.listServices([`com.docker.stack.namespace=${stack}`]), swarm.listNodes()]);
    const watched = services.filter((s) => names.includes(s.name));
    const now = Date.now();
    const results = (await Promise.all(watched.map(async (s) => progressOf(s, await swarm.listTasks({ service: s.id }), nodes, options.since)))).map((r) => {
      if (!r.progress.done) convergedAt.delete(r.progress.service);
      else if (!convergedAt.has(r.progress.service)) convergedAt.set(r.progress.service, now);
      const stable = r.progress.done && now - convergedAt.get(r.progress.service)! >= stableMs;
      return { ...r, progress: { ...r.progress, done: stable } };
    });
    for (const r of results) options.onProgress?.(r.progress);
    const failures = results.flatMap((r) => r.failures);
    if (failures.length) throw new ConvergenceError(`${failures.length} task failure${failures.length === 1 ? '' : 's'} while deploying stack ${stack}`, onceEach(failures));
    if (results.every((r) => r.progress.done)) return;
    if (Date.now() > deadline) {
      const pending = results.filter((r) => !r.progress.done).map((r) => `${r.progress.service}: ${r.progress.running}/${r.progress.desired ?? '?'} running${r.pendingReason ? ` (${r.pendingReason})` : ''}`);
      throw new ConvergenceError(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for stack ${stack} to converge`, pending);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
}

/** A slot's retries often fail the same way: say it once, with how many times. */
function onceEach(lines: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return [...counts].map(([line, n]) => (n === 1 ? line : `${line} (${n} tasks)`));
}

function progressOf(service: ServiceState, tasks: readonly TaskState[], nodes: readonly NodeState[], since: string) {
  const spec: ServiceSpec = service.spec;
  const job = 'ReplicatedJob' in spec.Mode || 'GlobalJob' in spec.Mode;
  const current = tasks.filter((t) => t.desiredState === (job ? 'complete' : 'running'));
  const good = current.filter((t) => t.state === (job ? 'complete' : 'running')).length;
  const desired = 'Replicated' in spec.Mode ? (spec.Mode.Replicated.Replicas ?? 1) : 'ReplicatedJob' in spec.Mode ? (spec.Mode.ReplicatedJob.TotalCompletions ?? 1) : current.length;
  const updating = service.updateState === 'updating' || service.updateState === 'rollback_started';
  const node = (id: string) => nodes.find((n) => n.id === id)?.name || (id ? id.slice(0, 12) : 'unassigned');
  const failures = tasks
    .filter((t) => (t.state === 'failed' || t.state === 'rejected') && Date.parse(t.timestamp) >= Date.parse(since))
    .map((t) => `${service.name}.${t.slot ?? t.nodeId.slice(0, 12)} on ${node(t.nodeId)}: ${t.state}: ${t.error ?? t.message}`);
  if (service.updateState === 'paused' || service.updateState === 'rollback_completed') {
    failures.push(`${service.name}: update ${service.updateState}${service.updateMessage ? `: ${service.updateMessage}` : ''}`);
  }
  const pendingReason = current.find((t) => t.state === 'pending' || t.state === 'assigned')?.error ?? current.find((t) => t.state !== 'running')?.message;
  return {
    progress: { service: service.name, running: good, desired, done: !updating && current.length > 0 && good >= desired && (job || current.length === good) },
    failures,
    pendingReason,
  };
}
