/**
 * `env_file` and `environment`. Env files are read here (through the injected host) and merged
 * under `environment`, as compose does, so targets see one resolved map:
 *   env files in order (later wins) < `environment:` entries with a value
 * An entry without a value (`- FOO`, `FOO:`) takes the resolved project variable; when there is
 * none it keeps a value an env file gave, or else is null (the target leaves it unset).
 */
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonValue } from '../parse/json.js';
import { asBool, asString, report, show, sortedRecord, type Sink } from './coerce.js';
import type { EnvFile } from './model.js';
import { listOrMapEntries } from './records.js';

export interface EnvHost {
  readEnvFile(path: string): { vars: Record<string, string> } | { error: string; missing: boolean };
}

/** An env file with the document path it came from (for diagnostics). */
export interface LocatedEnvFile {
  readonly file: EnvFile;
  readonly path: JsonPath;
}

export function normalizeEnvFiles(value: JsonValue | undefined, path: JsonPath, sink: Sink): LocatedEnvFile[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [{ file: { path: value, required: true }, path }];
  if (!Array.isArray(value)) {
    report(sink, 'E0506', `expected a path or a list, got \`${show(value)}\``, path);
    return [];
  }
  const out: LocatedEnvFile[] = [];
  value.forEach((item, i) => {
    const p = [...path, i];
    if (typeof item === 'string') {
      out.push({ file: { path: item, required: true }, path: p });
      return;
    }
    if (!isObject(item) || typeof item.path !== 'string') {
      report(sink, 'E0506', `expected an env file path or {path, required}, got \`${show(item)}\``, p);
      return;
    }
    const required = asBool(item.required, [...p, 'required'], sink) ?? true;
    const format = asString(item.format, [...p, 'format'], sink);
    out.push({ file: { path: item.path, required, ...(format === undefined ? {} : { format }) }, path: [...p, 'path'] });
  });
  return out;
}

function readEnvFiles(files: readonly LocatedEnvFile[], host: EnvHost, sink: Sink): Map<string, string> {
  const vars = new Map<string, string>();
  for (const { file, path } of files) {
    const result = host.readEnvFile(file.path);
    if ('vars' in result) {
      for (const [k, v] of Object.entries(result.vars)) vars.set(k, v);
    } else if (result.missing) {
      if (file.required) {
        report(sink, 'E0611', `env file \`${file.path}\` not found`, path, 'create it, or mark it `required: false`');
      }
    } else {
      report(sink, 'E0204', `cannot read env file \`${file.path}\`: ${result.error}`, path);
    }
  }
  return vars;
}

/**
 * `environment:` alone (also used by hooks): entries without a value are looked up in `resolved`
 * and stay null when absent. `base` holds values from env files.
 */
export function resolveEnvironment(
  value: JsonValue | undefined,
  path: JsonPath,
  resolved: Readonly<Record<string, string>>,
  sink: Sink,
  base: ReadonlyMap<string, string> = new Map(),
): Record<string, string | null> {
  const env = new Map<string, string | null>(base);
  for (const e of listOrMapEntries(value, path, sink)) {
    if (e.value !== null) env.set(e.key, e.value);
    else if (Object.hasOwn(resolved, e.key)) env.set(e.key, resolved[e.key] ?? null);
    else if (!env.has(e.key)) env.set(e.key, null);
  }
  return sortedRecord(env.entries());
}

export function normalizeEnvironment(
  envFileValue: JsonValue | undefined,
  environmentValue: JsonValue | undefined,
  servicePath: JsonPath,
  resolved: Readonly<Record<string, string>>,
  host: EnvHost,
  sink: Sink,
): { env_file: EnvFile[]; environment: Record<string, string | null> } {
  const files = normalizeEnvFiles(envFileValue, [...servicePath, 'env_file'], sink);
  const base = readEnvFiles(files, host, sink);
  return {
    env_file: files.map((f) => f.file),
    environment: resolveEnvironment(environmentValue, [...servicePath, 'environment'], resolved, sink, base),
  };
}
