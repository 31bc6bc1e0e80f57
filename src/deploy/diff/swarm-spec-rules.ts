/**
 * What the engine fills in or rewrites in a stored ServiceSpec, as an explicit list of rules.
 * Applied to the desired spec and the live one before they are compared, so that an unchanged
 * file shows no changes and a real edit (by a file or by hand) shows exactly what moved.
 * Each rule is tested on its own (tests/unit/deploy/swarm-spec-rules.test.ts).
 */
import { isPlainObject } from './fields.js';

type Json = Record<string, unknown>;

export interface CompareContext {
  /** Network ID → name, for attachments the engine stores by ID. */
  readonly networkNames: ReadonlyMap<string, string>;
  /** Labels that are stackc's bookkeeping, not configuration. */
  readonly ignoredLabels: readonly string[];
}

export interface SpecRule {
  readonly name: string;
  readonly why: string;
  /** Rewrites the live spec given the desired one (both already deep-copied). */
  apply(live: Json, desired: Json, ctx: CompareContext): void;
}

const SECOND = 1_000_000_000;

/** Engine defaults: dropped from the live spec when the desired spec does not set the field. */
const SERVER_DEFAULTS: readonly [string, unknown][] = [
  ['TaskTemplate.ContainerSpec.StopGracePeriod', 10 * SECOND],
  ['TaskTemplate.ContainerSpec.Isolation', 'default'],
  ['TaskTemplate.Runtime', 'container'],
  ['TaskTemplate.RestartPolicy.Condition', 'any'],
  ['TaskTemplate.RestartPolicy.Delay', 5 * SECOND],
  ['TaskTemplate.RestartPolicy.MaxAttempts', 0],
  ['UpdateConfig.Parallelism', 1],
  ['UpdateConfig.FailureAction', 'pause'],
  ['UpdateConfig.Monitor', 5 * SECOND],
  ['UpdateConfig.MaxFailureRatio', 0],
  ['UpdateConfig.Order', 'stop-first'],
  ['RollbackConfig.Parallelism', 1],
  ['RollbackConfig.FailureAction', 'pause'],
  ['RollbackConfig.Monitor', 5 * SECOND],
  ['RollbackConfig.MaxFailureRatio', 0],
  ['RollbackConfig.Order', 'stop-first'],
  ['EndpointSpec.Mode', 'vip'],
];

/**
 * Durations whose 0 the engine replaces with its default (a `monitor: 0s` comes back as 5 s; seen
 * on engine 20.10): a file's 0 there is the same as leaving the field unset.
 */
const ZERO_MEANS_DEFAULT: readonly string[] = ['UpdateConfig.Monitor', 'RollbackConfig.Monitor'];

/** Durations the engine stores with `omitempty`: a 0 it was sent comes back absent (seen on engine 20.10). */
const OMITTED_ZEROS: readonly string[] = ['UpdateConfig.Delay', 'RollbackConfig.Delay'];

export const SWARM_SPEC_RULES: readonly SpecRule[] = [
  {
    name: 'bookkeeping-labels',
    why: "stackc's own labels (the spec hash) record a deploy; they are not configuration",
    apply(live, desired, ctx) {
      for (const spec of [live, desired]) {
        const labels = spec.Labels;
        if (isPlainObject(labels)) for (const key of ctx.ignoredLabels) delete labels[key];
      }
    },
  },
  {
    name: 'server-defaults',
    why: 'the engine stores its defaults (update/rollback config, restart policy, stop grace period, ...) for fields the file left unset, and for a monitor of 0',
    apply(live, desired) {
      for (const [path, value] of SERVER_DEFAULTS) {
        const zeroMeansDefault = ZERO_MEANS_DEFAULT.includes(path) && get(desired, path) === 0;
        if ((get(desired, path) !== undefined && !zeroMeansDefault) || JSON.stringify(get(live, path)) !== JSON.stringify(value)) continue;
        remove(live, path);
        if (zeroMeansDefault) remove(desired, path);
      }
    },
  },
  {
    name: 'omitted-zeros',
    why: 'the engine leaves out a zero update/rollback delay it was sent (`delay: 0s` in the file); absent and 0 mean the same there',
    apply(live, desired) {
      for (const path of OMITTED_ZEROS) if (get(desired, path) === 0 && get(live, path) === undefined) set(live, path, 0);
    },
  },
  {
    name: 'image-digest',
    why: 'a service pinned to `image:tag@sha256:…` (by docker stack deploy or an earlier --resolve-image) runs the tag the file asks for; when this deploy pins nothing, the tag is what counts',
    apply(live, desired) {
      const path = 'TaskTemplate.ContainerSpec.Image';
      const image = get(live, path);
      if (typeof image === 'string' && !String(get(desired, path) ?? '').includes('@')) set(live, path, image.replace(/@sha256:[0-9a-f]+$/, ''));
    },
  },
  {
    name: 'network-ids',
    why: 'network attachments are stored by network ID; the file names networks (and their order means nothing)',
    apply(live, desired, ctx) {
      for (const spec of [live, desired]) {
        const networks = get(spec, 'TaskTemplate.Networks');
        if (!Array.isArray(networks)) continue;
        for (const n of networks) if (isPlainObject(n) && typeof n.Target === 'string') n.Target = ctx.networkNames.get(n.Target) ?? n.Target;
        // Plain code-unit order on both sides, whatever order each side came in.
        networks.sort((a, b) => (String((a as Json).Target) < String((b as Json).Target) ? -1 : 1));
      }
    },
  },
  {
    name: 'force-update-counter',
    why: '`docker service update --force` bumps TaskTemplate.ForceUpdate to restart tasks; it is an action, not configuration (deploy carries the live value over)',
    apply(live, desired) {
      for (const spec of [live, desired]) {
        const template = spec.TaskTemplate;
        if (isPlainObject(template)) delete template.ForceUpdate;
      }
    },
  },
  {
    name: 'secret-config-ids',
    why: 'secret and config references carry engine IDs; their names identify the content',
    apply(live, desired) {
      for (const spec of [live, desired]) {
        for (const [list, id] of [['Secrets', 'SecretID'], ['Configs', 'ConfigID']] as const) {
          const refs = get(spec, `TaskTemplate.ContainerSpec.${list}`);
          if (Array.isArray(refs)) for (const r of refs) if (isPlainObject(r)) delete r[id];
        }
      }
    },
  },
  {
    name: 'empty-collections',
    why: 'the engine turns absent objects into {} (Resources, Placement, DNSConfig) and drops empty lists, and null is how the API writes a field not set (docker stack deploy sends Privileges: {CredentialSpec: null, SELinuxContext: null}); all mean "nothing set"',
    apply(live, desired) {
      pruneEmpty(live);
      pruneEmpty(desired);
    },
  },
];

/** Deep copies of both specs with every rule applied, ready to compare. */
export function comparableSpecs(live: unknown, desired: unknown, ctx: CompareContext): { live: Json; desired: Json } {
  const l = structuredClone(live) as Json;
  const d = structuredClone(desired) as Json;
  for (const rule of SWARM_SPEC_RULES) rule.apply(l, d, ctx);
  return { live: l, desired: d };
}

function get(root: Json, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isPlainObject(node) ? node[key] : undefined), root);
}

function set(root: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  const parent = get(root, keys.slice(0, -1).join('.'));
  if (isPlainObject(parent)) parent[keys[keys.length - 1]!] = value;
}

function remove(root: Json, path: string): void {
  const keys = path.split('.');
  const parent = keys.length === 1 ? root : get(root, keys.slice(0, -1).join('.'));
  if (isPlainObject(parent)) delete parent[keys[keys.length - 1]!];
}

/** Removes empty objects/arrays and nulls (recursively) so `{}`, `null` and absent compare equal. */
function pruneEmpty(node: unknown): boolean {
  if (Array.isArray(node)) {
    node.forEach(pruneEmpty);
    return node.length === 0;
  }
  if (!isPlainObject(node)) return node === undefined || node === null;
  for (const key of Object.keys(node)) if (pruneEmpty(node[key])) delete node[key];
  return Object.keys(node).length === 0;
}
