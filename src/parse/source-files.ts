/**
 * The texts of every file a project was loaded from, and the lookup from a JSON path inside one
 * of them to its span. The `yaml` CST is built only for files that a diagnostic points into, and
 * where it can be, only for the top-level entry the path starts in (see topLevelEntries); the key
 * of a top-level entry written plainly needs no parsing at all (`version:`, which most files
 * written for docker stack deploy are warned about: loading yaml alone is ~2 ms of such a run).
 */
import type { Document, Node } from 'yaml';
import type { JsonPath, Span } from './diagnostics.js';
import { yamlCst } from './yaml-cst.js';
import { spanOf, type LinePositions } from './yaml-source.js';

interface Parsed {
  readonly doc: Document;
  /** Where the parsed text starts in the file: ranges in `doc` are relative to it. */
  readonly offset: number;
}

export class SourceFiles {
  private readonly texts = new Map<string, string>();
  private readonly keys = new Map<string, readonly string[]>();
  /** Per file, found on first use: its top-level entries, or undefined when only the whole document will do. */
  private readonly entries = new Map<string, ReadonlyMap<string, Entry> | undefined>();
  /** Per file: the whole document under `undefined`, single top-level entries under their key. */
  private readonly parsed = new Map<string, Map<string | undefined, Parsed | undefined>>();
  private readonly lines = new Map<string, LineStarts>();

  /** `keys`: the top-level keys the file decoded to, when it decoded to a mapping. */
  add(file: string, text: string, keys: readonly string[] = []): void {
    this.texts.set(file, text);
    this.keys.set(file, keys);
    this.entries.delete(file);
    this.parsed.delete(file);
    this.lines.delete(file);
  }

  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  /** Span of the node at `path` (or of its key), falling back to the deepest node that exists. */
  span(file: string, path: JsonPath, target: 'key' | 'value' = 'value'): Span | undefined {
    const text = this.texts.get(file);
    if (text === undefined) return undefined;
    const first = path[0];
    if (path.length === 1 && target === 'key' && typeof first === 'string') {
      const entry = this.topLevelEntries(file, text)?.get(first);
      if (entry?.keyEnd !== undefined) return spanOf(this.lineStarts(file, text), file, entry.start, entry.keyEnd);
    }
    const parsed = (typeof first === 'string' && this.parse(file, text, first)) || this.parse(file, text, undefined)!;
    const range = locate(parsed.doc, path, target);
    if (!range) return undefined;
    const start = parsed.offset + range[0];
    return spanOf(this.lineStarts(file, text), file, start, Math.max(parsed.offset + range[1], start + 1));
  }

  /** The whole document (`key` undefined) or only the top-level entry `key`, when that is safe. */
  private parse(file: string, text: string, key: string | undefined): Parsed | undefined {
    let byKey = this.parsed.get(file);
    if (!byKey) this.parsed.set(file, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key);
    const entry = key === undefined ? { start: 0, end: text.length } : this.topLevelEntries(file, text)?.get(key);
    const parsed = entry && { doc: yamlCst().parseDocument(text.slice(entry.start, entry.end), { merge: true, uniqueKeys: false }), offset: entry.start };
    byKey.set(key, parsed);
    return parsed;
  }

  private topLevelEntries(file: string, text: string): ReadonlyMap<string, Entry> | undefined {
    if (!this.entries.has(file)) this.entries.set(file, topLevelEntries(text, this.keys.get(file) ?? []));
    return this.entries.get(file);
  }

  /** Line starts of the whole file, for spans, whichever part of it was parsed. */
  private lineStarts(file: string, text: string): LineStarts {
    let lines = this.lines.get(file);
    if (!lines) this.lines.set(file, (lines = new LineStarts(text)));
    return lines;
  }
}

/** Where each line of a text starts; positions as yaml's LineCounter gives them. */
class LineStarts implements LinePositions {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  linePos(offset: number): { line: number; col: number } {
    // The last line starting at or before `offset`.
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - this.starts[low]! + 1 };
  }
}

/** A line that starts a top-level entry: a plain or quoted key at column 0, a colon, then a space or the end. */
const ENTRY_LINE = /^(?:([\w.$/-]+)|"([^"\\\n]*)"|'([^'\n]*)')[ \t]*:(?:[ \t]|\r?\n|$)/;

/** Where a top-level entry starts (its key's line) and ends (the next entry's line). */
interface Entry {
  readonly start: number;
  readonly end: number;
  /** Where its key ends, when the key is written plainly (not quoted): the key is start..keyEnd. */
  readonly keyEnd?: number;
}

/**
 * The top-level entries of a file by key, when parsing one alone gives the same ranges as parsing
 * the whole file: the root is a block mapping whose every line at column 0 starts an entry (or is
 * a comment), those entries are exactly the keys the file decoded to, each once (so no line of a
 * multi-line scalar passes for one), and nothing outside an entry can reach into it (no alias, so
 * no merge key either; no directive or document marker). A diagnostic inside one entry then
 * parses that entry, not the whole file (~40 ms for 50 services), and a plain key's span needs no
 * parsing. Undefined when in doubt: the whole file is parsed.
 */
export function topLevelEntries(text: string, documentKeys: readonly string[]): ReadonlyMap<string, Entry> | undefined {
  if (text.includes('*') || /^(?:%|---|\.\.\.)/m.test(text)) return undefined;
  const starts: (readonly [string, number, boolean])[] = [];
  for (let at = 0; at < text.length; ) {
    const next = text.indexOf('\n', at);
    const lineEnd = next < 0 ? text.length : next + 1;
    const line = text.slice(at, lineEnd);
    if (/^[^\s#]/.test(line)) {
      const match = ENTRY_LINE.exec(line);
      if (!match) return undefined;
      starts.push([match[1] ?? match[2] ?? match[3]!, at, match[1] !== undefined]);
    } else if (!starts.length && /^[ \t]+[^\s#]/.test(line)) {
      return undefined; // content before the first entry: not a block mapping at column 0
    }
    at = lineEnd;
  }
  const decoded = [...documentKeys].sort();
  const names = starts.map(([name]) => name).sort();
  if (names.length !== decoded.length || names.some((name, i) => name !== decoded[i])) return undefined;
  return new Map(starts.map(([name, start, plain], i) => [name, { start, end: starts[i + 1]?.[1] ?? text.length, ...(plain ? { keyEnd: start + name.length } : {}) }]));
}

type Range = readonly [number, number];

function locate(doc: Document, path: JsonPath, target: 'key' | 'value'): Range | undefined {
  const { isMap, isSeq } = yamlCst();
  let node = deref(doc, doc.contents as Node | null);
  let best: Range | undefined = rangeOf(node);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = findPair(doc, node, String(seg));
      if (!pair) return best;
      if (last && target === 'key') return rangeOf(pair.key as Node) ?? best;
      node = deref(doc, pair.value as Node | null);
      // `key:` with no value has no value node; the key is the best place to point at.
      best = rangeOf(node) ?? rangeOf(pair.key as Node) ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = deref(doc, node.items[seg] as Node | null);
      best = rangeOf(node) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

/** Finds a key in a mapping, looking through `<<` merge keys as YAML readers do. */
function findPair(doc: Document, map: Node, key: string): { key: unknown; value: unknown } | undefined {
  const { isMap, isPair, isScalar, isSeq } = yamlCst();
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair;
  }
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key) || pair.key.source !== '<<') continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const found = findPair(doc, deref(doc, source as Node | null) as Node, key);
      if (found) return found;
    }
  }
  return undefined;
}

function deref(doc: Document, node: Node | null | undefined): Node | undefined {
  const { isAlias } = yamlCst();
  if (node && isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? node;
  return node ?? undefined;
}

function rangeOf(node: Node | null | undefined): Range | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}
