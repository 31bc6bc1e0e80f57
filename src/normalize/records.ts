/**
 * List-or-map fields (`labels`, `annotations`, `sysctls`, `driver_opts`, `extra_hosts`, ...)
 * become records with sorted keys. A list item `KEY=VALUE` is the entry; `KEY` alone has no value
 * (the caller decides what that means: "" for labels, a lookup for environment).
 */
import { isIP } from 'node:net';
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonValue } from '../parse/json.js';
import { report, show, sortedRecord, type Sink } from './coerce.js';

export interface Entry {
  readonly key: string;
  /** null: written without a value (`KEY` in a list, `KEY:` in a map). */
  readonly value: string | null;
  readonly path: JsonPath;
}

function scalar(value: JsonValue, path: JsonPath, sink: Sink): string | null | undefined {
  if (value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  report(sink, 'E0506', `expected a string value, got \`${show(value)}\``, path);
  return undefined;
}

const WHITESPACE = /\s/;

function validKey(key: string, path: JsonPath, sink: Sink): boolean {
  if (key === '' || WHITESPACE.test(key)) {
    report(sink, 'E0506', key === '' ? 'entry has an empty name' : `name \`${key}\` contains whitespace`, path, 'write KEY=VALUE');
    return false;
  }
  return true;
}

/** Entries of a list-or-map, in document order; malformed items are reported and skipped. */
export function listOrMapEntries(value: JsonValue | undefined, path: JsonPath, sink: Sink, sep = '='): Entry[] {
  const out: Entry[] = [];
  if (value === undefined || value === null) return out;
  if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const p = [...path, key];
      const s = scalar(v, p, sink);
      if (s !== undefined && validKey(key, p, sink)) out.push({ key, value: s, path: p });
    }
    return out;
  }
  if (!Array.isArray(value)) {
    report(sink, 'E0506', `expected a list or a mapping, got \`${show(value)}\``, path);
    return out;
  }
  value.forEach((item, i) => {
    const p = [...path, i];
    if (typeof item !== 'string') {
      report(sink, 'E0506', `expected a \`KEY${sep}VALUE\` string, got \`${show(item)}\``, p);
      return;
    }
    const at = item.indexOf(sep);
    const key = at < 0 ? item : item.slice(0, at);
    if (validKey(key, p, sink)) out.push({ key, value: at < 0 ? null : item.slice(at + sep.length), path: p });
  });
  return out;
}

/** Labels, annotations, driver options: an entry without a value is the empty string. */
export function stringRecord(value: JsonValue | undefined, path: JsonPath, sink: Sink): Record<string, string> {
  return sortedRecord(listOrMapEntries(value, path, sink).map((e) => [e.key, e.value ?? ''] as const));
}

/** Sysctls, storage options: every entry needs a value. */
export function strictRecord(value: JsonValue | undefined, path: JsonPath, sink: Sink): Record<string, string> {
  const entries: [string, string][] = [];
  for (const e of listOrMapEntries(value, path, sink)) {
    if (e.value === null) report(sink, 'E0506', `\`${e.key}\` has no value`, e.path, 'write KEY=VALUE');
    else entries.push([e.key, e.value]);
  }
  return sortedRecord(entries);
}

function hostAddress(text: string): string {
  const t = text.trim();
  return t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
}

function validAddress(address: string, path: JsonPath, sink: Sink): boolean {
  if (address === 'host-gateway' || isIP(address) !== 0) return true;
  report(sink, 'E0506', `\`${address}\` is not an IP address`, path, 'use an IPv4/IPv6 address or host-gateway');
  return false;
}

/**
 * `extra_hosts`: `host:ip` or `host=ip` (split at the first `=`, else the first `:`, so
 * `host:::1` is host → ::1), or a map of host → address or addresses. Brackets around IPv6
 * addresses are dropped.
 */
export function normalizeExtraHosts(value: JsonValue | undefined, path: JsonPath, sink: Sink): Record<string, string[]> {
  const hosts = new Map<string, string[]>();
  const add = (host: string, address: string, p: JsonPath): void => {
    const a = hostAddress(address);
    if (!validAddress(a, p, sink)) return;
    hosts.set(host, [...(hosts.get(host) ?? []), a]);
  };
  if (isObject(value)) {
    for (const [host, v] of Object.entries(value)) {
      const p = [...path, host];
      const list = Array.isArray(v) ? v : [v];
      list.forEach((item, i) => {
        const ip = typeof item === 'string' ? item : undefined;
        if (ip === undefined) report(sink, 'E0506', `expected an address for \`${host}\`, got \`${show(item)}\``, Array.isArray(v) ? [...p, i] : p);
        else add(host, ip, Array.isArray(v) ? [...p, i] : p);
      });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const p = [...path, i];
      const text = typeof item === 'string' ? item : undefined;
      const eq = text?.indexOf('=') ?? -1;
      const at = eq >= 0 ? eq : (text?.indexOf(':') ?? -1);
      if (text === undefined || at <= 0) {
        report(sink, 'E0506', `invalid extra host \`${show(item)}\``, p, 'write host=ip or host:ip, e.g. "db=10.0.0.2" or "db=::1"');
        return;
      }
      add(text.slice(0, at).trim(), text.slice(at + 1), p);
    });
  } else if (value !== undefined && value !== null) {
    report(sink, 'E0506', `expected a list or a mapping, got \`${show(value)}\``, path);
  }
  return sortedRecord(hosts.entries());
}
