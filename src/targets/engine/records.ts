/** Small helpers that keep output deterministic: records with sorted keys, lists without gaps. */

/** A copy with keys in sorted order, so serialized output never depends on insertion order. */
export function sortRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}

/** Drops keys whose value is undefined, so "not set" never shows up as a key. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}

/** undefined for an empty list or record: the Engine API's "not set". */
export function nonEmpty<T>(list: readonly T[]): readonly T[] | undefined {
  return list.length ? list : undefined;
}

export function nonEmptyRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> | undefined {
  return Object.keys(record).length ? sortRecord(record) : undefined;
}
