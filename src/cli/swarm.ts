/** Connecting to a swarm manager, preparing a stack for it, and planning it. */
import type { ConnectionFlags } from '../deploy/connection.js';
import type { EngineApi } from '../deploy/engine-api.js';
import type { AuthLookup } from '../deploy/registry-auth.js';
import { readContents, type Contents } from '../deploy/swarm/content.js';
import { observeSwarm } from '../deploy/swarm/observe.js';
import { planSwarm, type SwarmObserved, type SwarmPlan } from '../deploy/swarm/plan.js';
import { DEFAULT_RESOLVE_IMAGE, digestWarning, imagesToResolve, resolveImages, withoutLocalOnly, type ResolveImage } from '../deploy/swarm/resolve-image.js';
import type { SwarmApi } from '../deploy/swarm/swarm-api.js';
import type { Project } from '../normalize/model.js';
import type { Diagnostic } from '../parse/diagnostics.js';
import { bindSources, contentSources, lowerSwarm, type SwarmDesired } from '../targets/swarm/index.js';
import { compile, pathExists } from './compile.js';
import { answeringEngine, engineClient } from './engine.js';
import { lowerAndReport } from './lowered.js';
import { projectOptions, type ProjectFlags } from './options.js';

/**
 * The engine and swarm APIs of the engine the flags name, on one client (one set of
 * connections), once the engine answered; an engine that is no manager says so at the first
 * swarm call.
 */
export async function connectSwarm(flags: ConnectionFlags): Promise<{ engine: EngineApi; swarm: SwarmApi }> {
  const client = await engineClient(flags);
  const engine = await answeringEngine(client);
  const { dockerSwarm } = await import('../deploy/swarm/docker-swarm.js');
  return { engine, swarm: dockerSwarm(client) };
}

export interface StackFileFlags extends ProjectFlags {
  readonly composeFile?: string[];
}

export interface PreparedStack {
  readonly stack: string;
  readonly desired: SwarmDesired;
  readonly contents: Contents;
}

export interface LoweredStack {
  readonly desired: SwarmDesired;
  readonly contents: Contents;
  /** Lowering's, and the contents that could not be read, each an error at the entry naming it. */
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads what swarm lowering needs to know about this machine (secret and config contents,
 * which bind sources exist), so lowering itself stays pure, then lowers. A content that cannot
 * be read counts as empty, so one run reports every problem.
 */
export function lowerStack(project: Project, variables: Readonly<Record<string, string>>, stack: string): LoweredStack {
  const { contents, diagnostics: unreadable } = readContents(contentSources(project), variables);
  const missingBindSources = new Set(bindSources(project).filter((path) => !pathExists(path)));
  const lowered = lowerSwarm(project, { stack, contentDigest: contents.digest, missingBindSources });
  return { desired: lowered.desired, contents, diagnostics: [...unreadable, ...lowered.diagnostics] };
}

/**
 * compile → read host facts → lower for swarm, with every problem printed: what `deploy` and
 * `diff` do before they touch an engine. `-c` and `-f` files are one list.
 */
export function prepareStack(stackArg: string | undefined, flags: StackFileFlags): PreparedStack | undefined {
  const files = [...(flags.composeFile ?? []), ...(flags.file ?? [])];
  const compiled = compile(projectOptions({ ...flags, file: files }, stackArg ? { stackName: stackArg } : {}));
  const stack = compiled.loaded.name;
  const lowered = lowerAndReport(compiled, (project) => {
    const result = lowerStack(project, compiled.loaded.variables, stack);
    return { desired: result, diagnostics: result.diagnostics };
  });
  return lowered && { stack, desired: lowered.desired, contents: lowered.contents };
}

export interface StackPlanOptions {
  readonly prune: boolean;
  readonly resolveImage: ResolveImage | undefined;
  /** The credentials --with-registry-auth sends: also those the registry lookups use, as docker does. */
  readonly auths: AuthLookup | undefined;
}

export interface StackPlan {
  readonly plan: SwarmPlan;
  /** What the plan was made from. */
  readonly observed: SwarmObserved;
  /** The digests the plan pinned, for planning again under the lock without asking again. */
  readonly digests: ReadonlyMap<string, string>;
}

/**
 * observe → registry digests for the images --resolve-image asks for (not for images made on
 * this engine) → plan, with a warning per
 * image no registry answered for (deployed as written): what `deploy`, `deploy --dry-run` and
 * `diff` share, so that diff shows the plan deploy executes.
 */
export async function planStack(engine: EngineApi, swarm: SwarmApi, desired: SwarmDesired, options: StackPlanOptions): Promise<StackPlan> {
  const observed = await observeSwarm(engine, swarm, desired);
  const wanted = await withoutLocalOnly(imagesToResolve(desired, observed, options.resolveImage ?? DEFAULT_RESOLVE_IMAGE), (image) => engine.repoDigests(image));
  const { digests, unresolved } = await resolveImages(swarm, wanted, options.auths ? { registryAuth: options.auths.lookup } : {});
  for (const u of unresolved) process.stderr.write(`warning: ${digestWarning(u)}\n`);
  return { plan: planSwarm(desired, observed, { prune: options.prune, digests }), observed, digests };
}
