/**
 * `deploy.mode` + `deploy.replicas` (or the service-level `scale`, which docker stack deploy does
 * not know) → ServiceSpec.Mode. A replicated service whose file sets no count gets no Replicas,
 * so deploy keeps whatever `docker service scale` set (the engine creates one on first deploy).
 * A replicated job runs `replicas` completions, that many at a time, as docker stack deploy
 * sends it. A count on a global service or job means nothing: W0701.
 */
import type { Service } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { ServiceMode } from './desired.js';

export function serviceMode(service: Service, ctx: LowerContext): ServiceMode {
  const mode = service.deploy?.mode ?? 'replicated';
  const replicas = service.deploy?.replicas ?? service.scale;
  const countKey = service.deploy?.replicas !== undefined ? ['deploy', 'replicas'] : ['scale'];
  switch (mode) {
    case 'global':
    case 'global-job':
      if (replicas !== undefined) unsupported(ctx, servicePath(service.name, ...countKey), `a replica count means nothing in \`${mode}\` mode (one task per node); it is ignored`);
      return mode === 'global' ? { Global: {} } : { GlobalJob: {} };
    case 'replicated-job':
      return { ReplicatedJob: replicas === undefined ? {} : { MaxConcurrent: replicas, TotalCompletions: replicas } };
    default:
      return { Replicated: replicas === undefined ? {} : { Replicas: replicas } };
  }
}
