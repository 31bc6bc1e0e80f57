/**
 * Field-level differences between two plain JSON values: every leaf that was added, removed or
 * changed, with its path. Objects compare by key (key order never matters); arrays by index.
 */
export interface FieldChange {
  /** `TaskTemplate.ContainerSpec.Env[2]` */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => fieldChanges(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => fieldChanges(before[i], after[i], `${path}[${i}]`)).flat();
  }
  return equalLeaf(before, after) ? [] : [{ path, before, after }];
}

function equalLeaf(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
