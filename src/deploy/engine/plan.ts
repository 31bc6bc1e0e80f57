/**
 * plan(desired, observed) → the list of engine writes that brings one host to the desired
 * state. A plan is a value: it is printed by `--dry-run`, executed by apply, and empty when
 * nothing changed — an unchanged project costs reads only.
 */
import type { ContainerSummary } from '../engine-api.js';
import type { DesiredContainer, DesiredService, EngineDesired, NetworkCreateBody, VolumeCreateBody, BuildSpec } from '../../targets/engine/desired.js';
import { LABELS } from '../../targets/engine/labels.js';
import type { EngineObserved } from './observe.js';
import { driftWarning, networkDrift, volumeDrift } from '../drift.js';
import { planLeftovers } from './replaced.js';
import { byCodePoint } from '../../normalize/coerce.js';

export type EngineAction =
  | { readonly kind: 'create-network'; readonly key: string; readonly name: string; readonly body: NetworkCreateBody }
  | { readonly kind: 'create-volume'; readonly key: string; readonly name: string; readonly body: VolumeCreateBody }
  | { readonly kind: 'pull-image'; readonly service: string; readonly image: string }
  | { readonly kind: 'build-image'; readonly service: string; readonly image: string; readonly build: BuildSpec }
  | { readonly kind: 'create-container'; readonly service: string; readonly container: DesiredContainer; readonly replaces?: Replaces }
  | { readonly kind: 'start-container'; readonly service: string; readonly name: string; readonly id: string }
  /** A container set aside by an interrupted `up --rollback-on-failure` whose replacement exists. */
  | { readonly kind: 'remove-replaced'; readonly service: string; readonly name: string; readonly id: string; readonly replacement: string }
  /** One whose replacement was never created: renamed back from `from` to `name`. */
  | { readonly kind: 'restore-replaced'; readonly service: string; readonly name: string; readonly id: string; readonly from: string }
  | { readonly kind: 'remove-container'; readonly service: string; readonly name: string; readonly id: string; readonly reason: 'scale-down' | 'orphan' };

/** The container a create replaces; `running` so a rollback knows whether to start it again. */
export interface Replaces {
  readonly id: string;
  readonly reason: string;
  readonly running: boolean;
}

export interface EnginePlan {
  readonly project: string;
  readonly actions: readonly EngineAction[];
  /** Containers left as they are. */
  readonly unchanged: readonly string[];
  /** Containers of services no longer in the file, kept unless --remove-orphans. */
  readonly orphans: readonly string[];
  /** Problems that make the plan impossible (a missing external network, ...). */
  readonly errors: readonly string[];
  /** What up cannot do but goes on without (a network that differs from the file). */
  readonly warnings: readonly string[];
}

export interface PlanOptions {
  /** Services to bring up (with their dependencies unless noDeps); all when empty. */
  readonly services?: readonly string[];
  readonly noDeps?: boolean;
  readonly forceRecreate?: boolean;
  readonly noRecreate?: boolean;
  readonly removeOrphans?: boolean;
  readonly build?: 'always' | 'auto' | 'never';
  readonly pull?: 'always' | 'missing' | 'never';
}

export function planEngine(desired: EngineDesired, observed: EngineObserved, options: PlanOptions = {}): EnginePlan {
  const selected = selectServices(desired, options);
  const actions: EngineAction[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const network of desired.networks) {
    const live = observed.networks.find((n) => n.name === network.name);
    if (network.create && !live) actions.push({ kind: 'create-network', key: network.key, name: network.name, body: network.create });
    if (network.external && !live) errors.push(`external network "${network.name}" (${network.key}) does not exist; create it first with docker network create`);
    // Who made it (docker compose, another stackc) is not how it was made.
    const drift = network.create && live ? networkDrift(network.create, live, [LABELS.version]) : [];
    if (drift.length) warnings.push(driftWarning('network', network.name, drift, 'stackc down, then up again'));
  }
  for (const volume of desired.volumes) {
    const live = observed.volumes.find((v) => v.name === volume.name);
    if (volume.create && !live) actions.push({ kind: 'create-volume', key: volume.key, name: volume.name, body: volume.create });
    if (volume.external && !live) errors.push(`external volume "${volume.name}" (${volume.key}) does not exist; create it first with docker volume create`);
    const drift = volume.create && live ? volumeDrift(volume.create, live, [LABELS.version]) : [];
    if (drift.length) warnings.push(driftWarning('volume', volume.name, drift, 'stackc down -v, then up again (this deletes its data)'));
  }
  // Leftovers first: a restored container is then planned like any other.
  const leftovers = planLeftovers(observed.replaced, observed.containers);
  actions.push(...leftovers.actions);
  const containers = [...observed.containers, ...leftovers.restored];
  const unchanged: string[] = [];
  const byService = groupByService(containers);
  const jobs = jobServices(desired);
  for (const service of desired.services.filter((s) => selected.has(s.name))) {
    const image = imageAction(service, observed.images.has(service.image), options);
    if (image) actions.push(image);
    const result = planService(service, byService.get(service.name) ?? [], options, observed.images.get(service.image), jobs.has(service.name));
    actions.push(...result.actions);
    unchanged.push(...result.unchanged);
  }
  const known = new Set(desired.services.map((s) => s.name));
  const orphanContainers = containers.filter((c) => !known.has(c.labels[LABELS.service] ?? ''));
  if (options.removeOrphans) {
    for (const c of orphanContainers) actions.push({ kind: 'remove-container', service: c.labels[LABELS.service] ?? '', name: c.name, id: c.id, reason: 'orphan' });
  }
  return {
    project: desired.project,
    actions,
    unchanged: unchanged.sort(),
    orphans: options.removeOrphans ? [] : orphanContainers.map((c) => c.name).sort(),
    errors,
    warnings,
  };
}

/** The named services plus everything they depend on, transitively (unless --no-deps). */
function selectServices(desired: EngineDesired, options: PlanOptions): Set<string> {
  const all = desired.services.map((s) => s.name);
  if (!options.services?.length) return new Set(all);
  const selected = new Set<string>();
  const visit = (name: string) => {
    if (selected.has(name)) return;
    selected.add(name);
    if (options.noDeps) return;
    const service = desired.services.find((s) => s.name === name);
    for (const dep of Object.keys(service?.dependsOn ?? {})) visit(dep);
  };
  options.services.forEach(visit);
  return selected;
}

function imageAction(service: DesiredService, present: boolean, options: PlanOptions): EngineAction | undefined {
  if (service.build && (options.build === 'always' || (!present && options.build !== 'never'))) {
    return { kind: 'build-image', service: service.name, image: service.image, build: service.build };
  }
  const policy = options.pull ?? service.pullPolicy;
  if (policy === 'always' || (!present && policy !== 'never' && !service.build)) {
    return { kind: 'pull-image', service: service.name, image: service.image };
  }
  return undefined;
}

function planService(
  service: DesiredService,
  existing: readonly ContainerSummary[],
  options: PlanOptions,
  imageId: string | undefined,
  isJob: boolean,
): { actions: EngineAction[]; unchanged: string[] } {
  const actions: EngineAction[] = [];
  const unchanged: string[] = [];
  const byNumber = new Map(existing.map((c) => [Number(c.labels[LABELS.containerNumber]), c]));
  for (const container of service.containers) {
    const current = byNumber.get(container.number);
    byNumber.delete(container.number);
    if (!current) {
      actions.push({ kind: 'create-container', service: service.name, container });
      continue;
    }
    const reason = recreateReason(service, current, options, imageId);
    if (reason) actions.push({ kind: 'create-container', service: service.name, container, replaces: { id: current.id, reason, running: current.state === 'running' } });
    else if (current.state !== 'running' && !(isJob && completed(current))) actions.push({ kind: 'start-container', service: service.name, name: current.name, id: current.id });
    else unchanged.push(current.name);
  }
  // Scale down removes the highest numbers: whatever is left over.
  for (const extra of [...byNumber.values()].sort((a, b) => byCodePoint(a.name, b.name))) {
    actions.push({ kind: 'remove-container', service: service.name, name: extra.name, id: extra.id, reason: 'scale-down' });
  }
  return { actions, unchanged };
}

/** As docker compose decides: the config hash, or a different image behind the same name (pulled or rebuilt). */
function recreateReason(service: DesiredService, current: ContainerSummary, options: PlanOptions, imageId: string | undefined): string | undefined {
  if (options.noRecreate) return undefined;
  if (options.forceRecreate) return 'forced (--force-recreate)';
  if (current.labels[LABELS.configHash] !== service.configHash) return 'configuration changed';
  if (imageId && current.imageId && current.imageId !== imageId) return 'image changed';
  // Created but never started: a run was cut short (or its start failed) before it could
  // connect the container's other networks, so starting it could run it half-wired.
  if (current.state === 'created') return 'never started (left by an interrupted or failed up)';
  return undefined;
}

/**
 * Services others wait on with `service_completed_successfully` are jobs: once one exited 0 with
 * the same configuration, its work is done, and running it again on every `up` would redo it
 * (and cost writes on an unchanged project).
 */
function jobServices(desired: EngineDesired): Set<string> {
  const jobs = new Set<string>();
  for (const s of desired.services) {
    for (const [dep, { condition }] of Object.entries(s.dependsOn)) if (condition === 'service_completed_successfully') jobs.add(dep);
  }
  return jobs;
}

function completed(container: ContainerSummary): boolean {
  return container.state === 'exited' && /^Exited \(0\)/.test(container.status);
}

function groupByService(containers: readonly ContainerSummary[]): Map<string, ContainerSummary[]> {
  const out = new Map<string, ContainerSummary[]>();
  for (const c of containers) {
    const name = c.labels[LABELS.service] ?? '';
    out.set(name, [...(out.get(name) ?? []), c]);
  }
  return out;
}
