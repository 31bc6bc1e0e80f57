/**
 * `stackc diff` (alias `plan`): what `deploy` (swarm) or `up` (one host) would change, object by
 * object, with the reason and a field-level diff; reads only. Exit 0 without changes; with
 * --exit-code/--detailed-exitcode, 2 when there are changes (as terraform and helm do).
 */
import type { ConnectionFlags } from '../../deploy/connection.js';
import type { EngineApi } from '../../deploy/engine-api.js';
import { fromEnginePlan, fromSwarmPlan, hasChanges, type ChangeSet, type ContainerComparisons } from '../../deploy/diff/change-set.js';
import { comparableContainer } from '../../deploy/diff/container-rules.js';
import { fieldChanges, type FieldChange } from '../../deploy/diff/fields.js';
import { changeSetJson, renderChangeSetText } from '../../deploy/diff/render.js';
import { observeEngine } from '../../deploy/engine/observe.js';
import { planEngine, type EnginePlan } from '../../deploy/engine/plan.js';
import { registryAuths } from '../../deploy/registry-auth.js';
import type { ResolveImage } from '../../deploy/swarm/resolve-image.js';
import { connectEngine } from '../engine.js';
import { parseScale, prepareEngineProject } from '../engine-project.js';
import { reportFailure, reportPlanProblems } from '../failure.js';
import { colorFor } from '../output.js';
import { connectSwarm, planStack, prepareStack, type StackFileFlags } from '../swarm.js';

export interface DiffFlags extends StackFileFlags, ConnectionFlags {
  readonly target?: 'engine' | 'swarm';
  readonly format: 'text' | 'json';
  readonly exitCode?: boolean;
  readonly detailedExitcode?: boolean;
  readonly showSensitive?: boolean;
  readonly prune?: boolean;
  readonly scale?: string[];
  readonly removeOrphans?: boolean;
  /** swarm: as deploy's, so that diff shows the digest updates deploy would make. */
  readonly resolveImage?: ResolveImage;
  readonly withRegistryAuth?: boolean;
}

export async function runDiff(stackArg: string | undefined, flags: DiffFlags): Promise<number> {
  const target = flags.target ?? (stackArg || flags.composeFile ? 'swarm' : 'engine');
  try {
    const set = target === 'swarm' ? await swarmChanges(stackArg, flags) : await engineChanges(flags);
    if (typeof set === 'number') return set;
    const showSensitive = Boolean(flags.showSensitive);
    process.stdout.write(
      flags.format === 'json' ? JSON.stringify(changeSetJson(set, showSensitive), null, 2) + '\n' : renderChangeSetText(set, { showSensitive, color: colorFor(process.stdout) }),
    );
    return hasChanges(set) && (flags.exitCode || flags.detailedExitcode) ? 2 : 0;
  } catch (error) {
    return reportFailure(error);
  }
}

async function swarmChanges(stackArg: string | undefined, flags: DiffFlags): Promise<ChangeSet | number> {
  const prepared = prepareStack(stackArg, flags);
  if (!prepared) return 1;
  const { desired } = prepared;
  const { engine, swarm } = await connectSwarm(flags);
  const auths = flags.withRegistryAuth ? registryAuths() : undefined;
  const { plan } = await planStack(engine, swarm, desired, { prune: Boolean(flags.prune), resolveImage: flags.resolveImage, auths });
  return reportPlanProblems(plan) ? 1 : fromSwarmPlan(plan);
}

async function engineChanges(flags: DiffFlags): Promise<ChangeSet | number> {
  const scale = parseScale(flags.scale);
  if (typeof scale === 'string') {
    process.stderr.write(`stackc: ${scale}\n`);
    return 2;
  }
  const prepared = prepareEngineProject(flags, { scale });
  if (!prepared) return 1;
  const api = await connectEngine(flags);
  const plan = planEngine(prepared.desired, await observeEngine(api, prepared.desired), { removeOrphans: Boolean(flags.removeOrphans) });
  return reportPlanProblems(plan) ? 1 : fromEnginePlan(plan, await compareReplaced(api, plan));
}

/** Inspect reads for each container to be replaced, compared under the rules in container-rules.ts. */
async function compareReplaced(api: EngineApi, plan: EnginePlan): Promise<ContainerComparisons> {
  const out = new Map<string, { fields: FieldChange[]; before: unknown; after: unknown }>();
  for (const a of plan.actions) {
    if (a.kind !== 'create-container' || !a.replaces) continue;
    const live = await api.inspectContainer(a.replaces.id);
    const image = (await api.imageConfig(a.container.create.Image)) ?? {};
    const compared = comparableContainer(live, image, a.container.create);
    out.set(a.container.name, { fields: fieldChanges(compared.live, compared.desired), before: compared.live, after: compared.desired });
  }
  return out;
}
