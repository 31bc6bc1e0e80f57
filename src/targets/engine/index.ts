/**
 * The single-host target: Project → EngineDesired, the exact Engine API (1.41) bodies docker
 * compose v2 would send for `up`, with its labels and names. Pure: no I/O, deterministic output
 * (services in dependency order with ties by name, networks and volumes by key).
 */
import type { Project } from '../../normalize/model.js';
import { diagnostic, type Diagnostic } from '../../parse/diagnostics.js';
import type { EngineLowerOptions, LowerContext } from './context.js';
import type { EngineDesired } from './desired.js';
import { desiredNetworks } from './networks.js';
import { dependencyOrder } from './order.js';
import { replicaCounts } from './replicas.js';
import { lowerService } from './service.js';
import { reportUnsupportedProjectKeys } from './unsupported.js';
import { desiredVolumes } from './volumes.js';

export type { EngineLowerOptions } from './context.js';
export type * from './desired.js';
export { COMPOSE_VERSION, LABELS } from './labels.js';
export { configHash, canonicalJson } from './hash.js';

export function lowerEngine(project: Project, options: EngineLowerOptions): { desired: EngineDesired; diagnostics: Diagnostic[] } {
  const ctx: LowerContext = {
    project,
    options,
    replicas: replicaCounts(Object.values(project.services), options.scale),
    diagnostics: [],
  };
  reportUnknownScale(project, options, ctx);
  reportUnsupportedProjectKeys(project, ctx);
  const networks = desiredNetworks(ctx);
  const volumes = desiredVolumes(project);
  const services = dependencyOrder(project).map((name) => lowerService(project.services[name]!, ctx));
  return { desired: { project: project.name, networks, volumes, services }, diagnostics: ctx.diagnostics };
}

/** `--scale NAME=N` for a service the project does not have (or has filtered out). */
function reportUnknownScale(project: Project, options: EngineLowerOptions, ctx: LowerContext): void {
  for (const name of Object.keys(options.scale ?? {}).sort()) {
    if (!(name in project.services)) ctx.diagnostics.push(diagnostic('E0601', `--scale names \`${name}\`, which is not a service of this project`));
  }
}
