/**
 * Schema validation: runs the validator precompiled from schema/compose.schema.json by
 * scripts/build-schema.mjs and turns ajv's errors into diagnostics, one clear diagnostic per
 * problem, in document order.
 *
 * ajv reports every failing branch of an `anyOf`, then the `anyOf` itself. We rebuild that
 * nesting (branch errors come right before their `anyOf` and lie at or under its node) and
 * collapse it: when some branch matched the node's type, only that branch's errors are kept
 * (they say what is really wrong); when none did, the branches' type errors merge into one
 * "must be a string or a list" diagnostic.
 */
import type { ErrorObject } from 'ajv';
import validate from '../../build/compose-validator.js';
import { diagnostic, formatPath, type Diagnostic, type PathSegment } from './diagnostics.js';
import { suggest } from './suggest.js';

/** Types a node must have, gathered from the failing branches of an anyOf. */
interface TypeItem {
  readonly kind: 'types';
  readonly pointer: string;
  /** Types a branch accepts outright. */
  readonly strong: readonly string[];
  /** Types a branch accepts only in a constrained form (the string "true" for a boolean). */
  readonly weak: readonly string[];
}
interface LeafItem {
  readonly kind: 'leaf';
  readonly pointer: string;
  readonly error: ErrorObject;
}
type Item = TypeItem | LeafItem;

export function validateSchema(doc: unknown): Diagnostic[] {
  if (validate(doc)) return [];
  const items = collapse(withPropertyNames(validate.errors ?? []), doc);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const item of items) {
    const d = toDiagnostic(item, doc);
    const key = `${d.code}\u0000${JSON.stringify(d.path)}\u0000${d.target ?? ''}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return sortByDocumentOrder(out, doc);
}

/**
 * A name that fails `propertyNames` yields the failing keyword's errors, then a `propertyNames`
 * error naming the key. The validator compiles each $ref as its own function (smaller and faster
 * to load than inlining), and errors from inside such a function do not carry the name: take it
 * from the `propertyNames` error that follows them at the same place.
 */
function withPropertyNames(errors: readonly ErrorObject[]): ErrorObject[] {
  const out = errors.map((e) => ({ ...e }));
  out.forEach((error, i) => {
    if (error.keyword !== 'propertyNames') return;
    const name = (error.params as { propertyName?: string }).propertyName;
    // The name's own errors come right before it: a name schema only checks pattern or format.
    for (let j = i - 1; j >= 0; j--) {
      const inner = out[j]!;
      if (inner.instancePath !== error.instancePath || inner.propertyName !== undefined || (inner.keyword !== 'pattern' && inner.keyword !== 'format')) break;
      inner.propertyName = name;
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Collapsing anyOf/oneOf

function collapse(errors: readonly ErrorObject[], doc: unknown): Item[] {
  const stack: Item[] = [];
  for (const error of errors) {
    // Its failing name was already reported by the pattern error just before it.
    if (error.keyword === 'propertyNames') continue;
    const alternatives = error.keyword === 'anyOf' || error.keyword === 'oneOf';
    // ajv checks `enum` even on a value of the wrong type; the type error already says it all.
    if (!alternatives && error.keyword !== 'type' && error.propertyName === undefined && !hasDeclaredType(error, doc)) {
      continue;
    }
    if (alternatives) {
      let start = stack.length;
      while (start > 0 && isAtOrUnder(stack[start - 1]!.pointer, error.instancePath)) start--;
      const branches = stack.splice(start);
      stack.push(...resolveAlternatives(error, branches));
    } else {
      stack.push({ kind: 'leaf', pointer: error.instancePath, error });
    }
  }
  return stack;
}

/** False when the error's schema node declares a `type` that the value does not have. */
function hasDeclaredType(error: ErrorObject, doc: unknown): boolean {
  const declared = schemaNodeOf(error)?.['type'];
  if (declared === undefined) return true;
  const value = valueAt(doc, toPath(error.instancePath, doc));
  const types = Array.isArray(declared) ? declared : [declared];
  return types.some((type) => hasType(value, String(type)));
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      return typeof value === type;
  }
}

function isAtOrUnder(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function resolveAlternatives(error: ErrorObject, branches: Item[]): Item[] {
  if (branches.length === 0) return [{ kind: 'leaf', pointer: error.instancePath, error }];
  const at = error.instancePath;
  const isTypeMismatch = (item: Item): boolean =>
    item.pointer === at && (item.kind === 'types' || item.error.keyword === 'type');
  // A branch that got past the type check matched the node's type: its errors are the real ones.
  const deeper = branches.filter((item) => !isTypeMismatch(item));
  if (deeper.length > 0) return deeper;
  const strong: string[] = [];
  const weak: string[] = [];
  for (const item of branches) {
    if (item.kind === 'types') {
      strong.push(...item.strong);
      weak.push(...item.weak);
    } else {
      const types = typesOf(item.error);
      (isConstrained(item.error) ? weak : strong).push(...types);
    }
  }
  return [{ kind: 'types', pointer: at, strong: unique(strong), weak: unique(weak) }];
}

function typesOf(error: ErrorObject): string[] {
  const type: unknown = error.params['type'];
  if (Array.isArray(type)) return type.map(String);
  return String(type).split(',');
}

/** Whether the schema node holding this type check also limits the values (enum, pattern). */
function isConstrained(error: ErrorObject): boolean {
  const node = schemaNodeOf(error);
  return node !== undefined && ('enum' in node || 'pattern' in node || 'const' in node);
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

// ---------------------------------------------------------------------------------------------
// Items → diagnostics

function toDiagnostic(item: Item, doc: unknown): Diagnostic {
  const path = toPath(item.pointer, doc);
  const name = describePath(path);
  if (item.kind === 'types') {
    const expected = item.strong.length > 0 ? item.strong : item.weak;
    return typeDiagnostic(path, name, expected, valueAt(doc, path));
  }
  const { error } = item;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const hint = suggestKey(key, error);
      const where = path.length === 0 ? 'at the top level' : `in ${name}`;
      return diagnostic('E0102', `unknown key \`${key}\` ${where}`, {
        path: [...path, key],
        target: 'key',
        ...(hint !== undefined ? { hint: `did you mean \`${hint}\`?` } : {}),
      });
    }
    case 'type':
      return typeDiagnostic(path, name, typesOf(error), valueAt(doc, path));
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'enum' ? (params['allowedValues'] as unknown[]) : [params['allowedValue']];
      const title = titleOf(error);
      const what = title ?? `one of ${allowed.map((v) => `\`${String(v)}\``).join(', ')}`;
      return diagnostic('E0111', `${name} must be ${what}, got ${showValue(valueAt(doc, path))}`, { path });
    }
    case 'required':
      return diagnostic('E0112', `${name} is missing the required key \`${String(params['missingProperty'])}\``, {
        path,
      });
    case 'pattern':
    case 'format': {
      const title = titleOf(error);
      if (error.propertyName !== undefined) {
        const what = title ?? `match ${String(params['pattern'])}`;
        return diagnostic('E0113', `\`${error.propertyName}\` in ${name} must be ${what}`, {
          path: [...path, error.propertyName],
          target: 'key',
        });
      }
      const what = title ?? (error.keyword === 'pattern' ? `text matching ${String(params['pattern'])}` : String(params['format']));
      return diagnostic('E0113', `${name} must be ${what}, got ${showValue(valueAt(doc, path))}`, { path });
    }
    default:
      return diagnostic('E0114', `${name} ${error.message ?? 'does not match the schema'}`, { path });
  }
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'empty',
};

function typeDiagnostic(path: PathSegment[], name: string, types: readonly string[], value: unknown): Diagnostic {
  // "a number or an integer" says nothing "a number" does not.
  const list = (types.includes('number') ? types.filter((t) => t !== 'integer') : types).filter((t) => t !== 'null');
  if (types.includes('null')) list.push('null'); // "a string, a list or empty" reads better last
  const expected = joinOr(list.map((t) => TYPE_NAMES[t] ?? t));
  return diagnostic('E0110', `${name} must be ${expected}, got ${kindOf(value)}`, { path });
}

function joinOr(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? 'something else';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `a string (${showValue(value)})`;
  if (typeof value === 'number') return `a number (${value})`;
  return `a ${typeof value}`;
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 37)}..."` : JSON.stringify(value);
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return String(value);
}

function describePath(path: readonly PathSegment[]): string {
  return path.length === 0 ? 'the document' : `\`${formatPath(path)}\``;
}

// ---------------------------------------------------------------------------------------------
// Paths in the document

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** JSON pointer → path; a segment is a number exactly where the document has a list. */
function toPath(pointer: string, doc: unknown): PathSegment[] {
  const path: PathSegment[] = [];
  let node: unknown = doc;
  for (const seg of pointerSegments(pointer)) {
    if (Array.isArray(node)) {
      const index = Number(seg);
      path.push(index);
      node = node[index];
    } else {
      path.push(seg);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

function valueAt(doc: unknown, path: readonly PathSegment[]): unknown {
  let node: unknown = doc;
  for (const seg of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

/** Where each path lies in the document: key order in mappings, index in lists. */
function documentRank(doc: unknown, path: readonly PathSegment[], keyOrder: WeakMap<object, Map<string, number>>): number[] {
  const rank: number[] = [];
  let node: unknown = doc;
  for (const seg of path) {
    if (Array.isArray(node)) {
      rank.push(Number(seg));
      node = node[Number(seg)];
    } else if (typeof node === 'object' && node !== null) {
      let order = keyOrder.get(node);
      if (order === undefined) keyOrder.set(node, (order = new Map(Object.keys(node).map((k, i) => [k, i]))));
      rank.push(order.get(String(seg)) ?? -1);
      node = (node as Record<string, unknown>)[String(seg)];
    } else {
      rank.push(-1);
      node = undefined;
    }
  }
  return rank;
}

function sortByDocumentOrder(list: Diagnostic[], doc: unknown): Diagnostic[] {
  const keyOrder = new WeakMap<object, Map<string, number>>();
  const ranked = list.map((d, i) => ({ d, i, rank: documentRank(doc, d.path ?? [], keyOrder) }));
  ranked.sort((a, b) => {
    const n = Math.min(a.rank.length, b.rank.length);
    for (let k = 0; k < n; k++) {
      const diff = (a.rank[k] ?? 0) - (b.rank[k] ?? 0);
      if (diff !== 0) return diff;
    }
    // An enclosing node before what is inside it; then keep discovery order.
    return a.rank.length - b.rank.length || a.i - b.i;
  });
  return ranked.map((r) => r.d);
}

// ---------------------------------------------------------------------------------------------
// The schema node an error came from (the validator is built with ajv's `verbose` option)

type SchemaNode = Record<string, unknown>;

function schemaNodeOf(error: ErrorObject): SchemaNode | undefined {
  const node: unknown = error.parentSchema;
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as SchemaNode) : undefined;
}

/** The noun phrase a constrained node carries as its title ("an integer", "true or false"). */
function titleOf(error: ErrorObject): string | undefined {
  const title = schemaNodeOf(error)?.['title'];
  return typeof title === 'string' ? title : undefined;
}

/** Suggestions already made, per schema mapping: the same typo in 500 services is looked up once. */
const suggestions = new WeakMap<object, Map<string, string | undefined>>();

/** The closest key the failing mapping's schema knows, for an unknown key. */
function suggestKey(key: string, error: ErrorObject): string | undefined {
  const properties = schemaNodeOf(error)?.['properties'];
  if (typeof properties !== 'object' || properties === null) return undefined;
  let known = suggestions.get(properties);
  if (known === undefined) suggestions.set(properties, (known = new Map()));
  if (!known.has(key)) known.set(key, suggest(key, Object.keys(properties)));
  return known.get(key);
}
