/**
 * Named edits of a recorded observed state (tests/support/observed-recording.ts), each standing
 * for what a person, docker or an interrupted run does to a live stack: the drift kinds stackc
 * must attribute to a field, the objects it must create or remove, and the engine-side rewrites
 * that must stay "no changes". Together they reach every action kind of a swarm plan.
 *
 * An edit works on the raw engine JSON, as the engine would store it, and picks its target the
 * same way for every fixture (the first service, by name, that has what it needs).
 */
import { SPEC_HASH_LABEL, type SwarmPlanOptions } from '../../../src/deploy/swarm/plan.js';
import type { SwarmDesired } from '../../../src/targets/swarm/desired.js';
import type { ObservedRecording } from '../../support/observed-recording.js';

type Json = Record<string, any>;

export interface Mutation {
  readonly name: string;
  /** Edits `state` in place; the options to plan with, or undefined when the fixture has nothing to edit. */
  apply(state: ObservedRecording, desired: SwarmDesired): SwarmPlanOptions | undefined;
}

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

const container = (s: Json): Json => s.Spec.TaskTemplate.ContainerSpec;
const first = <T>(list: readonly T[], test: (item: T) => boolean = () => true): T | undefined => list.find(test);

/** A copy of a listed object under another name, as another deploy (or a person) would have made it. */
function copyNamed(object: Json, name: string): Json {
  const copy = structuredClone(object);
  if (copy.Spec) {
    copy.ID = `<id of ${name}>`;
    copy.Spec.Name = name;
  } else {
    copy.Id = `<id of ${name}>`;
    copy.Name = name;
  }
  return copy;
}

export const MUTATIONS: readonly Mutation[] = [
  {
    // docker service update --env-add
    name: 'env-added',
    apply(state) {
      const s = first(state.services);
      if (!s) return undefined;
      container(s).Env = [...(container(s).Env ?? []), 'GOLDEN_DRIFT=1'];
      return {};
    },
  },
  {
    // docker service update --image
    name: 'image-changed',
    apply(state) {
      const s = first(state.services);
      if (!s) return undefined;
      container(s).Image = 'example.org/hand-edited:1';
      return {};
    },
  },
  {
    // docker service scale, on a service whose file sets replicas (one that does not keeps any count)
    name: 'replicas-changed',
    apply(state, desired) {
      const counted = new Set(desired.services.filter((d) => 'Replicated' in d.spec.Mode && d.spec.Mode.Replicated.Replicas !== undefined).map((d) => d.name));
      const s = first(state.services, (x) => counted.has(x.Spec.Name));
      if (!s) return undefined;
      s.Spec.Mode.Replicated.Replicas += 2;
      return {};
    },
  },
  {
    // docker service update --network-rm
    name: 'network-detached',
    apply(state) {
      const s = first(state.services, (x) => x.Spec.TaskTemplate.Networks?.length > 0);
      if (!s) return undefined;
      s.Spec.TaskTemplate.Networks = s.Spec.TaskTemplate.Networks.slice(1);
      return {};
    },
  },
  {
    // docker service update --secret-rm
    name: 'secret-detached',
    apply(state) {
      const s = first(state.services, (x) => container(x).Secrets?.length > 0);
      if (!s) return undefined;
      container(s).Secrets = container(s).Secrets.slice(1);
      return {};
    },
  },
  {
    // deployed by an older file: another spec hash, and the file has since added an environment entry
    name: 'file-changed',
    apply(state) {
      const s = first(state.services, (x) => container(x).Env?.length > 0);
      if (!s) return undefined;
      s.Spec.Labels[SPEC_HASH_LABEL] = '0'.repeat(64);
      container(s).Env = container(s).Env.slice(0, -1);
      return {};
    },
  },
  {
    // the service runs image@digest A; the registry now names digest B for the tag (--resolve-image always)
    name: 'tag-moved',
    apply(state, desired) {
      const s = first(state.services);
      const image = desired.services.find((d) => d.name === s?.Spec.Name)?.spec.TaskTemplate.ContainerSpec.Image;
      if (!s || !image) return undefined;
      container(s).Image = `${image}@${DIGEST_A}`;
      return { digests: new Map([[image, DIGEST_B]]) };
    },
  },
  {
    // pinned by docker stack deploy or an earlier --resolve-image; this deploy pins nothing: no change
    name: 'image-pinned',
    apply(state) {
      const s = first(state.services);
      if (!s) return undefined;
      container(s).Image = `${container(s).Image}@${DIGEST_A}`;
      return {};
    },
  },
  {
    // docker service update --force: restarts the tasks, changes no configuration
    name: 'force-updated',
    apply(state) {
      const s = first(state.services);
      if (!s) return undefined;
      s.Spec.TaskTemplate.ForceUpdate = (s.Spec.TaskTemplate.ForceUpdate ?? 0) + 1;
      return {};
    },
  },
  {
    // docker service rm
    name: 'service-removed',
    apply(state) {
      if (!state.services.length) return undefined;
      state.services.shift();
      return {};
    },
  },
  {
    // a service of the stack the file no longer has, with --prune
    name: 'extra-service-pruned',
    apply(state) {
      const s = first(state.services);
      if (!s) return undefined;
      state.services.push(copyNamed(s, `${state.stack}_retired`));
      return { prune: true };
    },
  },
  {
    // a network of the stack the file no longer has, with --prune
    name: 'extra-network-pruned',
    apply(state) {
      const n = first(state.networks);
      if (!n) return undefined;
      state.networks.push(copyNamed(n, `${state.stack}_retired`));
      return { prune: true };
    },
  },
  {
    // a secret of the stack the file no longer has, with --prune
    name: 'extra-secret-pruned',
    apply(state) {
      const o = first(state.secrets);
      if (!o) return undefined;
      state.secrets.push(copyNamed(o, `${state.stack}_retired_0123456789`));
      return { prune: true };
    },
  },
  {
    // an older content version of a secret the file still has (removed without --prune)
    name: 'secret-superseded',
    apply(state) {
      const o = first(state.secrets);
      if (!o) return undefined;
      state.secrets.push(copyNamed(o, String(o.Spec.Name).replace(/_[0-9a-f]{10}$/, '_0123456789')));
      return {};
    },
  },
  {
    // the stack's network is gone (removed by hand, or an interrupted deploy never made it)
    name: 'network-missing',
    apply(state) {
      if (!state.networks.length) return undefined;
      state.networks.shift();
      return {};
    },
  },
  {
    // the secret's current version is gone (docker secret rm, or an interrupted deploy)
    name: 'secret-missing',
    apply(state) {
      if (!state.secrets.length) return undefined;
      state.secrets.shift();
      return {};
    },
  },
];
