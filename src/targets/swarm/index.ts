/**
 * The swarm target: Project → SwarmDesired, the exact Swarm API (1.41) bodies `docker stack
 * deploy` would send for the same file (names `<stack>_<name>`, `com.docker.stack.*` labels),
 * except where stackc deliberately does better (content-addressed secrets and configs, `restart:
 * no`, tmpfs, dns_opt, group_add, swarm-scoped local networks; see each module). Pure: no I/O,
 * deterministic output (everything sorted by key or name). Keys a swarm cannot honour are W0701,
 * names it would refuse E0702, bind sources missing where stackc runs W0703.
 *
 * Secret and config names depend on their content, which lowering does not read: the caller
 * reads every `contentSources(project)` entry first and passes `contentDigest`; likewise it checks
 * every `bindSources(project)` path and passes `missingBindSources` (see context.ts).
 */
import type { Project } from '../../normalize/model.js';
import type { Diagnostic } from '../../parse/diagnostics.js';
import type { LowerContext, SwarmLowerOptions } from './context.js';
import type { SwarmDesired } from './desired.js';
import { desiredNetworks } from './networks.js';
import { desiredObjects } from './secrets.js';
import { lowerService } from './service.js';
import { reportUnsupportedProjectKeys } from './unsupported.js';

export type { SwarmLowerOptions } from './context.js';
export type * from './desired.js';
export { LABELS, SHORT_HASH_LENGTH, scope, versionedName } from './names.js';
export { bindSources } from './mounts.js';
export { contentSources, digestContent } from './secrets.js';

export function lowerSwarm(project: Project, options: SwarmLowerOptions): { desired: SwarmDesired; diagnostics: Diagnostic[] } {
  const ctx: LowerContext = { project, options, diagnostics: [] };
  reportUnsupportedProjectKeys(project, ctx);
  const networks = desiredNetworks(ctx);
  const secrets = desiredObjects('secrets', ctx);
  const configs = desiredObjects('configs', ctx);
  const services = Object.keys(project.services)
    .sort()
    .map((name) => lowerService(project.services[name]!, ctx));
  return { desired: { stack: options.stack, networks, secrets, configs, services }, diagnostics: ctx.diagnostics };
}
