/** Reads a stack's live objects by the `com.docker.stack.namespace` label (reads only, in parallel). */
import type { EngineApi } from '../engine-api.js';
import type { DesiredSecret, SwarmDesired } from '../../targets/swarm/desired.js';
import type { SwarmObserved } from './plan.js';
import type { SwarmApi } from './swarm-api.js';

export const NAMESPACE_LABEL = 'com.docker.stack.namespace';

export async function observeSwarm(engine: EngineApi, swarm: SwarmApi, desired: SwarmDesired): Promise<SwarmObserved> {
  const label = [`${NAMESPACE_LABEL}=${desired.stack}`];
  const externalNetworks = desired.networks.filter((n) => n.external).map((n) => n.name);
  // A secret or config named by `name:` (not `<stack>_`) may exist without this stack's label:
  // another stack deployed from the same file made it. Its name ends with the content's digest,
  // so it holds the same content, and the services use it as it is instead of failing to create it.
  const byName = (list: readonly DesiredSecret[]) => list.filter((o) => o.external || (o.source && !o.name.startsWith(`${desired.stack}_`))).map((o) => o.name);
  const lookups = [...byName(desired.secrets).map((name) => ['secret', name] as const), ...byName(desired.configs).map((name) => ['config', name] as const)];
  const [services, own, named, secrets, configs, found] = await Promise.all([
    swarm.listServices(label),
    engine.listNetworks({ labels: label }),
    externalNetworks.length ? engine.listNetworks({ names: externalNetworks }) : [],
    swarm.listSecrets(label),
    swarm.listConfigs(label),
    Promise.all(lookups.map(async ([kind, name]) => ((await (kind === 'secret' ? swarm.findSecret(name) : swarm.findConfig(name))) ? `${kind}:${name}` : undefined))),
  ]);
  return {
    services,
    networks: [...own, ...named.filter((n) => !own.some((o) => o.id === n.id))],
    secrets,
    configs,
    byName: new Set(found.filter((f): f is string => f !== undefined)),
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
