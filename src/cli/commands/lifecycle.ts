/**
 * `stackc stop|start|restart [SERVICE...]` and `stackc exec SERVICE CMD...`: operations on the
 * containers a project already has, found by its compose labels.
 */
import type { ConnectionFlags } from '../../deploy/connection.js';
import { projectContainers } from '../../deploy/engine/observe.js';
import { LABELS } from '../../targets/engine/labels.js';
import { dependencyRank, withEngineProject } from '../engine-project.js';
import type { ProjectFlags } from '../options.js';
import { progressMode, progressView } from '../progress.js';

export interface LifecycleFlags extends ProjectFlags, ConnectionFlags {
  readonly timeout?: string;
  readonly progress?: string;
}

type Verb = 'stop' | 'start' | 'restart';
const WORDS: Record<Verb, [string, string]> = { stop: ['Stopping', 'Stopped'], start: ['Starting', 'Started'], restart: ['Restarting', 'Restarted'] };

export function runLifecycle(verb: Verb, services: readonly string[], flags: LifecycleFlags): Promise<number> {
  const emit = progressView(progressMode(flags.progress, process.stdout), process.stdout);
  const timeout = flags.timeout === undefined ? undefined : Number(flags.timeout);
  return withEngineProject(flags, async ({ desired }, api) => {
    const containers = await projectContainers(api, desired.project, services);
    // Start in dependency order; stop in the reverse order.
    const rank = dependencyRank(desired);
    const sorted = [...containers].sort((a, b) => (verb === 'stop' ? rank(b) - rank(a) : rank(a) - rank(b)));
    const [doing, done] = WORDS[verb];
    for (const c of sorted) {
      emit({ object: `Container ${c.name}`, status: doing });
      if (verb !== 'start') await api.stopContainer(c.id, timeout);
      if (verb !== 'stop') await api.startContainer(c.id);
      emit({ object: `Container ${c.name}`, status: done });
    }
    return 0;
  });
}

export interface ExecFlags extends ProjectFlags, ConnectionFlags {
  readonly index?: string;
  readonly user?: string;
  readonly workdir?: string;
  readonly env?: string[];
  /** commander's --no-TTY / -T */
  readonly tty?: boolean;
  readonly interactive?: boolean;
}

export function runExec(service: string, command: readonly string[], flags: ExecFlags): Promise<number> {
  return withEngineProject(flags, async ({ desired }, api) => {
    const number = flags.index ?? '1';
    const target = (await projectContainers(api, desired.project, [service])).find((c) => c.labels[LABELS.containerNumber] === number);
    if (!target || target.state !== 'running') {
      process.stderr.write(`stackc: service "${service}" has no running container number ${number}; start it with stackc up\n`);
      return 1;
    }
    // A TTY only when both ends are terminals, as docker compose exec decides by default.
    const tty = flags.tty !== false && Boolean(process.stdin.isTTY && process.stdout.isTTY);
    if (tty) process.stdin.setRawMode?.(true);
    try {
      return await api.exec(
        target.id,
        { cmd: command, tty, interactive: flags.interactive !== false, ...(flags.user ? { user: flags.user } : {}), ...(flags.workdir ? { workdir: flags.workdir } : {}), ...(flags.env ? { env: flags.env } : {}) },
        { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
      );
    } finally {
      if (tty) process.stdin.setRawMode?.(false);
      process.stdin.pause();
    }
  });
}
