/** Connecting to a swarm manager, and preparing a stack for it. */
import type { ConnectionFlags } from '../deploy/connection.js';
import { EngineError } from '../deploy/engine-api.js';
import { readContents, type Contents } from '../deploy/swarm/content.js';
import type { SwarmApi } from '../deploy/swarm/swarm-api.js';
import { contentSources, lowerSwarm, type SwarmDesired } from '../targets/swarm/index.js';
import { compile } from './compile.js';
import { lowerAndReport } from './lowered.js';
import { projectOptions, type ProjectFlags } from './options.js';

export async function connectSwarm(flags: ConnectionFlags): Promise<SwarmApi> {
  const { resolveConnection } = await import('../deploy/connection.js');
  const { dockerSwarm } = await import('../deploy/swarm/docker-swarm.js');
  const connection = resolveConnection(flags);
  const swarm = dockerSwarm(connection);
  const info = await swarm.info();
  if (!info.manager) {
    const why = info.state === 'active' ? 'is a swarm worker, not a manager' : 'is not part of a swarm';
    throw new EngineError(`the engine at ${connection.endpoint} ${why}; deploy to a manager (docker swarm init creates one)`, undefined);
  }
  return swarm;
}

export interface StackFileFlags extends ProjectFlags {
  readonly composeFile?: string[];
}

export interface PreparedStack {
  readonly stack: string;
  readonly desired: SwarmDesired;
  readonly contents: Contents;
}

/**
 * compile → read secret/config contents → lower for swarm, with every problem printed: what
 * `deploy` and `diff` do before they touch an engine. `-c` and `-f` files are one list.
 */
export function prepareStack(stackArg: string | undefined, flags: StackFileFlags): PreparedStack | undefined {
  const files = [...(flags.composeFile ?? []), ...(flags.file ?? [])];
  const compiled = compile(projectOptions({ ...flags, file: files }, stackArg ? { projectName: stackArg } : {}));
  const stack = compiled.loaded.name;
  const sources = compiled.project ? contentSources(compiled.project).map((s) => s.source) : [];
  const { contents, errors } = readContents(sources, compiled.loaded.variables);
  for (const error of errors) process.stderr.write(`stackc: ${error}\n`);
  if (errors.length) return undefined;
  const desired = lowerAndReport(compiled, (project) => lowerSwarm(project, { stack, contentDigest: contents.digest }));
  return desired && { stack, desired, contents };
}
