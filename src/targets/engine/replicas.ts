/**
 * How many containers a service gets on one host: `--scale` over `deploy.replicas` over `scale`
 * over 1. `deploy.mode: global` means one per node, so one here.
 */
import type { Service } from '../../normalize/model.js';

export function replicaCount(service: Service, scale: Readonly<Record<string, number>> | undefined): number {
  const flag = scale?.[service.name];
  if (flag !== undefined) return flag;
  const mode = service.deploy?.mode;
  if (mode === 'global' || mode === 'global-job') return 1;
  return service.deploy?.replicas ?? service.scale ?? 1;
}

export function replicaCounts(services: readonly Service[], scale: Readonly<Record<string, number>> | undefined): Map<string, number> {
  return new Map(services.map((s) => [s.name, replicaCount(s, scale)]));
}
