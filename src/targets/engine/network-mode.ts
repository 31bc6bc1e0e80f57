/**
 * `network_mode`, `ipc` and `pid` may name another service (`service:NAME`); the engine only knows
 * containers, so that becomes `container:<NAME's first container>`. `container:NAME`, `host`,
 * `none`, `bridge`, `shareable`, ... are passed through as written.
 */
import type { Project } from '../../normalize/model.js';
import { firstContainerName } from './names.js';

export const SERVICE_PREFIX = 'service:';

export function resolveServiceReference(mode: string | undefined, project: Project): string | undefined {
  if (mode === undefined || !mode.startsWith(SERVICE_PREFIX)) return mode;
  return `container:${firstContainerName(project, mode.slice(SERVICE_PREFIX.length))}`;
}

/** The service a `service:NAME` mode points at, if it does. */
export function referencedService(mode: string | undefined): string | undefined {
  return mode?.startsWith(SERVICE_PREFIX) ? mode.slice(SERVICE_PREFIX.length) : undefined;
}
