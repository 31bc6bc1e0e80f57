/** Connecting to a swarm manager: the same engine connection, plus a check that it manages a swarm. */
import type { ConnectionFlags } from '../deploy/connection.js';
import { EngineError } from '../deploy/engine-api.js';
import type { SwarmApi } from '../deploy/swarm/swarm-api.js';

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
