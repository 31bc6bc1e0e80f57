/**
 * E0611: secret and config files must exist. (Missing required env files are reported while
 * normalizing, where they are read.)
 */
import { diagnostic, type Diagnostic } from '../../parse/diagnostics.js';
import type { Check } from './context.js';

export const checkFiles: Check = ({ project, host }) => {
  const out: Diagnostic[] = [];
  for (const section of ['secrets', 'configs'] as const) {
    for (const [key, def] of Object.entries(project[section])) {
      if (def.external || def.file === undefined || host.fileExists(def.file)) continue;
      out.push(
        diagnostic('E0611', `${section === 'secrets' ? 'secret' : 'config'} file \`${def.file}\` not found`, {
          path: [section, key, 'file'],
        }),
      );
    }
  }
  return out;
};
