/** A stack plan as text for `deploy --dry-run`: one line per action. */
import type { SwarmAction, SwarmPlan } from './plan.js';

function describe(a: SwarmAction): string {
  switch (a.kind) {
    case 'create-network':
      return `+ network ${a.name}`;
    case 'create-object':
      return `+ ${a.object} ${a.name}`;
    case 'create-service':
      return `+ service ${a.name}`;
    case 'update-service':
      return a.reason === 'digest' ? `~ service ${a.name} (image ${a.spec.TaskTemplate.ContainerSpec.Image}: the tag moved)` : `~ service ${a.name}`;
    case 'remove-service':
      return `- service ${a.name}`;
    case 'remove-network':
      return `- network ${a.name}`;
    case 'remove-object':
      return `- ${a.object} ${a.name} (${a.reason})`;
  }
}

export function renderSwarmPlan(plan: SwarmPlan): string {
  if (!plan.actions.length) return `stack ${plan.stack}: no changes (${plan.unchanged.length} services up to date)\n`;
  return `stack ${plan.stack}: ${plan.actions.length} change${plan.actions.length === 1 ? '' : 's'}\n${plan.actions.map((a) => `  ${describe(a)}\n`).join('')}`;
}
