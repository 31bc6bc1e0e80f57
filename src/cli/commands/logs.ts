/** `stackc logs` and the attached mode of `up`: every container's output, prefixed by its name. */
import type { ConnectionFlags } from '../../deploy/connection.js';
import type { EngineApi } from '../../deploy/engine-api.js';
import { projectContainers } from '../../deploy/engine/observe.js';
import { withEngineProject } from '../engine-project.js';
import type { ProjectFlags } from '../options.js';

export interface LogsFlags extends ProjectFlags, ConnectionFlags {
  readonly follow?: boolean;
  readonly tail?: string;
}

export function runLogs(services: readonly string[], flags: LogsFlags): Promise<number> {
  const tail = flags.tail === undefined || flags.tail === 'all' ? undefined : Number(flags.tail);
  return withEngineProject(flags, ({ desired }, api) => followLogs(api, desired.project, services, { follow: Boolean(flags.follow), ...(tail !== undefined ? { tail } : {}) }));
}

export async function followLogs(
  api: EngineApi,
  project: string,
  services: readonly string[],
  options: { follow?: boolean; tail?: number; stopOnInterrupt?: boolean },
): Promise<number> {
  const containers = await projectContainers(api, project, services);
  const width = Math.max(0, ...containers.map((c) => c.name.length));
  const abort = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    abort.abort();
  };
  const follow = options.follow ?? Boolean(options.stopOnInterrupt);
  // The reader went away (`stackc logs -f | head`): nobody reads what follows, so stop following
  // (an attached `up` detaches: its containers keep running, as they do after docker compose's).
  const onClosed = () => abort.abort();
  if (follow) {
    process.once('SIGINT', onSigint);
    process.stdout.once('error', onClosed);
  }
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
    process.stdout.removeListener('error', onClosed);
  }
  if (interrupted && options.stopOnInterrupt) {
    // Ctrl-C while attached stops the project, as docker compose up does.
    process.stderr.write('Gracefully stopping... (press Ctrl+C again to force)\n');
    await Promise.all(containers.map((c) => api.stopContainer(c.id)));
  }
  return 0;
}
