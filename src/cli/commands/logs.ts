/** `stackc logs` and the attached mode of `up`: every container's output, prefixed by its name. */
import type { ConnectionFlags } from '../../deploy/connection.js';
import type { EngineApi } from '../../deploy/engine-api.js';
import { projectContainers } from '../../deploy/engine/observe.js';
import { LABELS } from '../../targets/engine/labels.js';
import { connectEngine } from '../engine.js';
import { prepareEngineProject } from '../engine-project.js';
import { reportFailure } from '../failure.js';
import type { ProjectFlags } from '../options.js';

export interface LogsFlags extends ProjectFlags, ConnectionFlags {
  readonly follow?: boolean;
  readonly tail?: string;
}

export async function runLogs(services: readonly string[], flags: LogsFlags): Promise<number> {
  const prepared = prepareEngineProject(flags);
  if (!prepared) return 1;
  try {
    const api = await connectEngine(flags);
    const tail = flags.tail === undefined || flags.tail === 'all' ? undefined : Number(flags.tail);
    return await followLogs(api, prepared.desired.project, services, { follow: Boolean(flags.follow), ...(tail !== undefined ? { tail } : {}) });
  } catch (error) {
    return reportFailure(error);
  }
}

export async function followLogs(
  api: EngineApi,
  project: string,
  services: readonly string[],
  options: { follow?: boolean; tail?: number; stopOnInterrupt?: boolean },
): Promise<number> {
  const containers = (await projectContainers(api, project)).filter((c) => !services.length || services.includes(c.labels[LABELS.service] ?? ''));
  const width = Math.max(0, ...containers.map((c) => c.name.length));
  const abort = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    abort.abort();
  };
  const follow = options.follow ?? Boolean(options.stopOnInterrupt);
  if (follow) process.once('SIGINT', onSigint);
  try {
    await Promise.all(
      containers.map((c) =>
        api.logs(c.id, { follow, signal: abort.signal, ...(options.tail !== undefined ? { tail: options.tail } : {}) }, (line) => {
          process.stdout.write(`${c.name.padEnd(width)} | ${line}\n`);
        }),
      ),
    );
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (interrupted && options.stopOnInterrupt) {
    // Ctrl-C while attached stops the project, as docker compose up does.
    process.stderr.write('Gracefully stopping... (press Ctrl+C again to force)\n');
    await Promise.all(containers.map((c) => api.stopContainer(c.id)));
  }
  return 0;
}
