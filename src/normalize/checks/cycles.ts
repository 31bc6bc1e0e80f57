/**
 * E0606: `depends_on` cycles. Each elementary cycle found by the depth-first search is reported
 * once, rotated to start at its smallest service name so the message does not depend on
 * iteration order, and positioned at that service's edge into the cycle.
 */
import { diagnostic, type Diagnostic } from '../../parse/diagnostics.js';
import { own } from '../coerce.js';
import { entryAt, type Check } from './context.js';

export const checkDependencyCycles: Check = ({ project, doc }) => {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];

  const report = (cycle: string[]): void => {
    let start = 0;
    cycle.forEach((name, i) => {
      if (name < (cycle[start] ?? '')) start = i;
    });
    const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
    const key = rotated.join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    const [first = '', next = first] = rotated;
    out.push(
      diagnostic('E0606', `dependency cycle: ${[...rotated, first].join(' → ')}`, {
        ...entryAt(doc, ['services', first, 'depends_on'], next),
        hint: 'remove one of these depends_on entries',
      }),
    );
  };

  const visit = (name: string): void => {
    state.set(name, 'active');
    stack.push(name);
    for (const dep of Object.keys(own(project.services, name)?.depends_on ?? {})) {
      if (own(project.services, dep) === undefined) continue; // reported as an undefined service
      const s = state.get(dep);
      if (s === 'active') report(stack.slice(stack.indexOf(dep)));
      else if (s === undefined) visit(dep);
    }
    stack.pop();
    state.set(name, 'done');
  };

  for (const name of Object.keys(project.services).sort()) {
    if (!state.has(name)) visit(name);
  }
  return out;
};
