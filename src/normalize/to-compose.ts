/**
 * The IR written back as a compose document in long syntax, which is what `stackc config`
 * prints: extension fields back in place, empty collections left out, durations as Go-style
 * duration strings and cpus as decimal numbers, so the output is itself a valid compose file.
 * As `docker compose config` does, every `$` in a string value is written `$$`, so loading the
 * output (which interpolates again) gives back the same values. `x-*` extensions and the
 * verbatim fields (`develop`, `provider`, top-level `models`) are printed as they are, apart
 * from that escaping.
 */
import type { JsonObject, JsonValue } from '../parse/json.js';
import { setOwn } from './coerce.js';
import type { Project, ServiceLink, VolumesFrom } from './model.js';

type Path = readonly string[];

const DURATION_PARENTS: Record<string, readonly string[]> = {
  healthcheck: ['interval', 'timeout', 'start_period', 'start_interval'],
  restart_policy: ['delay', 'window'],
  update_config: ['delay', 'monitor'],
  rollback_config: ['delay', 'monitor'],
};
const SERVICE_DURATIONS = ['stop_grace_period', 'cpu_rt_period', 'cpu_rt_runtime'];

/**
 * Records whose null values mean something and must be printed: `environment: {B: null}` and
 * `args: {B: null}` take B from the environment, `ssh: {default: null}` is the default agent,
 * a service's `networks`/`models` entry without options is null.
 */
const NULLABLE_RECORDS: ReadonlySet<string> = new Set(['environment', 'args', 'ssh', 'networks', 'models']);

/** Service fields passed through verbatim by normalize. */
const VERBATIM_SERVICE_KEYS: ReadonlySet<string> = new Set(['develop', 'provider']);

function isDuration(path: Path): boolean {
  const key = path[path.length - 1]!;
  const parent = path[path.length - 2] ?? '';
  if (path[0] === 'services' && path.length === 3) return SERVICE_DURATIONS.includes(key);
  return DURATION_PARENTS[parent]?.includes(key) ?? false;
}

function isCpus(path: Path): boolean {
  return path[0] === 'services' && path[path.length - 1] === 'cpus';
}

function isService(path: Path): boolean {
  return path.length === 2 && path[0] === 'services';
}

export function toCompose(project: Project): JsonObject {
  const { project_directory: _dir, config_files: _files, extensions, models, ...rest } = project;
  const out = convert(rest, []) as JsonObject;
  if (Object.keys(models).length > 0) out.models = escapeVerbatim(models) as JsonObject;
  return sortKeys({ ...out, ...(escapeVerbatim(extensions) as JsonObject) });
}

/** `$` → `$$` in every string of a verbatim value; keys are not interpolated, so they stay. */
function escapeVerbatim(value: JsonValue): JsonValue {
  if (typeof value === 'string') return escape(value);
  if (Array.isArray(value)) return value.map(escapeVerbatim);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeVerbatim(v)]));
  }
  return value;
}

function escape(text: string): string {
  return text.includes('$') ? text.replaceAll('$', '$$$$') : text;
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

function sortKeys(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  // The default sort compares UTF-16 code units, as `<` does on strings.
  for (const key of Object.keys(obj).sort()) setOwn(out, key, obj[key]!);
  return out;
}

/** `links` entries in compose syntax: `web`, or `web:alias` when the alias differs. */
function linkString(link: ServiceLink): string {
  return link.alias === link.service ? link.service : `${link.service}:${link.alias}`;
}

/** `volumes_from` entries in compose syntax: `svc` or `container:name`, with `:ro` when read-only. */
function volumesFromString(from: VolumesFrom): string {
  return `${from.container ? 'container:' : ''}${from.source}${from.read_only ? ':ro' : ''}`;
}

/**
 * `path` is where `value` sits. The rules only read it, so one array serves the whole walk,
 * pushed and popped around each child (see convertAt), rather than a copy per node.
 */
function convert(value: unknown, path: string[]): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return escape(value);
  if (typeof value === 'number' && path.length && isDuration(path)) return formatDuration(value);
  if (typeof value === 'number' && isCpus(path)) return value / 1e9;
  if (Array.isArray(value)) {
    const key = path[path.length - 1];
    if (path.length === 3 && path[0] === 'services' && key === 'links') {
      return (value as ServiceLink[]).map((link) => escape(linkString(link)));
    }
    if (path.length === 3 && path[0] === 'services' && key === 'volumes_from') {
      return (value as VolumesFrom[]).map((from) => escape(volumesFromString(from)));
    }
    return value.map((item, i) => convertAt(item, path, String(i)) ?? null);
  }
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const extensions = source.extensions !== null && typeof source.extensions === 'object' ? (source.extensions as JsonObject) : {};
    const service = isService(path);
    const out: JsonObject = {};
    // Taking the keys in order leaves `out` sorted, without a second pass to sort it (unless
    // extension fields join it below). Records come sorted already, and sort() copies.
    const keys = Object.keys(source);
    if (!isSorted(keys)) keys.sort();
    for (const key of keys) {
      if (key === 'extensions') continue;
      const child = source[key];
      // A service's `name` is its key; it is not a compose field.
      if (service && key === 'name') continue;
      if (service && VERBATIM_SERVICE_KEYS.has(key)) {
        if (child !== undefined) out[key] = escapeVerbatim(child as JsonValue);
        continue;
      }
      // Most IR collections are empty, and an empty one is left out: skip it before converting.
      if (isEmpty(child as JsonValue | undefined) && !keepsEmpty(path, key)) continue;
      const converted = convertAt(child, path, key);
      if (converted === undefined) continue;
      // A null inside a record of names is a value (`environment: {B: null}`); elsewhere it is unset.
      if (converted === null) {
        if (keepsNull(path)) out[key] = null;
        continue;
      }
      // Emptiness is judged after conversion: `placement: {constraints: []}` is empty too.
      if (isEmpty(converted) && !keepsEmpty(path, key)) continue;
      out[key] = converted;
    }
    const extensionKeys = Object.keys(extensions);
    for (const key of extensionKeys) out[key] = escapeVerbatim(extensions[key]!);
    return extensionKeys.length ? sortKeys(out) : out;
  }
  return value as JsonValue;
}

function convertAt(value: unknown, path: string[], key: string): JsonValue | undefined {
  path.push(key);
  const converted = convert(value, path);
  path.pop();
  return converted;
}

function isEmpty(value: JsonValue | undefined): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

/** Whether the record at `path` keeps entries whose value is null. */
function keepsNull(path: Path): boolean {
  // Top-level resource entries (`networks: {front: null}` cannot come out of the IR, but keep it safe).
  if (path.length === 1) return true;
  return path[0] === 'services' && path.length >= 3 && NULLABLE_RECORDS.has(path[path.length - 1] ?? '');
}

/** A resource entry (`networks: {front: {}}`) or a service's network attachment means something even when empty. */
function keepsEmpty(path: Path, key: string): boolean {
  if (path.length === 0) return key === 'services';
  return path.length === 1 || (path.length === 3 && path[0] === 'services' && path[2] === 'networks');
}

/** Nanoseconds as Go prints a time.Duration (`1m30s`, `500ms`, `1h0m0s`), which compose reads. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let rest = Math.abs(ns);
  if (rest < 1e9) {
    const [unit, size] = rest < 1e3 ? ['ns', 1] : rest < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    return `${sign}${trim(rest / (size as number))}${unit}`;
  }
  const hours = Math.floor(rest / 3.6e12);
  rest -= hours * 3.6e12;
  const minutes = Math.floor(rest / 6e10);
  rest -= minutes * 6e10;
  const seconds = `${trim(rest / 1e9)}s`;
  if (hours) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(9)));
}
