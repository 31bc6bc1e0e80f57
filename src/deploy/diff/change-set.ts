/**
 * The diff model: what a plan does to each object, target-neutral, separate from how it is
 * rendered. Built from an EnginePlan or a SwarmPlan; rendered as text or JSON by render.ts.
 */
import type { EnginePlan } from '../engine/plan.js';
import type { SwarmAction, SwarmPlan } from '../swarm/plan.js';
import type { FieldChange } from './fields.js';

export type ObjectType = 'service' | 'container' | 'network' | 'volume' | 'secret' | 'config' | 'image';
export type Action = 'create' | 'update' | 'replace' | 'remove' | 'unchanged';

export interface ObjectChange {
  readonly type: ObjectType;
  readonly name: string;
  readonly action: Action;
  readonly reason?: string;
  readonly fields: readonly FieldChange[];
  /** The compared documents, for a unified diff (updates only). */
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ChangeSet {
  readonly target: 'engine' | 'swarm';
  readonly name: string;
  readonly changes: readonly ObjectChange[];
}

const none: readonly FieldChange[] = [];

const UPDATE_REASONS: Record<Extract<SwarmAction, { kind: 'update-service' }>['reason'], string> = {
  changed: 'the file changed',
  unrecorded: 'differs from the file; deployed without stackc, so no record says whether the file or a hand edit changed it',
  digest: 'the image tag moved: its registry names another digest than the one the service runs',
  drift: 'drift: the live service differs from the file (changed outside stackc)',
};

export function fromSwarmPlan(plan: SwarmPlan): ChangeSet {
  const changes: ObjectChange[] = plan.actions.map((a): ObjectChange => {
    switch (a.kind) {
      case 'create-network':
        return { type: 'network', name: a.name, action: 'create', fields: none };
      case 'create-object':
        return { type: a.object, name: a.name, action: 'create', reason: 'new content version', fields: none };
      case 'create-service':
        return { type: 'service', name: a.name, action: 'create', fields: none };
      case 'update-service':
        return {
          type: 'service',
          name: a.name,
          action: 'update',
          reason: UPDATE_REASONS[a.reason],
          fields: a.fields,
          before: a.compared.live,
          after: a.compared.desired,
        };
      case 'remove-service':
        return { type: 'service', name: a.name, action: 'remove', reason: 'not in the file (--prune)', fields: none };
      case 'remove-network':
        return { type: 'network', name: a.name, action: 'remove', reason: 'not in the file (--prune)', fields: none };
      case 'remove-object':
        return { type: a.object, name: a.name, action: 'remove', reason: a.reason === 'superseded' ? 'superseded by a new content version' : 'not in the file (--prune)', fields: none };
    }
  });
  for (const name of plan.unchanged) changes.push({ type: 'service', name, action: 'unchanged', fields: none });
  return { target: 'swarm', name: plan.stack, changes };
}

/** Field-level detail for replaced containers, gathered by the caller (it needs inspect reads). */
export type ContainerComparisons = ReadonlyMap<string, { readonly fields: readonly FieldChange[]; readonly before: unknown; readonly after: unknown }>;

export function fromEnginePlan(plan: EnginePlan, compared: ContainerComparisons = new Map()): ChangeSet {
  const changes: ObjectChange[] = plan.actions.map((a): ObjectChange => {
    switch (a.kind) {
      case 'create-network':
        return { type: 'network', name: a.name, action: 'create', fields: none };
      case 'create-volume':
        return { type: 'volume', name: a.name, action: 'create', fields: none };
      case 'pull-image':
        return { type: 'image', name: a.image, action: 'update', reason: `pull for service ${a.service}`, fields: none };
      case 'build-image':
        return { type: 'image', name: a.image, action: 'update', reason: `build for service ${a.service}`, fields: none };
      case 'create-container':
        return a.replaces
          ? { type: 'container', name: a.container.name, action: 'replace', reason: a.replaces.reason, fields: none, ...compared.get(a.container.name) }
          : { type: 'container', name: a.container.name, action: 'create', fields: none };
      case 'start-container':
        return { type: 'container', name: a.name, action: 'update', reason: 'drift: stopped; it will be started', fields: none };
      case 'remove-container':
        return { type: 'container', name: a.name, action: 'remove', reason: a.reason === 'orphan' ? 'its service is no longer in the file' : 'scaled down', fields: none };
      case 'remove-replaced':
        return { type: 'container', name: a.name, action: 'remove', reason: `left by an interrupted up; ${a.replacement} replaced it`, fields: none };
      case 'restore-replaced':
        return { type: 'container', name: a.from, action: 'update', reason: `left by an interrupted up before its replacement was created; renamed back to ${a.name}`, fields: none };
    }
  });
  for (const name of plan.unchanged) changes.push({ type: 'container', name, action: 'unchanged', fields: none });
  for (const name of plan.orphans) changes.push({ type: 'container', name, action: 'unchanged', reason: 'orphan: its service is no longer in the file (kept; --remove-orphans removes it)', fields: none });
  return { target: 'engine', name: plan.project, changes };
}

export function hasChanges(set: ChangeSet): boolean {
  return set.changes.some((c) => c.action !== 'unchanged');
}
