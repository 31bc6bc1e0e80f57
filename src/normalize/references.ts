/**
 * Service fields that name other things: depends_on, links, volumes_from, secrets, configs,
 * models. Only syntax is handled here; whether the names exist is checked in checks/.
 */
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonObject, type JsonValue } from '../parse/json.js';
import {
  asBool,
  asList,
  asMode,
  asString,
  asStringList,
  compact,
  optionalExtensions,
  report,
  show,
  sortedRecord,
  type Sink,
} from './coerce.js';
import type { ServiceDependency, ServiceLink, ServiceModel, ServiceSecretRef, VolumesFrom } from './model.js';

const CONDITIONS: ReadonlySet<string> = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);

/** A list means `service_started`, required; the long form defaults the same way. */
export function normalizeDependsOn(value: JsonValue | undefined, path: JsonPath, sink: Sink): Record<string, ServiceDependency> {
  const started: ServiceDependency = { condition: 'service_started', restart: false, required: true };
  if (Array.isArray(value)) {
    return sortedRecord(asStringList(value, path, sink).map((name) => [name, started] as const));
  }
  if (!isObject(value)) {
    if (value !== undefined && value !== null) report(sink, 'E0506', `expected a list or a mapping, got \`${show(value)}\``, path);
    return {};
  }
  const entries: [string, ServiceDependency][] = [];
  for (const [name, raw] of Object.entries(value)) {
    const p = [...path, name];
    if (raw === null) {
      entries.push([name, started]);
      continue;
    }
    if (!isObject(raw)) {
      report(sink, 'E0506', `expected {condition, restart, required}, got \`${show(raw)}\``, p);
      continue;
    }
    const condition = asString(raw.condition, [...p, 'condition'], sink) ?? 'service_started';
    if (!CONDITIONS.has(condition)) {
      report(sink, 'E0506', `unknown condition \`${condition}\``, [...p, 'condition'], 'use service_started, service_healthy or service_completed_successfully');
      continue;
    }
    entries.push([
      name,
      {
        condition: condition as ServiceDependency['condition'],
        restart: asBool(raw.restart, [...p, 'restart'], sink) ?? false,
        required: asBool(raw.required, [...p, 'required'], sink) ?? true,
      },
    ]);
  }
  return sortedRecord(entries);
}

/** `links: [db, "db:database"]`: the alias defaults to the service name. */
export function normalizeLinks(value: JsonValue | undefined, path: JsonPath, sink: Sink): ServiceLink[] {
  return asStringList(value, path, sink).map((text) => {
    const at = text.indexOf(':');
    const service = at < 0 ? text : text.slice(0, at);
    return { service, alias: at < 0 ? service : text.slice(at + 1) };
  });
}

/** `volumes_from: [svc, "svc:ro", "container:name:rw"]`. */
export function normalizeVolumesFrom(value: JsonValue | undefined, path: JsonPath, sink: Sink): VolumesFrom[] {
  const out: VolumesFrom[] = [];
  asList(value, path, sink).forEach((item, i) => {
    const text = asString(item, [...path, i], sink);
    if (text === undefined) return;
    const parts = text.split(':');
    const container = parts[0] === 'container';
    if (container) parts.shift();
    const [source = '', mode = 'rw', ...extra] = parts;
    if (source === '' || (mode !== 'ro' && mode !== 'rw') || extra.length > 0) {
      report(sink, 'E0506', `invalid volumes_from \`${text}\``, [...path, i], 'write SERVICE[:ro|rw] or container:NAME[:ro|rw]');
      return;
    }
    out.push({ source, container, read_only: mode === 'ro' });
  });
  return out;
}

const FILE_REF_KEYS: ReadonlySet<string> = new Set(['source', 'target', 'uid', 'gid', 'mode']);

/**
 * Service `secrets:` and `configs:`. The target defaults to the source name for secrets
 * (mounted at /run/secrets/<source>) and to `/<source>` for configs, as compose does.
 */
export function normalizeFileRefs(
  value: JsonValue | undefined,
  path: JsonPath,
  sink: Sink,
  kind: 'secret' | 'config',
): ServiceSecretRef[] {
  const out: ServiceSecretRef[] = [];
  asList(value, path, sink).forEach((item, i) => {
    const p = [...path, i];
    const obj: JsonObject | undefined = typeof item === 'string' ? { source: item } : isObject(item) ? item : undefined;
    const source = obj === undefined ? undefined : asString(obj.source, [...p, 'source'], sink);
    if (obj === undefined || source === undefined || source === '') {
      report(sink, 'E0506', `expected a ${kind} name or {source, target, ...}, got \`${show(item)}\``, p);
      return;
    }
    const target = asString(obj.target, [...p, 'target'], sink);
    out.push(
      compact<ServiceSecretRef>({
        source,
        target: target === undefined || target === '' ? (kind === 'secret' ? source : `/${source}`) : target,
        uid: asString(obj.uid, [...p, 'uid'], sink),
        gid: asString(obj.gid, [...p, 'gid'], sink),
        mode: asMode(obj.mode, [...p, 'mode'], sink),
        ...optionalExtensions(obj, FILE_REF_KEYS),
      }),
    );
  });
  return out;
}

/** Service `models:`: a list of names or a map of name → {endpoint_var, model_var}. */
export function normalizeServiceModels(value: JsonValue | undefined, path: JsonPath, sink: Sink): Record<string, ServiceModel | null> {
  if (Array.isArray(value)) return sortedRecord(asStringList(value, path, sink).map((name) => [name, null] as const));
  if (!isObject(value)) {
    if (value !== undefined && value !== null) report(sink, 'E0506', `expected a list or a mapping, got \`${show(value)}\``, path);
    return {};
  }
  return sortedRecord(
    Object.entries(value).map(([name, raw]) => {
      const p = [...path, name];
      if (!isObject(raw)) return [name, null] as const;
      return [
        name,
        compact<ServiceModel>({
          endpoint_var: asString(raw.endpoint_var, [...p, 'endpoint_var'], sink),
          model_var: asString(raw.model_var, [...p, 'model_var'], sink),
        }),
      ] as const;
    }),
  );
}
