/**
 * Engine object names, in one place. docker compose v2 joins container names with `-`
 * (`<project>-<service>-<n>`) and names networks/volumes `<project>_<key>`; normalize has already
 * resolved network and volume names (`name:`, external), so those are looked up, not rebuilt.
 */
import type { Project, Service } from '../../normalize/model.js';

export const SEPARATOR = '-';

/** The container of replica `number` (from 1): `container_name`, or `<project>-<service>-<n>`. */
export function containerName(project: string, service: Service, number: number): string {
  return service.container_name ?? [project, service.name, String(number)].join(SEPARATOR);
}

/** The container a `service:NAME` reference (network_mode, ipc, pid, volumes_from) points at. */
export function firstContainerName(project: Project, serviceName: string): string {
  const service = project.services[serviceName];
  return service ? containerName(project.name, service, 1) : [project.name, serviceName, '1'].join(SEPARATOR);
}

/** The names of every replica of a service, in container-number order. */
export function containerNames(project: Project, serviceName: string, replicas: number): string[] {
  const service = project.services[serviceName];
  if (!service) return [];
  return Array.from({ length: replicas }, (_, i) => containerName(project.name, service, i + 1));
}

/** The image a service with `build:` and no `image:` is tagged as (compose v2: `<project>-<service>`). */
export function defaultImageName(project: string, service: string): string {
  return [project, service].join(SEPARATOR);
}

export function networkName(project: Project, key: string): string {
  return project.networks[key]?.name ?? `${project.name}_${key}`;
}

export function volumeName(project: Project, key: string): string {
  return project.volumes[key]?.name ?? `${project.name}_${key}`;
}
