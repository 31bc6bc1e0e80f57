/** A plan as text for `up --dry-run`: one line per action, and a count. */
import type { EngineAction, EnginePlan } from './plan.js';

function describe(a: EngineAction): string {
  switch (a.kind) {
    case 'create-network':
      return `+ network ${a.name}`;
    case 'create-volume':
      return `+ volume ${a.name}`;
    case 'pull-image':
      return `~ pull image ${a.image} (service ${a.service})`;
    case 'build-image':
      return `~ build image ${a.image} (service ${a.service})`;
    case 'create-container':
      return a.replaces ? `± recreate container ${a.container.name} (${a.replaces.reason})` : `+ container ${a.container.name}`;
    case 'start-container':
      return `> start container ${a.name}`;
    case 'remove-container':
      return `- container ${a.name} (${a.reason})`;
    case 'remove-replaced':
      return `- container ${a.name} (left by an interrupted up; ${a.replacement} replaced it)`;
    case 'restore-replaced':
      return `~ rename container ${a.from} back to ${a.name} (left by an interrupted up before its replacement was created)`;
  }
}

export function renderEnginePlan(plan: EnginePlan): string {
  if (!plan.actions.length) return `project ${plan.project}: no changes (${plan.unchanged.length} containers up to date)\n`;
  const lines = plan.actions.map(describe);
  return `project ${plan.project}: ${plan.actions.length} change${plan.actions.length === 1 ? '' : 's'}\n${lines.map((l) => `  ${l}\n`).join('')}`;
}
