/**
 * Everything mounted into a service's containers, as HostConfig.Binds + HostConfig.Mounts: its
 * volumes first, then secrets, then configs; a later one on a target already taken is dropped
 * (as compose does). Both lists are sorted by target so reordering `volumes:` changes nothing.
 */
import type { Service } from '../../normalize/model.js';
import type { LowerContext } from './context.js';
import type { HostConfig, Mount } from './desired.js';
import { lowerVolume } from './mounts.js';
import { configMounts, secretMounts } from './secrets.js';

export function serviceFilesystem(service: Service, ctx: LowerContext): Pick<HostConfig, 'Binds' | 'Mounts'> {
  const binds = new Map<string, string>();
  const mounts = new Map<string, Mount>();
  const taken = (target: string) => binds.has(target) || mounts.has(target);
  service.volumes.forEach((v, i) => {
    const lowered = lowerVolume(v, i, service, ctx);
    if (!lowered) return;
    if (lowered.kind === 'bind') binds.set(lowered.target, lowered.spec);
    else mounts.set(lowered.mount.Target, lowered.mount);
  });
  for (const m of [...secretMounts(service, ctx), ...configMounts(service, ctx)]) {
    if (!taken(m.Target)) mounts.set(m.Target, m);
  }
  const byTarget = <T>(map: Map<string, T>) => [...map.keys()].sort().map((k) => map.get(k)!);
  const out: { Binds?: string[]; Mounts?: Mount[] } = {};
  if (binds.size) out.Binds = byTarget(binds);
  if (mounts.size) out.Mounts = byTarget(mounts);
  return out;
}
