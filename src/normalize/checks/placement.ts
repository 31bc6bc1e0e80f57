/**
 * E0612: swarm placement constraints are `<key> == <value>` or `<key> != <value>` where key is
 * node.id, node.hostname, node.role (manager|worker), node.platform.os, node.platform.arch,
 * node.labels.<name> or engine.labels.<name>. Swarm only rejects a bad constraint when the
 * service is created, so catching it here saves a half-applied deploy.
 */
import { diagnostic, type Diagnostic } from '../../parse/diagnostics.js';
import { docItems, type Check } from './context.js';

const KEYS: ReadonlySet<string> = new Set(['node.id', 'node.hostname', 'node.role', 'node.platform.os', 'node.platform.arch']);
const LABEL_KEY = /^(node|engine)\.labels\.\S+$/;
const CONSTRAINT = /^\s*([^\s=!]*)\s*(==|!=)\s*(.*?)\s*$/;

/** Why a constraint is invalid, or undefined when it is fine. */
export function constraintError(text: string): string | undefined {
  const m = CONSTRAINT.exec(text);
  if (m === null) {
    return /^[^=!]*=[^=]/.test(text)
      ? 'the operator must be == or != (`=` alone is not a comparison)'
      : 'expected `<key> == <value>` or `<key> != <value>`';
  }
  const [, key = '', , value = ''] = m;
  if (!KEYS.has(key) && !LABEL_KEY.test(key)) {
    return `unknown key \`${key}\` (expected node.id, node.hostname, node.role, node.platform.os, node.platform.arch, node.labels.<name> or engine.labels.<name>)`;
  }
  if (value === '') return `\`${key}\` is compared with nothing`;
  if (key === 'node.role' && !['manager', 'worker'].includes(value.toLowerCase())) {
    return `node.role is manager or worker, not \`${value}\``;
  }
  return undefined;
}

export const checkPlacement: Check = ({ project, doc }) => {
  const out: Diagnostic[] = [];
  for (const name of Object.keys(project.services)) {
    const path = ['services', name, 'deploy', 'placement', 'constraints'];
    docItems(doc, path).forEach((item, i) => {
      if (typeof item !== 'string') return; // reported by normalize
      const error = constraintError(item);
      if (error !== undefined) {
        out.push(diagnostic('E0612', `invalid placement constraint \`${item}\`: ${error}`, { path: [...path, i] }));
      }
    });
  }
  return out;
};
