/**
 * `deploy.resources` → TaskTemplate.Resources: limits (cpus → NanoCPUs, memory → MemoryBytes,
 * pids → Pids) and reservations (cpus, memory, generic_resources). Device reservations have no
 * swarm equivalent in API 1.41: W0701. Absent when nothing is set.
 *
 * Service-level resource keys (cpus, mem_limit, cpu_shares ...) are container settings that a
 * swarm service cannot carry (docker stack deploy silently drops some, refuses others). Each is
 * a W0701 naming the `deploy.resources` key to use instead, when there is one.
 */
import type { Service } from '../../normalize/model.js';
import { compact, nonEmpty } from '../engine/records.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { ResourceRequirements } from './desired.js';

export function resources(service: Service, ctx: LowerContext): ResourceRequirements | undefined {
  const { limits, reservations } = service.deploy?.resources ?? {};
  if (reservations?.devices.length) {
    unsupported(ctx, servicePath(service.name, 'deploy', 'resources', 'reservations', 'devices'), 'device reservations (GPUs) are not supported by swarm services; use `generic_resources` with node-advertised resources');
  }
  const Limits = limits ? compact({ NanoCPUs: limits.cpus, MemoryBytes: limits.memory, Pids: limits.pids }) : undefined;
  const generic = (reservations?.generic_resources ?? []).flatMap((g) =>
    g.discrete_resource_spec ? [{ DiscreteResourceSpec: { Kind: g.discrete_resource_spec.kind, Value: g.discrete_resource_spec.value } }] : [],
  );
  const Reservations = reservations
    ? compact({ NanoCPUs: reservations.cpus, MemoryBytes: reservations.memory, GenericResources: nonEmpty(generic) })
    : undefined;
  const out = compact<ResourceRequirements>({ Limits, Reservations });
  return Object.keys(out).length ? out : undefined;
}

/** Service-level keys → the deploy.resources key that replaces them on a swarm (if any). */
const SERVICE_LEVEL: readonly (readonly [keyof Service, string | undefined])[] = [
  ['cpus', 'deploy.resources.limits.cpus'],
  ['mem_limit', 'deploy.resources.limits.memory'],
  ['pids_limit', 'deploy.resources.limits.pids'],
  ['mem_reservation', 'deploy.resources.reservations.memory'],
  ['cpu_shares', 'deploy.resources.reservations.cpus'],
  ['cpu_quota', 'deploy.resources.limits.cpus'],
  ['cpu_period', 'deploy.resources.limits.cpus'],
  ['cpuset', undefined],
  ['cpu_count', 'deploy.resources.limits.cpus'],
  ['cpu_percent', 'deploy.resources.limits.cpus'],
  ['cpu_rt_period', undefined],
  ['cpu_rt_runtime', undefined],
  ['memswap_limit', undefined],
  ['mem_swappiness', undefined],
  ['oom_kill_disable', undefined],
  ['blkio_config', undefined],
  ['shm_size', undefined],
];

/**
 * Of these, docker stack deploy (CLI 28) accepts and drops only shm_size; for every other key its
 * schema refuses the whole file ("Additional property cpus is not allowed", measured here).
 */
const DROPPED_BY_DOCKER: ReadonlySet<string> = new Set(['shm_size']);

export function reportServiceLevelResources(service: Service, ctx: LowerContext): void {
  for (const [key, instead] of SERVICE_LEVEL) {
    if (service[key] === undefined) continue;
    const docker = DROPPED_BY_DOCKER.has(key) ? 'docker stack deploy drops it too' : 'docker stack deploy refuses the file';
    const message = `\`${key}\` is a container setting that swarm services do not take; it is ignored (${docker})`;
    unsupported(ctx, servicePath(service.name, key), message, instead ? `set \`${instead}\` instead` : undefined);
  }
}
