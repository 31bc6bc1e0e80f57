/** Reads a stack's live objects by the `com.docker.stack.namespace` label (reads only, in parallel). */
import type { EngineApi } from '../engine-api.js';
import type { SwarmDesired } from '../../targets/swarm/desired.js';
import type { SwarmObserved } from './plan.js';
import type { SwarmApi } from './swarm-api.js';

export const NAMESPACE_LABEL = 'com.docker.stack.namespace';

export async function observeSwarm(engine: EngineApi, swarm: SwarmApi, desired: SwarmDesired): Promise<SwarmObserved> {
  const label = [`${NAMESPACE_LABEL}=${desired.stack}`];
  const externalNetworks = desired.networks.filter((n) => n.external).map((n) => n.name);
  const externals = [
    ...desired.secrets.filter((s) => s.external).map((s) => ['secret', s.name] as const),
    ...desired.configs.filter((c) => c.external).map((c) => ['config', c.name] as const),
  ];
  const [services, own, named, secrets, configs, found] = await Promise.all([
    swarm.listServices(label),
    engine.listNetworks({ labels: label }),
    externalNetworks.length ? engine.listNetworks({ names: externalNetworks }) : [],
    swarm.listSecrets(label),
    swarm.listConfigs(label),
    Promise.all(externals.map(async ([kind, name]) => ((await (kind === 'secret' ? swarm.findSecret(name) : swarm.findConfig(name))) ? `${kind}:${name}` : undefined))),
  ]);
  return {
    services,
    networks: [...own, ...named.filter((n) => !own.some((o) => o.id === n.id))],
    secrets,
    configs,
    external: new Set(found.filter((f): f is string => f !== undefined)),
  };
}

/**
 * Whether the engine held none of the stack's own services, networks, secrets or configs: a
 * first deploy, whose plan only creates.
 */
export function stackAbsent(observed: SwarmObserved, stack: string): boolean {
  const own = observed.networks.some((n) => n.labels[NAMESPACE_LABEL] === stack);
  return !own && !observed.services.length && !observed.secrets.length && !observed.configs.length;
}
