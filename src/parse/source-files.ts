/**
 * The texts of every file a project was loaded from, and the lookup from a JSON path inside one
 * of them to its span. The `yaml` CST is built only for files that a diagnostic points into.
 */
import type { Document, LineCounter, Node } from 'yaml';
import type { JsonPath, Span } from './diagnostics.js';
import { yamlCst } from './yaml-cst.js';
import { spanOf } from './yaml-source.js';

interface Parsed {
  readonly doc: Document;
  readonly lines: LineCounter;
}

export class SourceFiles {
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, Parsed>();

  add(file: string, text: string): void {
    this.texts.set(file, text);
    this.parsed.delete(file);
  }

  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  /** Span of the node at `path` (or of its key), falling back to the deepest node that exists. */
  span(file: string, path: JsonPath, target: 'key' | 'value' = 'value'): Span | undefined {
    const parsed = this.parse(file);
    if (!parsed) return undefined;
    const range = locate(parsed.doc, path, target);
    if (!range) return undefined;
    return spanOf(parsed.lines, file, range[0], Math.max(range[1], range[0] + 1));
  }

  private parse(file: string): Parsed | undefined {
    const cached = this.parsed.get(file);
    if (cached) return cached;
    const text = this.texts.get(file);
    if (text === undefined) return undefined;
    const { LineCounter, parseDocument } = yamlCst();
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, merge: true, uniqueKeys: false });
    const parsed = { doc, lines };
    this.parsed.set(file, parsed);
    return parsed;
  }
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
