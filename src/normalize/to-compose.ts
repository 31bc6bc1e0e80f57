/**
 * The IR written back as a compose document in long syntax, which is what `stackc config`
 * prints: extension fields back in place, empty collections left out, durations as Go-style
 * duration strings and cpus as decimal numbers, so the output is itself a valid compose file.
 */
import type { JsonObject, JsonValue } from '../parse/json.js';
import type { Project } from './model.js';

type Path = readonly string[];

const DURATION_PARENTS: Record<string, readonly string[]> = {
  healthcheck: ['interval', 'timeout', 'start_period', 'start_interval'],
  restart_policy: ['delay', 'window'],
  update_config: ['delay', 'monitor'],
  rollback_config: ['delay', 'monitor'],
};
const SERVICE_DURATIONS = ['stop_grace_period', 'cpu_rt_period', 'cpu_rt_runtime'];

function isDuration(path: Path): boolean {
  const key = path[path.length - 1]!;
  const parent = path[path.length - 2] ?? '';
  if (path[0] === 'services' && path.length === 3) return SERVICE_DURATIONS.includes(key);
  return DURATION_PARENTS[parent]?.includes(key) ?? false;
}

function isCpus(path: Path): boolean {
  return path[0] === 'services' && path[path.length - 1] === 'cpus';
}

export function toCompose(project: Project): JsonObject {
  const { project_directory: _dir, config_files: _files, extensions, ...rest } = project;
  return convert({ ...rest, ...extensions }, []) as JsonObject;
}

function convert(value: unknown, path: Path): JsonValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && path.length && isDuration(path)) return formatDuration(value);
  if (typeof value === 'number' && isCpus(path)) return value / 1e9;
  if (Array.isArray(value)) return value.map((item, i) => convert(item, [...path, String(i)]) ?? null);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const entries: [string, unknown][] = Object.entries(source).filter(([k]) => k !== 'extensions');
    if (source.extensions && typeof source.extensions === 'object') entries.push(...Object.entries(source.extensions));
    const out: JsonObject = {};
    for (const [key, child] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      // A service's `name` is its key; it is not a compose field.
      if (path.length === 2 && path[0] === 'services' && key === 'name') continue;
      const converted = convert(child, [...path, key]);
      // Emptiness is judged after conversion: `placement: {constraints: []}` is empty too.
      if (converted === undefined || (isEmpty(converted) && !keepsEmpty(path, key))) continue;
      out[key] = converted;
    }
    return out;
  }
  return value as JsonValue;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
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
