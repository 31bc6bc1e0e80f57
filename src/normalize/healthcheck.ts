/**
 * Small runtime options of a service: healthcheck, logging, ulimits, lifecycle hooks,
 * credential_spec.
 */
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonValue } from '../parse/json.js';
import { asBool, asInt, asList, asObject, asString, compact, optionalExtensions, report, show, sortedRecord, type Sink } from './coerce.js';
import { normalizeCommand } from './command-line.js';
import { resolveEnvironment } from './environment.js';
import type { CredentialSpec, Healthcheck, Logging, ServiceHook, Ulimit } from './model.js';
import { stringRecord } from './records.js';
import { durationField } from './units.js';

const HEALTHCHECK_KEYS: ReadonlySet<string> = new Set([
  'test', 'interval', 'timeout', 'start_period', 'start_interval', 'retries', 'disable',
]);

/** The string form of `test` runs in a shell (CMD-SHELL); `disable: true` is test ["NONE"]. */
export function normalizeHealthcheck(value: JsonValue | undefined, path: JsonPath, sink: Sink): Healthcheck | undefined {
  const obj = asObject(value, path, sink);
  if (obj === undefined) return undefined;
  const disabled = asBool(obj.disable, [...path, 'disable'], sink) === true;
  let test: string[] | undefined;
  if (disabled) test = ['NONE'];
  else if (typeof obj.test === 'string') test = ['CMD-SHELL', obj.test];
  else test = normalizeCommand(obj.test, [...path, 'test'], sink) ?? undefined;
  return compact<Healthcheck>({
    test,
    interval: durationField(obj.interval, [...path, 'interval'], sink),
    timeout: durationField(obj.timeout, [...path, 'timeout'], sink),
    start_period: durationField(obj.start_period, [...path, 'start_period'], sink),
    start_interval: durationField(obj.start_interval, [...path, 'start_interval'], sink),
    retries: asInt(obj.retries, [...path, 'retries'], sink, { min: 0 }),
    ...optionalExtensions(obj, HEALTHCHECK_KEYS),
  });
}

const LOGGING_KEYS: ReadonlySet<string> = new Set(['driver', 'options']);

export function normalizeLogging(value: JsonValue | undefined, path: JsonPath, sink: Sink): Logging | undefined {
  const obj = asObject(value, path, sink);
  if (obj === undefined) return undefined;
  return compact<Logging>({
    driver: asString(obj.driver, [...path, 'driver'], sink),
    options: stringRecord(obj.options, [...path, 'options'], sink),
    ...optionalExtensions(obj, LOGGING_KEYS),
  });
}

/** `nofile: 1024` sets soft and hard; `{soft, hard}` sets each. */
export function normalizeUlimits(value: JsonValue | undefined, path: JsonPath, sink: Sink): Record<string, Ulimit> {
  const obj = asObject(value, path, sink);
  if (obj === undefined) return {};
  const entries: [string, Ulimit][] = [];
  for (const [name, raw] of Object.entries(obj)) {
    const p = [...path, name];
    if (isObject(raw)) {
      const soft = asInt(raw.soft, [...p, 'soft'], sink);
      const hard = asInt(raw.hard, [...p, 'hard'], sink);
      if (soft === undefined || hard === undefined) {
        if (raw.soft === undefined || raw.hard === undefined) report(sink, 'E0505', 'a ulimit needs both `soft` and `hard`', p);
        continue;
      }
      entries.push([name, { soft, hard }]);
    } else {
      const limit = asInt(raw, p, sink);
      if (limit !== undefined) entries.push([name, { soft: limit, hard: limit }]);
    }
  }
  return sortedRecord(entries);
}

/** post_start / pre_stop hooks. */
export function normalizeHooks(
  value: JsonValue | undefined,
  path: JsonPath,
  resolved: Readonly<Record<string, string>>,
  sink: Sink,
): ServiceHook[] {
  const out: ServiceHook[] = [];
  asList(value, path, sink).forEach((item, i) => {
    const p = [...path, i];
    if (!isObject(item)) {
      report(sink, 'E0506', `expected a hook {command, user, ...}, got \`${show(item)}\``, p);
      return;
    }
    out.push(
      compact<ServiceHook>({
        command: normalizeCommand(item.command, [...p, 'command'], sink) ?? [],
        user: asString(item.user, [...p, 'user'], sink),
        privileged: asBool(item.privileged, [...p, 'privileged'], sink),
        working_dir: asString(item.working_dir, [...p, 'working_dir'], sink),
        environment: resolveEnvironment(item.environment, [...p, 'environment'], resolved, sink),
      }),
    );
  });
  return out;
}

export function normalizeCredentialSpec(value: JsonValue | undefined, path: JsonPath, sink: Sink): CredentialSpec | undefined {
  const obj = asObject(value, path, sink);
  if (obj === undefined) return undefined;
  return compact<CredentialSpec>({
    config: asString(obj.config, [...path, 'config'], sink),
    file: asString(obj.file, [...path, 'file'], sink),
    registry: asString(obj.registry, [...path, 'registry'], sink),
  });
}
