/**
 * What every semantic check gets, and helpers to point a diagnostic at the node the user wrote.
 * Checks read the IR for meaning, and the document for positions where the IR reshaped a node
 * (a `depends_on` list became a record, a port range became several ports).
 */
import type { Diagnostic, JsonPath } from '../../parse/diagnostics.js';
import { isObject, type ComposeDocument, type JsonValue } from '../../parse/json.js';
import { suggest } from '../../parse/suggest.js';
import type { Project } from '../model.js';
import type { NormalizeHost } from '../options.js';

export interface CheckContext {
  readonly project: Project;
  readonly doc: ComposeDocument;
  readonly host: NormalizeHost;
  /** Services an inactive profile left out of `doc`, with their profiles (possibly unknown: []). */
  readonly disabledServices?: ReadonlyMap<string, readonly string[]>;
}

export type Check = (ctx: CheckContext) => Diagnostic[];

/** The document node at `path`, or undefined. */
export function nodeAt(doc: ComposeDocument, path: JsonPath): JsonValue | undefined {
  let node: JsonValue | undefined = doc;
  for (const seg of path) {
    if (typeof seg === 'number') node = Array.isArray(node) ? node[seg] : undefined;
    else node = isObject(node) && Object.hasOwn(node, seg) ? node[seg] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** The items of the list at `path` (with their indexes), or [] when it is not a list. */
export function docItems(doc: ComposeDocument, path: JsonPath): JsonValue[] {
  const node = nodeAt(doc, path);
  return Array.isArray(node) ? node : [];
}

/** Where a diagnostic points: a path, and whether at the mapping key rather than its value. */
export interface Location {
  readonly path: JsonPath;
  readonly target?: 'key';
}

/**
 * The entry `key` of a list-or-map at `path`: the key itself when it is a mapping (a
 * `depends_on: {db: {...}}` entry points at `db:`, not at its options), the item naming it when
 * it is a list, the field itself otherwise.
 */
export function entryAt(doc: ComposeDocument, path: JsonPath, key: string): Location {
  const node = nodeAt(doc, path);
  if (isObject(node) && Object.hasOwn(node, key)) return { path: [...path, key], target: 'key' };
  if (Array.isArray(node)) {
    const i = node.findIndex((item) => item === key);
    if (i >= 0) return { path: [...path, i] };
  }
  return { path };
}

/** The keys of the mapping at `path` in document order, or [] when it is not a mapping. */
export function docKeys(doc: ComposeDocument, path: JsonPath): string[] {
  const node = nodeAt(doc, path);
  return isObject(node) ? Object.keys(node) : [];
}

export function didYouMean(word: string, candidates: Iterable<string>): { hint?: string } {
  const match = suggest(word, candidates);
  return match === undefined ? {} : { hint: `did you mean \`${match}\`?` };
}
