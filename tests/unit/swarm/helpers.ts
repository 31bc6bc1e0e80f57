/** Builders for swarm lowering tests, on top of the engine tests' hand-made Project values. */
import type { Deploy, Project, Service } from '../../../src/normalize/model.js';
import { digestContent, lowerSwarm, type ContentSource, type DesiredSwarmService, type SwarmLowerOptions } from '../../../src/targets/swarm/index.js';
import { project } from '../engine/helpers.js';

export { network, project, service, volume } from '../engine/helpers.js';

/** A digest standing for the content: the source descriptor hashed, so tests need no files. */
export function fakeDigest(source: ContentSource): string {
  return digestContent(JSON.stringify(source));
}

export function deploy(extra: Partial<Deploy> = {}): Deploy {
  return { mode: 'replicated', labels: {}, resources: {}, placement: { constraints: [], preferences: [] }, ...extra };
}

export function lower(p: Project, options: Partial<SwarmLowerOptions> = {}) {
  return lowerSwarm(p, { stack: 'app', contentDigest: fakeDigest, missingBindSources: new Set(), ...options });
}

/** Lowers a one-service project and returns that service and the warnings as [code, path]. */
export function lowerOne(s: Service, overrides: Partial<Project> = {}, options: Partial<SwarmLowerOptions> = {}) {
  const { desired, diagnostics } = lower(project([s], overrides), options);
  const lowered: DesiredSwarmService = desired.services.find((d) => d.key === s.name)!;
  return { service: lowered, spec: lowered.spec, container: lowered.spec.TaskTemplate.ContainerSpec, desired, diagnostics, warnings: warnings(diagnostics) };
}

export function warnings(diagnostics: readonly { code: string; path?: readonly (string | number)[] }[]): [string, readonly (string | number)[] | undefined][] {
  return diagnostics.map((d) => [d.code, d.path]);
}
