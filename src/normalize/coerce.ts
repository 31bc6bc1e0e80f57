/**
 * Small coercions shared by every normalizer. Interpolation turns every scalar it touches into a
 * string, so `"true"` and `"512"` must be read as the boolean and number the schema allowed.
 * Nothing here throws: a value of the wrong shape becomes a diagnostic and `undefined`.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode, type JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonObject, type JsonValue } from '../parse/json.js';

/** Where normalizers collect diagnostics. */
export type Sink = Diagnostic[];

export function report(sink: Sink, code: DiagnosticCode, message: string, path: JsonPath, hint?: string): void {
  sink.push(diagnostic(code, message, hint === undefined ? { path } : { path, hint }));
}

/** Short rendering of a value for messages. */
export function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function asString(value: JsonValue | undefined, path: JsonPath, sink: Sink): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  report(sink, 'E0506', `expected a string, got ${Array.isArray(value) ? 'a list' : 'a mapping'}`, path);
  return undefined;
}

const TRUE = new Set(['true', 'yes', 'on']);
const FALSE = new Set(['false', 'no', 'off']);

export function asBool(value: JsonValue | undefined, path: JsonPath, sink: Sink): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
  }
  report(sink, 'E0506', `expected true or false, got \`${show(value)}\``, path);
  return undefined;
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A finite number from a number or a numeric string. */
export function asNumber(
  value: JsonValue | undefined,
  path: JsonPath,
  sink: Sink,
  limits: { readonly min?: number; readonly max?: number; readonly integer?: boolean } = {},
): number | undefined {
  if (value === undefined || value === null) return undefined;
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && NUMERIC.test(value.trim())) n = Number(value.trim());
  const kind = limits.integer === true ? 'an integer' : 'a number';
  if (n === undefined || !Number.isFinite(n) || (limits.integer === true && !Number.isInteger(n))) {
    report(sink, 'E0505', `expected ${kind}, got \`${show(value)}\``, path);
    return undefined;
  }
  if ((limits.min !== undefined && n < limits.min) || (limits.max !== undefined && n > limits.max)) {
    const range =
      limits.max === undefined ? `at least ${limits.min}` : limits.min === undefined ? `at most ${limits.max}` : `between ${limits.min} and ${limits.max}`;
    report(sink, 'E0505', `expected ${kind} ${range}, got ${n}`, path);
    return undefined;
  }
  return n;
}

export function asInt(
  value: JsonValue | undefined,
  path: JsonPath,
  sink: Sink,
  limits: { readonly min?: number; readonly max?: number } = {},
): number | undefined {
  // Most integer fields are absent: return before copying `limits` (~15 calls per service).
  if (value === undefined || value === null) return undefined;
  return asNumber(value, path, sink, { ...limits, integer: true });
}

/** File modes: numbers stay as they are, strings are read as octal ("0444", "1777"). */
export function asMode(value: JsonValue | undefined, path: JsonPath, sink: Sink): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^(0o?)?[0-7]{1,6}$/i.test(value.trim())) {
    return parseInt(value.trim().replace(/^0o/i, ''), 8);
  }
  report(sink, 'E0505', `expected a file mode (octal), got \`${show(value)}\``, path);
  return undefined;
}

/** A string or a list of scalars, as a list of strings (`dns: 8.8.8.8` is `dns: [8.8.8.8]`). */
export function asStringList(value: JsonValue | undefined, path: JsonPath, sink: Sink): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    const single = asString(value, path, sink);
    return single === undefined ? [] : [single];
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    const s = asString(item, [...path, i], sink);
    if (s !== undefined) out.push(s);
  });
  return out;
}

/** The mapping at `value`, or undefined with a diagnostic when it is something else. */
export function asObject(value: JsonValue | undefined, path: JsonPath, sink: Sink): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (isObject(value)) return value;
  report(sink, 'E0506', `expected a mapping, got \`${show(value)}\``, path);
  return undefined;
}

export function asList(value: JsonValue | undefined, path: JsonPath, sink: Sink): JsonValue[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  report(sink, 'E0506', `expected a list, got \`${show(value)}\``, path);
  return [];
}

/**
 * Adds an own property as Object.fromEntries would: plain assignment, except for a user's
 * `__proto__` key, which assignment would turn into the object's prototype.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/**
 * Orders strings by code point, as Array.prototype.sort does, for sort callbacks. Not
 * localeCompare: the same order in every locale, and its first call loads ICU's collator (~9 ms
 * of a run).
 */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const byKey = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]): number => byCodePoint(a, b);

/** A record with keys in sorted order; for duplicate keys the last entry wins. */
export function sortedRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  // Called for every list-or-map of every service, most of them empty: no Map, no entry copies.
  // The sort is stable, so duplicates stay in input order and the last one is assigned last.
  const list = Array.isArray(entries) ? (entries as readonly (readonly [string, T])[]).slice() : [...entries];
  const out: Record<string, T> = {};
  if (list.length > 1) list.sort(byKey);
  for (const [key, value] of list) setOwn(out, key, value);
  return out;
}

/** Drops keys whose value is undefined, so the IR has no "key present but unset" states. */
export function compact<T extends object>(obj: T): T {
  // A loop rather than fromEntries(entries().filter()): this runs on every IR object, the
  // ~100-key service among them, and the entry arrays were a large share of normalize's time.
  const source = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value !== undefined) setOwn(out, key, value);
  }
  return out as T;
}

/**
 * The `x-*` keys of a mapping, plus (defensively) any key normalize does not know, so nothing is
 * dropped even when schema validation let something through.
 */
export function extensionsOf(obj: JsonObject, known: ReadonlySet<string>): Record<string, JsonValue> {
  const unknown: [string, JsonValue][] = [];
  for (const key of Object.keys(obj)) if (!known.has(key)) unknown.push([key, obj[key]!]);
  return sortedRecord(unknown);
}

/** `extensions` for nested objects: present only when non-empty. */
export function optionalExtensions(obj: JsonObject, known: ReadonlySet<string>): { extensions?: Record<string, JsonValue> } {
  const ext = extensionsOf(obj, known);
  return Object.keys(ext).length > 0 ? { extensions: ext } : {};
}

/** `record[key]` for a key the user wrote: `constructor` or `toString` must not reach Object.prototype. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
