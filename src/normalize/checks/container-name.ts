/**
 * E0610: a fixed `container_name` cannot be shared by several replicas (the engine refuses the
 * second container with the same name).
 */
import { diagnostic, type Diagnostic } from '../../parse/diagnostics.js';
import type { Check } from './context.js';

export const checkContainerName: Check = ({ project }) => {
  const out: Diagnostic[] = [];
  for (const [name, svc] of Object.entries(project.services)) {
    if (svc.container_name === undefined) continue;
    const replicas = Math.max(svc.scale ?? 1, svc.deploy?.replicas ?? 1);
    if (replicas <= 1) continue;
    out.push(
      diagnostic('E0610', `container_name \`${svc.container_name}\` cannot be used with ${replicas} replicas`, {
        path: ['services', name, 'container_name'],
        hint: 'remove container_name, or run one replica',
      }),
    );
  }
  return out;
};
