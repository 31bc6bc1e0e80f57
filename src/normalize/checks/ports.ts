/**
 * E0609: two port entries publishing overlapping host ports with the same protocol on the same
 * host address. An unset host_ip, 0.0.0.0 and :: bind every address, so they clash with any
 * address. Each clashing entry is reported once, at the later one in document order (services
 * in the order the document lists them, then ports in list order).
 */
import { diagnostic, formatPath, type Diagnostic, type JsonPath } from '../../parse/diagnostics.js';
import { own } from '../coerce.js';
import { normalizePortItem } from '../ports.js';
import { docItems, docKeys, type Check } from './context.js';

interface Published {
  readonly start: number;
  readonly end: number;
  readonly protocol: string;
  readonly hostIp: string | undefined;
  readonly path: JsonPath;
  readonly service: string;
}

const WILDCARDS: ReadonlySet<string> = new Set(['', '0.0.0.0', '::']);

function sameAddress(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || WILDCARDS.has(a) || WILDCARDS.has(b)) return true;
  return a === b;
}

function clashes(a: Published, b: Published): boolean {
  return a.protocol === b.protocol && a.start <= b.end && b.start <= a.end && sameAddress(a.hostIp, b.hostIp);
}

function describe(p: Published): string {
  const range = p.start === p.end ? String(p.start) : `${p.start}-${p.end}`;
  return `${p.hostIp === undefined ? '' : `${p.hostIp}:`}${range}/${p.protocol}`;
}

export const checkPortConflicts: Check = ({ project, doc }) => {
  const out: Diagnostic[] = [];
  const seen: Published[] = [];
  // Document order (the IR's records are sorted): the later publisher is the one reported.
  for (const service of docKeys(doc, ['services'])) {
    if (own(project.services, service) === undefined) continue;
    docItems(doc, ['services', service, 'ports']).forEach((item, i) => {
      const path: JsonPath = ['services', service, 'ports', i];
      const mine: Published[] = [];
      for (const port of normalizePortItem(item, path, [])) {
        if (port.published === undefined) continue;
        const [start = 0, end = start] = port.published.split('-').map(Number);
        if (start === 0) continue; // 0 asks the engine for any free port
        mine.push({ start, end, protocol: port.protocol, hostIp: port.host_ip, path, service });
      }
      const other = seen.find((s) => mine.some((m) => clashes(m, s)));
      const clash = mine.find((m) => other !== undefined && clashes(m, other));
      if (other !== undefined && clash !== undefined) {
        const where = other.service === service ? `at ${formatPath(other.path)}` : `by service \`${other.service}\``;
        out.push(
          diagnostic('E0609', `host port ${describe(clash)} is already published ${where}`, {
            path,
            hint: 'publish a different host port, or bind the two to different host addresses',
          }),
        );
      }
      seen.push(...mine);
    });
  }
  return out;
};
