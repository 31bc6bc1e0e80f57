/**
 * A YAML writer for `stackc config` output: block style, two-space indent, keys in the order
 * given. Plain scalars where they read back as the same string in YAML 1.2 and 1.1 (so
 * docker-compose v1 agrees), JSON-style double quotes otherwise — JSON strings are valid YAML
 * double-quoted scalars. Written here because the output is plain JSON-like data and a
 * general-purpose dumper spent most of `config`'s time deciding how to quote each string.
 */
import type { JsonValue } from '../parse/json.js';

/** Plain scalars YAML could read as something else than a string, in 1.2 or 1.1. */
const RESERVED = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<)$/;
/** Anything that starts like a number is quoted: over-quoting costs nothing, under-quoting changes types. */
const NUMBERISH = /^[-+]?\.?[0-9]/;
const SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./@()=+,;:$%^&*!?'"<>[\]{}|\\ -]*$/;

function scalar(value: string): string {
  const plain =
    value !== '' &&
    SAFE.test(value) &&
    !RESERVED.test(value) &&
    !NUMBERISH.test(value) &&
    !/[\s]$/.test(value) &&
    !value.includes(': ') &&
    !value.includes(' #') &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    !/[:]$/.test(value);
  return plain ? value : JSON.stringify(value);
}

function emit(value: JsonValue, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && !isEmpty(item)) {
        const lines: string[] = [];
        emit(item, `${indent}  `, lines);
        // The first line of the item goes after the dash.
        out.push(`${indent}- ${lines[0]!.slice(indent.length + 2)}`, ...lines.slice(1));
      } else {
        out.push(`${indent}- ${inline(item)}`);
      }
    }
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, JsonValue>)) {
    if (isCollection(v) && !isEmpty(v)) {
      out.push(`${indent}${scalar(k)}:`);
      emit(v, `${indent}  `, out);
    } else {
      out.push(`${indent}${scalar(k)}: ${inline(v)}`);
    }
  }
}

function inline(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return scalar(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? '[]' : '{}';
}

function isCollection(value: JsonValue): value is JsonValue[] | Record<string, JsonValue> {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: JsonValue[] | Record<string, JsonValue>): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

export function toYaml(doc: JsonValue): string {
  if (!isCollection(doc) || isEmpty(doc)) return `${inline(doc)}\n`;
  const out: string[] = [];
  emit(doc, '', out);
  return out.join('\n') + '\n';
}
