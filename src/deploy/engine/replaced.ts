/**
 * Replaced containers. `up --rollback-on-failure` does not remove a container it replaces: it
 * stops it and renames it `<name>-stackc-replaced` (labels unchanged, so it is still found by
 * the project label) until the up has succeeded or been rolled back. A run killed in between
 * leaves one behind; the planner recognises it by this name and reconciles it.
 */
import type { ContainerSummary } from '../engine-api.js';
import { LABELS } from '../../targets/engine/labels.js';
import type { EngineAction } from './plan.js';

const SUFFIX = '-stackc-replaced';

export function replacedName(name: string): string {
  return `${name}${SUFFIX}`;
}

export function isReplaced(container: { readonly name: string }): boolean {
  return container.name.endsWith(SUFFIX);
}

/** The name the container had before it was set aside, which its replacement takes. */
export function originalName(container: { readonly name: string }): string {
  return container.name.slice(0, -SUFFIX.length);
}

type Leftover = Extract<EngineAction, { kind: 'restore-replaced' | 'remove-replaced' }>;

/**
 * A leftover whose replacement exists is removed: the replacement carries the newer
 * configuration, and the next steps of the plan deal with it. One whose replacement was never
 * created is renamed back, and from then on planned like any existing container (`restored`).
 */
export function planLeftovers(
  leftovers: readonly ContainerSummary[],
  containers: readonly ContainerSummary[],
): { actions: Leftover[]; restored: ContainerSummary[] } {
  const actions: Leftover[] = [];
  const restored: ContainerSummary[] = [];
  for (const c of leftovers) {
    const name = originalName(c);
    const service = c.labels[LABELS.service] ?? '';
    if (containers.some((x) => x.name === name)) {
      actions.push({ kind: 'remove-replaced', service, name: c.name, id: c.id, replacement: name });
    } else {
      actions.push({ kind: 'restore-replaced', service, name, id: c.id, from: c.name });
      restored.push({ ...c, name });
    }
  }
  return { actions, restored };
}
