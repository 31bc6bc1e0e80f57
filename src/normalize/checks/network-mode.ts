/**
 * E0607: `network_mode` together with `networks`. The engine takes one or the other; compose
 * refuses the combination too. (An unknown `service:X` is an undefined service, E0601.)
 */
import { diagnostic, type Diagnostic } from '../../parse/diagnostics.js';
import type { Check } from './context.js';

export const checkNetworkMode: Check = ({ project }) => {
  const out: Diagnostic[] = [];
  for (const [name, svc] of Object.entries(project.services)) {
    if (svc.network_mode === undefined) continue;
    // No implicit `default` is added next to network_mode, so any entry here was written.
    if (Object.keys(svc.networks).length === 0) continue;
    out.push(
      diagnostic('E0607', `\`network_mode: ${svc.network_mode}\` cannot be combined with \`networks\``, {
        path: ['services', name, 'network_mode'],
        hint: 'remove either network_mode or networks',
      }),
    );
  }
  return out;
};
