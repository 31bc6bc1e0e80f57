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
  /** Position among all published entries, in document order. */
  readonly order: number;
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

/**
 * The entries published so far, indexed so that finding a clash does not compare every port of
 * a large project with every other one: single ports by protocol and port, ranges (rare) apart.
 */
class PublishedIndex {
  private readonly all: Published[] = [];
  private readonly singles = new Map<string, Published[]>();
  private readonly ranges: Published[] = [];

  get size(): number {
    return this.all.length;
  }

  add(entry: Published): void {
    this.all.push(entry);
    if (entry.start !== entry.end) {
      this.ranges.push(entry);
      return;
    }
    const key = `${entry.protocol}/${entry.start}`;
    const bucket = this.singles.get(key);
    if (bucket === undefined) this.singles.set(key, [entry]);
    else bucket.push(entry);
  }

  /** The earliest entry that clashes with any of `mine`. */
  firstClash(mine: readonly Published[]): Published | undefined {
    let first: Published | undefined;
    const consider = (candidates: readonly Published[]): void => {
      for (const s of candidates) {
        if ((first === undefined || s.order < first.order) && mine.some((m) => clashes(m, s))) first = s;
      }
    };
    for (const m of mine) {
      // A range may overlap any single port: compare with everything (ranges are rare).
      if (m.start !== m.end) consider(this.all);
      else consider(this.singles.get(`${m.protocol}/${m.start}`) ?? []);
    }
    if (mine.length > 0) consider(this.ranges);
    return first;
  }
}

export const checkPortConflicts: Check = ({ project, doc }) => {
  const out: Diagnostic[] = [];
  const seen = new PublishedIndex();
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
        mine.push({ start, end, protocol: port.protocol, hostIp: port.host_ip, path, service, order: seen.size + mine.length });
      }
      const other = seen.firstClash(mine);
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
      for (const m of mine) seen.add(m);
    });
  }
  return out;
};
