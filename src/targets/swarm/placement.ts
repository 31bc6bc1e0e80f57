/**
 * `deploy.placement` → TaskTemplate.Placement: constraints (sorted: they all apply, so their order
 * means nothing and must not cause an update), spread preferences in the file's order (each one
 * spreads within the previous), and max_replicas_per_node. Absent when none is set.
 */
import type { Placement as IrPlacement } from '../../normalize/model.js';
import { compact, nonEmpty } from '../engine/records.js';
import type { Placement } from './desired.js';

export function placement(p: IrPlacement | undefined): Placement | undefined {
  if (!p) return undefined;
  const out = compact<Placement>({
    Constraints: nonEmpty([...new Set(p.constraints)].sort()),
    Preferences: nonEmpty(p.preferences.map((pref) => ({ Spread: { SpreadDescriptor: pref.spread } }))),
    MaxReplicas: p.max_replicas_per_node,
  });
  return Object.keys(out).length ? out : undefined;
}
