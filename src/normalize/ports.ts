/**
 * `ports:` and `expose:`. Short syntax is `[[host_ip:]published:]target[/protocol]`, where the
 * host IP may be IPv6 (bracketed, or bare: everything before the last two colons is the IP, as
 * docker reads it) and either port may be a range. A target range is expanded into one entry per
 * port (paired with an equal-length published range when there is one); a published range with a
 * single target stays a range, from which the engine picks one port.
 */
import { isIP } from 'node:net';
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonObject, type JsonValue } from '../parse/json.js';
import { asList, asString, compact, optionalExtensions, report, show, type Sink } from './coerce.js';
import type { PortProtocol, ServicePort } from './model.js';

const PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

interface Range {
  readonly start: number;
  readonly end: number;
}

// Patterns used per item live at module level: a literal in a function is a new object per call.
const RANGE = /^(\d+)(?:-(\d+))?$/;
const EXPOSED = /^([^/]*)(?:\/(.*))?$/;

function parseRange(text: string, min: number): Range | string {
  const m = RANGE.exec(text);
  if (m === null) return `\`${text}\` is not a port or a port range`;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start < min || end > 65535) return `port ${start < min ? start : end} is out of range (${min}-65535)`;
  if (end < start) return `port range \`${text}\` ends before it starts`;
  return { start, end };
}

function rangeText(r: Range): string {
  return r.start === r.end ? String(r.start) : `${r.start}-${r.end}`;
}

/** Splits host IP, published and target; docker's rule: the last two colon-separated parts are ports. */
function splitParts(spec: string): [ip: string, published: string, target: string] | string {
  if (spec.startsWith('[')) {
    const close = spec.indexOf(']');
    if (close < 0 || spec[close + 1] !== ':') return 'unterminated IPv6 address (expected `[addr]:published:target`)';
    const rest = spec.slice(close + 2).split(':');
    if (rest.length !== 2) return 'expected `[addr]:published:target`';
    return [spec.slice(1, close), rest[0] ?? '', rest[1] ?? ''];
  }
  const parts = spec.split(':');
  const n = parts.length;
  const target = parts[n - 1] ?? '';
  if (n === 1) return ['', '', target];
  if (n === 2) return ['', parts[0] ?? '', target];
  return [parts.slice(0, n - 2).join(':'), parts[n - 2] ?? '', target];
}

/** Parses one short-syntax port; the error text is the reason, without the spec. */
export function parsePortSpec(raw: string): ServicePort[] | string {
  const spec = raw.trim();
  if (spec === '') return 'empty port';
  const slash = spec.lastIndexOf('/');
  const protocol = slash < 0 ? 'tcp' : spec.slice(slash + 1).toLowerCase();
  if (!PROTOCOLS.has(protocol)) return `unknown protocol \`${protocol}\` (expected tcp, udp or sctp)`;
  const parts = splitParts(slash < 0 ? spec : spec.slice(0, slash));
  if (typeof parts === 'string') return parts;
  const [ip, publishedText, targetText] = parts;
  const hostIp = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (hostIp !== '' && isIP(hostIp) === 0) return `\`${hostIp}\` is not an IP address`;
  if (targetText === '') return 'missing container port';
  const target = parseRange(targetText, 1);
  if (typeof target === 'string') return target;
  const published = publishedText === '' ? undefined : parseRange(publishedText, 0);
  if (typeof published === 'string') return published;
  // Built in one place so every entry has the same key order (target, published, host_ip, ...).
  const entry = (port: number, pub: string | undefined): ServicePort =>
    compact<ServicePort>({ target: port, published: pub, host_ip: hostIp === '' ? undefined : hostIp, protocol: protocol as PortProtocol, mode: 'ingress' });
  const count = target.end - target.start + 1;
  if (count === 1) return [entry(target.start, published === undefined ? undefined : rangeText(published))];
  if (published !== undefined && published.end - published.start + 1 !== count) {
    return 'the published and container port ranges must have the same length';
  }
  return Array.from({ length: count }, (_, i) => entry(target.start + i, published === undefined ? undefined : String(published.start + i)));
}

const LONG_KEYS: ReadonlySet<string> = new Set(['target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol']);

function longPort(obj: JsonObject, path: JsonPath, sink: Sink): ServicePort | undefined {
  const before = sink.length;
  if (obj.target === undefined || obj.target === null) {
    report(sink, 'E0501', 'port is missing its `target` (container port)', path);
    return undefined;
  }
  const targetText = asString(obj.target, [...path, 'target'], sink);
  const targetRange = targetText === undefined ? undefined : parseRange(targetText.trim(), 1);
  const target = typeof targetRange === 'object' && targetRange.start === targetRange.end ? targetRange.start : undefined;
  if (targetText !== undefined && target === undefined) {
    const why = typeof targetRange === 'string' ? targetRange : 'the long syntax takes a single port';
    report(sink, 'E0501', `invalid container port: ${why}`, [...path, 'target']);
  }
  const publishedText = asString(obj.published, [...path, 'published'], sink);
  const published = publishedText === undefined || publishedText === '' ? undefined : parseRange(publishedText.trim(), 0);
  if (typeof published === 'string') report(sink, 'E0501', `invalid published port: ${published}`, [...path, 'published']);
  const hostIp = asString(obj.host_ip, [...path, 'host_ip'], sink);
  if (hostIp !== undefined && hostIp !== '' && isIP(hostIp) === 0) {
    report(sink, 'E0501', `\`${hostIp}\` is not an IP address`, [...path, 'host_ip']);
  }
  const protocol = (asString(obj.protocol, [...path, 'protocol'], sink) ?? 'tcp').toLowerCase();
  if (!PROTOCOLS.has(protocol)) report(sink, 'E0501', `unknown protocol \`${protocol}\` (expected tcp, udp or sctp)`, [...path, 'protocol']);
  const mode = asString(obj.mode, [...path, 'mode'], sink) ?? 'ingress';
  if (mode !== 'ingress' && mode !== 'host') report(sink, 'E0501', `unknown port mode \`${mode}\` (expected ingress or host)`, [...path, 'mode']);
  const name = asString(obj.name, [...path, 'name'], sink);
  const appProtocol = asString(obj.app_protocol, [...path, 'app_protocol'], sink);
  if (sink.length > before || target === undefined || typeof published === 'string') return undefined;
  return compact<ServicePort>({
    target,
    published: published === undefined ? undefined : rangeText(published),
    host_ip: hostIp === '' ? undefined : hostIp,
    protocol: protocol as PortProtocol,
    mode: mode as 'ingress' | 'host',
    name,
    app_protocol: appProtocol,
    ...optionalExtensions(obj, LONG_KEYS),
  });
}

/** One item of `ports:` as IR entries (several for an expanded range); [] after a diagnostic. */
export function normalizePortItem(item: JsonValue, path: JsonPath, sink: Sink): ServicePort[] {
  if (isObject(item)) {
    const port = longPort(item, path, sink);
    return port === undefined ? [] : [port];
  }
  if (typeof item === 'number' || typeof item === 'string') {
    const parsed = parsePortSpec(String(item));
    if (typeof parsed !== 'string') return parsed;
    report(sink, 'E0501', `invalid port \`${show(item)}\`: ${parsed}`, path, 'use [[host_ip:]published:]target[/protocol], e.g. "8000:80" or "127.0.0.1:53:53/udp"');
    return [];
  }
  report(sink, 'E0501', `invalid port \`${show(item)}\``, path);
  return [];
}

export function normalizePorts(value: JsonValue | undefined, path: JsonPath, sink: Sink): ServicePort[] {
  return asList(value, path, sink).flatMap((item, i) => normalizePortItem(item, [...path, i], sink));
}

/** `expose:` keeps strings (`"3000"`, `"3000-3005"`, `"8000/udp"`), checked for syntax. */
export function normalizeExpose(value: JsonValue | undefined, path: JsonPath, sink: Sink): string[] {
  const out: string[] = [];
  asList(value, path, sink).forEach((item, i) => {
    const text = asString(item, [...path, i], sink);
    if (text === undefined) return;
    const m = EXPOSED.exec(text.trim());
    const range = parseRange(m?.[1] ?? '', 1);
    const proto = m?.[2]?.toLowerCase();
    if (typeof range === 'string' || (proto !== undefined && !PROTOCOLS.has(proto))) {
      const why = typeof range === 'string' ? range : `unknown protocol \`${proto}\``;
      report(sink, 'E0501', `invalid exposed port \`${text}\`: ${why}`, [...path, i]);
      return;
    }
    out.push(proto === undefined ? rangeText(range) : `${rangeText(range)}/${proto}`);
  });
  return out;
}
