/**
 * plan(desired, observed) for a stack: which networks, secrets, configs and services to create,
 * which services to update, and (with --prune) what to remove. A service is updated only when
 * the file changed it (its spec-hash label differs) or when the live spec drifted from it (a
 * hand edit, found by comparing both specs under the rules in diff/swarm-spec-rules.ts); an
 * unchanged service costs no write and restarts no task — unlike docker stack deploy, which
 * updates every service on every run. Registry digests (--resolve-image, looked up by the caller)
 * pin the images sent; a digest that differs from the one the service runs is an update too.
 */
import { createHash } from 'node:crypto';
import type { NetworkSummary } from '../engine-api.js';
import { canonicalJson } from '../../targets/engine/hash.js';
import type { ContentSource, DesiredSwarmService, NetworkCreateBody, SecretCreateBody, ServiceSpec, SwarmDesired } from '../../targets/swarm/desired.js';
import { fieldChanges, type FieldChange } from '../diff/fields.js';
import { driftWarning, networkDrift } from '../drift.js';
import { comparableSpecs } from '../diff/swarm-spec-rules.js';
import { isPinned, pinImage } from './resolve-image.js';
import type { ObjectRef, ServiceState } from './swarm-api.js';

/** Label stackc adds to each service: the sha256 of the spec it last deployed. */
export const SPEC_HASH_LABEL = 'dev.stackc.spec-hash';

export interface SwarmObserved {
  readonly services: readonly ServiceState[];
  /** The stack's networks (by label) and the external ones the desired state names. */
  readonly networks: readonly NetworkSummary[];
  readonly secrets: readonly ObjectRef[];
  readonly configs: readonly ObjectRef[];
  /**
   * Secrets and configs looked up by name, as `secret:<name>`, present ones only: the external
   * ones, and those the file names with `name:`, which another stack may have made from the same
   * content (see observe.ts).
   */
  readonly byName: ReadonlySet<string>;
}

export type Kind = 'secret' | 'config';

export type SwarmAction =
  | { readonly kind: 'create-network'; readonly key: string; readonly name: string; readonly body: NetworkCreateBody }
  | { readonly kind: 'create-object'; readonly object: Kind; readonly key: string; readonly name: string; readonly body: SecretCreateBody; readonly source: ContentSource }
  | { readonly kind: 'create-service'; readonly key: string; readonly name: string; readonly spec: ServiceSpec }
  | {
      readonly kind: 'update-service';
      readonly key: string;
      readonly name: string;
      readonly id: string;
      readonly version: number;
      readonly spec: ServiceSpec;
      /**
       * `changed`: the file changed it; `unrecorded`: the service differs from the file and has no
       * spec hash (docker stack deploy or another tool made it) to tell a file change from an
       * edit; `digest`: the file did not, but its image's tag names another digest on the
       * registry than the one the service runs; `drift`: the live service differs otherwise
       * (edited by hand).
       */
      readonly reason: 'changed' | 'unrecorded' | 'digest' | 'drift';
      readonly fields: readonly FieldChange[];
      /** Both specs after the comparison rules: what a unified diff shows. */
      readonly compared: { readonly live: unknown; readonly desired: unknown };
    }
  | { readonly kind: 'remove-service'; readonly name: string; readonly id: string }
  | { readonly kind: 'remove-network'; readonly name: string; readonly id: string }
  | { readonly kind: 'remove-object'; readonly object: Kind; readonly name: string; readonly id: string; readonly reason: 'pruned' | 'superseded' };

export interface SwarmPlan {
  readonly stack: string;
  readonly actions: readonly SwarmAction[];
  readonly unchanged: readonly string[];
  readonly errors: readonly string[];
  /** What the deploy cannot do but goes on without (a network that differs from the file). */
  readonly warnings: readonly string[];
}

export function specHash(spec: ServiceSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

export interface SwarmPlanOptions {
  readonly prune?: boolean;
  /** Image as the file writes it → the digest its registry names now (resolve-image.ts). */
  readonly digests?: ReadonlyMap<string, string>;
}

export function planSwarm(desired: SwarmDesired, observed: SwarmObserved, options: SwarmPlanOptions = {}): SwarmPlan {
  const actions: SwarmAction[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const n of desired.networks) {
    const live = observed.networks.find((o) => o.name === n.name);
    if (n.external && !live) errors.push(`external network "${n.name}" (${n.key}) does not exist; create it with docker network create --driver overlay`);
    if (n.create && !live) actions.push({ kind: 'create-network', key: n.key, name: n.name, body: n.create });
    const drift = n.create && live ? networkDrift(n.create, live) : [];
    if (drift.length) warnings.push(driftWarning('network', n.name, drift, `stackc rm ${desired.stack}, then deploy again`));
  }
  for (const [object, list, existing] of [
    ['secret', desired.secrets, observed.secrets],
    ['config', desired.configs, observed.configs],
  ] as const) {
    for (const item of list) {
      if (item.external) {
        if (!observed.byName.has(`${object}:${item.name}`)) errors.push(`external ${object} "${item.name}" does not exist; create it with docker ${object} create`);
      } else if (item.create && item.source && !existing.some((e) => e.name === item.name) && !observed.byName.has(`${object}:${item.name}`)) {
        actions.push({ kind: 'create-object', object, key: item.key, name: item.name, body: item.create, source: item.source });
      }
    }
  }
  const unchanged: string[] = [];
  const networkNames = new Map(observed.networks.map((n) => [n.id, n.name]));
  for (const service of desired.services) {
    const current = observed.services.find((s) => s.name === service.name);
    const modeChange = current && refusedModeChange(current.spec, service.spec);
    if (modeChange) {
      errors.push(`service ${service.name} ${modeChange}`);
      continue;
    }
    const step = planService(service, current, networkNames, options.digests?.get(service.spec.TaskTemplate.ContainerSpec.Image));
    if (step) actions.push(step);
    else unchanged.push(service.name);
  }
  if (options.prune) actions.push(...pruneActions(desired, observed));
  actions.push(...unwantedObjects(desired, observed, 'superseded'));
  return { stack: desired.stack, actions, unchanged: unchanged.sort(), errors, warnings };
}

function planService(service: DesiredSwarmService, current: ServiceState | undefined, networkNames: ReadonlyMap<string, string>, digest: string | undefined): SwarmAction | undefined {
  // The hash is of the file's spec, unpinned: a tag that moved on its registry is not a file change.
  const hash = specHash(service.spec);
  const labelled: ServiceSpec = { ...service.spec, Labels: { ...service.spec.Labels, [SPEC_HASH_LABEL]: hash } };
  const spec = digest ? withImage(labelled, pinImage(imageOf(labelled), digest)) : labelled;
  if (!current) return { kind: 'create-service', key: service.key, name: service.name, spec };
  const target = keepForceUpdate(keepReplicas(keepPinnedImage(spec, current.spec), current.spec), current.spec);
  const compared = comparableSpecs(current.spec, target, { networkNames, ignoredLabels: [SPEC_HASH_LABEL] });
  const fields = fieldChanges(compared.live, compared.desired);
  const recorded = current.labels[SPEC_HASH_LABEL];
  // A service without a hash (docker stack deploy or another tool made it) that already is what
  // the file says stays as it is: an update only to record the hash would restart its tasks when
  // the engine keeps the spec in another but equal form (docker's Privileges of nulls, for one).
  if ((recorded === hash || recorded === undefined) && !fields.length) return undefined;
  const reason = recorded === undefined ? 'unrecorded' : recorded !== hash ? 'changed' : digest && fields.every((f) => f.path === IMAGE_PATH) ? 'digest' : 'drift';
  return { kind: 'update-service', key: service.key, name: service.name, id: current.id, version: current.version, spec: target, reason, fields, compared };
}

/** The compose `deploy.mode` for each Engine API mode. */
const MODES: Readonly<Record<string, string>> = { Replicated: 'replicated', Global: 'global', ReplicatedJob: 'replicated-job', GlobalJob: 'global-job' };

const modeOf = (spec: ServiceSpec): string => {
  const [kind = ''] = Object.keys(spec.Mode);
  return MODES[kind] ?? kind;
};

/**
 * Swarm refuses to change a service's mode ("service mode change is not allowed"). Found in the
 * plan, it stops the deploy before any write; at apply time it would fail midway, after other
 * services were already updated (docker stack deploy does that). Replacing the service is left
 * to the user: it means downtime.
 */
function refusedModeChange(live: ServiceSpec, wanted: ServiceSpec): string | undefined {
  const [from, to] = [modeOf(live), modeOf(wanted)];
  if (from === to) return undefined;
  return `runs in ${from} mode and the file asks for ${to}: swarm cannot change a service's mode; remove the service (docker service rm ${live.Name}) and deploy again`;
}

const IMAGE_PATH = 'TaskTemplate.ContainerSpec.Image';

const imageOf = (spec: ServiceSpec): string => spec.TaskTemplate.ContainerSpec.Image;

function withImage(spec: ServiceSpec, image: string): ServiceSpec {
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...spec.TaskTemplate.ContainerSpec, Image: image } } };
}

/**
 * An image not looked up this time (--resolve-image never or changed, or no registry answer)
 * keeps the digest the service runs when that pins the same reference, as docker stack deploy
 * does: an update for another reason must not unpin it and let nodes pull whatever the tag names now.
 */
function keepPinnedImage(spec: ServiceSpec, current: ServiceSpec): ServiceSpec {
  const image = imageOf(spec);
  const live = imageOf(current);
  return !isPinned(image) && /^(.*)@sha256:[0-9a-f]{64}$/.exec(live)?.[1] === image ? withImage(spec, live) : spec;
}

/** Sending a lower ForceUpdate counter than the live one would itself restart every task. */
function keepForceUpdate(spec: ServiceSpec, current: ServiceSpec): ServiceSpec {
  const live = (current.TaskTemplate as { ForceUpdate?: number }).ForceUpdate;
  return live ? { ...spec, TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: live } as ServiceSpec['TaskTemplate'] } : spec;
}

/** A file without `replicas` keeps the service's current count (e.g. a manual docker service scale). */
function keepReplicas(spec: ServiceSpec, current: ServiceSpec): ServiceSpec {
  if (!('Replicated' in spec.Mode) || spec.Mode.Replicated.Replicas !== undefined) return spec;
  const replicas = 'Replicated' in current.Mode ? current.Mode.Replicated.Replicas : undefined;
  return replicas === undefined ? spec : { ...spec, Mode: { Replicated: { Replicas: replicas } } };
}

function pruneActions(desired: SwarmDesired, observed: SwarmObserved): SwarmAction[] {
  const out: SwarmAction[] = [];
  const services = new Set(desired.services.map((s) => s.name));
  for (const s of observed.services) if (!services.has(s.name)) out.push({ kind: 'remove-service', name: s.name, id: s.id });
  const networks = new Set(desired.networks.map((n) => n.name));
  for (const n of observed.networks) {
    if (!networks.has(n.name) && n.labels['com.docker.stack.namespace'] === desired.stack) out.push({ kind: 'remove-network', name: n.name, id: n.id });
  }
  return [...out, ...unwantedObjects(desired, observed, 'pruned')];
}

/**
 * The stack's secrets/configs the file no longer names: older content versions of ones it still
 * gives content are `superseded` (removed once no service uses them, always), and so is the
 * unversioned `<stack>_<key>` or `name:` docker stack deploy names them with, once stackc took
 * the stack over; the rest, those of keys now external among them, are `pruned` (removed only
 * with --prune).
 */
function unwantedObjects(desired: SwarmDesired, observed: SwarmObserved, reason: 'pruned' | 'superseded'): SwarmAction[] {
  const out: SwarmAction[] = [];
  for (const [object, wanted, existing] of [
    ['secret', desired.secrets, observed.secrets],
    ['config', desired.configs, observed.configs],
  ] as const) {
    // What a version's name is made of before `_<digest>`: `<stack>_<key>`, or the file's `name:`
    // (a key that gained a `name:` still has its versions from before under `<stack>_<key>`).
    const bases = new Set(wanted.flatMap((w) => (w.source ? [`${desired.stack}_${w.key}`, versionBase(w.name)] : [])));
    for (const e of existing) {
      if (wanted.some((w) => w.name === e.name)) continue;
      const base = versionBase(e.name) ?? e.name;
      if (bases.has(base) === (reason === 'superseded')) out.push({ kind: 'remove-object', object, name: e.name, id: e.id, reason });
    }
  }
  return out;
}

/** `x` for a content version `x_<10 hex digits>` (names.ts), else undefined. */
function versionBase(name: string): string | undefined {
  return /^(.+)_[0-9a-f]{10}$/.exec(name)?.[1];
}
