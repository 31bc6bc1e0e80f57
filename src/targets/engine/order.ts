/**
 * Which services a service needs, and an order that starts each after them. Besides
 * `depends_on`, compose infers dependencies from `links` and `service:` namespace references
 * (restart: true) and from `volumes_from` (restart: false), all `service_started`. Ties are
 * broken by name so the order never depends on the file's key order.
 */
import type { Project, Service } from '../../normalize/model.js';
import type { DependencyCondition } from './desired.js';
import { referencedService } from './network-mode.js';
import { sortRecord } from './records.js';

export interface Dependency {
  readonly condition: DependencyCondition;
  readonly required: boolean;
  readonly restart: boolean;
}

export function serviceDependencies(service: Service): Record<string, Dependency> {
  const deps: Record<string, Dependency> = { ...service.depends_on };
  const infer = (name: string | undefined, restart: boolean) => {
    if (name !== undefined && !(name in deps)) deps[name] = { condition: 'service_started', required: true, restart };
  };
  for (const link of service.links) infer(link.service, true);
  for (const mode of [service.network_mode, service.ipc, service.pid]) infer(referencedService(mode), true);
  for (const from of service.volumes_from) if (!from.container) infer(from.source, false);
  return sortRecord(deps);
}

/**
 * Kahn's algorithm, always taking the smallest ready name. Dependencies on services not in the
 * project (optional ones, or filtered out) are ignored; a cycle (normalize reports it) is broken
 * by appending what is left in name order.
 */
export function dependencyOrder(project: Project): string[] {
  const names = Object.keys(project.services).sort();
  const pending = new Map(names.map((n) => [n, new Set(Object.keys(serviceDependencies(project.services[n]!)).filter((d) => d in project.services && d !== n))]));
  const order: string[] = [];
  while (pending.size) {
    const ready = [...pending.keys()].find((n) => pending.get(n)!.size === 0);
    const next = ready ?? [...pending.keys()][0]!;
    order.push(next);
    pending.delete(next);
    for (const deps of pending.values()) deps.delete(next);
  }
  return order;
}
