/**
 * Values that must not be printed: environment values whose names look secret are masked in
 * every diff output unless the user asks to see them (`--show-sensitive`). Secret and config
 * contents never reach a diff at all: only their content-addressed names do.
 */
import type { FieldChange } from './fields.js';

const SENSITIVE_NAME = /(PASS(WORD|WD)?|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH|CERT)/i;
export const MASK = '******';

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/** `NAME=value` with a secret-looking NAME becomes `NAME=******`. */
export function maskAssignment(text: string): string {
  const eq = text.indexOf('=');
  return eq > 0 && isSensitiveName(text.slice(0, eq)) ? `${text.slice(0, eq)}=${MASK}` : text;
}

/**
 * Masks every `NAME=value` string with a secret-looking NAME anywhere in a JSON value: that is
 * how environment variables appear in Engine API specs (Env lists).
 */
export function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskAssignment(value);
  if (Array.isArray(value)) return value.map(maskValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskValue(v)]));
  }
  return value;
}

export function maskField(change: FieldChange): FieldChange {
  return { path: change.path, before: maskValue(change.before), after: maskValue(change.after) };
}
