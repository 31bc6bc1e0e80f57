/**
 * `deploy:`. Only `mode` gets a default ('replicated', as compose and swarm agree); everything
 * else the user did not write stays undefined so the target applies its own default.
 */
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonObject, type JsonValue } from '../parse/json.js';
import { asInt, asList, asNumber, asObject, asString, asStringList, compact, optionalExtensions, report, show, type Sink } from './coerce.js';
import { normalizeDeviceRequests } from './devices.js';
import type { Deploy, GenericResource, Placement, Resources, RestartPolicy, UpdateConfig } from './model.js';
import { stringRecord } from './records.js';
import { cpusField, durationField, sizeField } from './units.js';

const DEPLOY_KEYS: ReadonlySet<string> = new Set([
  'mode', 'replicas', 'endpoint_mode', 'labels', 'resources', 'restart_policy', 'update_config', 'rollback_config', 'placement',
]);
const MODES: ReadonlySet<string> = new Set(['replicated', 'global', 'replicated-job', 'global-job']);

function oneOf<T extends string>(value: JsonValue | undefined, path: JsonPath, sink: Sink, allowed: readonly T[]): T | undefined {
  const text = asString(value, path, sink);
  if (text === undefined) return undefined;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  report(sink, 'E0506', `unknown value \`${text}\` (expected ${allowed.join(', ')})`, path);
  return undefined;
}

function genericResources(value: JsonValue | undefined, path: JsonPath, sink: Sink): GenericResource[] {
  const out: GenericResource[] = [];
  asList(value, path, sink).forEach((item, i) => {
    const p = [...path, i];
    const spec = isObject(item) ? asObject(item.discrete_resource_spec, [...p, 'discrete_resource_spec'], sink) : undefined;
    if (spec === undefined) {
      report(sink, 'E0506', `expected {discrete_resource_spec: {kind, value}}, got \`${show(item)}\``, p);
      return;
    }
    const sp = [...p, 'discrete_resource_spec'];
    const kind = asString(spec.kind, [...sp, 'kind'], sink);
    const value = asInt(spec.value, [...sp, 'value'], sink, { min: 0 });
    if (kind !== undefined && value !== undefined) out.push({ discrete_resource_spec: { kind, value } });
  });
  return out;
}

function resources(obj: JsonObject | undefined, path: JsonPath, sink: Sink): Resources {
  if (obj === undefined) return {};
  const lp = [...path, 'limits'];
  const rp = [...path, 'reservations'];
  const limits = asObject(obj.limits, lp, sink);
  const reservations = asObject(obj.reservations, rp, sink);
  return compact<Resources>({
    limits:
      limits === undefined
        ? undefined
        : compact({
            cpus: cpusField(limits.cpus, [...lp, 'cpus'], sink),
            memory: sizeField(limits.memory, [...lp, 'memory'], sink),
            pids: asInt(limits.pids, [...lp, 'pids'], sink),
          }),
    reservations:
      reservations === undefined
        ? undefined
        : compact({
            cpus: cpusField(reservations.cpus, [...rp, 'cpus'], sink),
            memory: sizeField(reservations.memory, [...rp, 'memory'], sink),
            devices: normalizeDeviceRequests(reservations.devices, [...rp, 'devices'], sink),
            generic_resources: genericResources(reservations.generic_resources, [...rp, 'generic_resources'], sink),
          }),
  });
}

function restartPolicy(obj: JsonObject | undefined, path: JsonPath, sink: Sink): RestartPolicy | undefined {
  if (obj === undefined) return undefined;
  return compact<RestartPolicy>({
    condition: oneOf(obj.condition, [...path, 'condition'], sink, ['none', 'on-failure', 'any']),
    delay: durationField(obj.delay, [...path, 'delay'], sink),
    max_attempts: asInt(obj.max_attempts, [...path, 'max_attempts'], sink, { min: 0 }),
    window: durationField(obj.window, [...path, 'window'], sink),
  });
}

function updateConfig(obj: JsonObject | undefined, path: JsonPath, sink: Sink): UpdateConfig | undefined {
  if (obj === undefined) return undefined;
  return compact<UpdateConfig>({
    parallelism: asInt(obj.parallelism, [...path, 'parallelism'], sink, { min: 0 }),
    delay: durationField(obj.delay, [...path, 'delay'], sink),
    failure_action: oneOf(obj.failure_action, [...path, 'failure_action'], sink, ['continue', 'pause', 'rollback']),
    monitor: durationField(obj.monitor, [...path, 'monitor'], sink),
    max_failure_ratio: asNumber(obj.max_failure_ratio, [...path, 'max_failure_ratio'], sink, { min: 0, max: 1 }),
    order: oneOf(obj.order, [...path, 'order'], sink, ['start-first', 'stop-first']),
  });
}

function placement(obj: JsonObject | undefined, path: JsonPath, sink: Sink): Placement {
  if (obj === undefined) return { constraints: [], preferences: [] };
  const preferences: { spread: string }[] = [];
  asList(obj.preferences, [...path, 'preferences'], sink).forEach((item, i) => {
    const p = [...path, 'preferences', i];
    const spread = isObject(item) ? asString(item.spread, [...p, 'spread'], sink) : undefined;
    if (spread === undefined) report(sink, 'E0506', `expected {spread: LABEL}, got \`${show(item)}\``, p);
    else preferences.push({ spread });
  });
  return compact<Placement>({
    constraints: asStringList(obj.constraints, [...path, 'constraints'], sink),
    preferences,
    max_replicas_per_node: asInt(obj.max_replicas_per_node, [...path, 'max_replicas_per_node'], sink, { min: 0 }),
  });
}

export function normalizeDeploy(value: JsonValue | undefined, path: JsonPath, sink: Sink): Deploy | undefined {
  const obj = asObject(value, path, sink);
  if (obj === undefined) return undefined;
  const sub = (key: string): JsonObject | undefined => asObject(obj[key], [...path, key], sink);
  const mode = asString(obj.mode, [...path, 'mode'], sink) ?? 'replicated';
  if (!MODES.has(mode)) report(sink, 'E0506', `unknown deploy mode \`${mode}\``, [...path, 'mode'], 'use replicated, global, replicated-job or global-job');
  return compact<Deploy>({
    mode: MODES.has(mode) ? (mode as Deploy['mode']) : 'replicated',
    replicas: asInt(obj.replicas, [...path, 'replicas'], sink, { min: 0 }),
    endpoint_mode: oneOf(obj.endpoint_mode, [...path, 'endpoint_mode'], sink, ['vip', 'dnsrr']),
    labels: stringRecord(obj.labels, [...path, 'labels'], sink),
    resources: resources(sub('resources'), [...path, 'resources'], sink),
    restart_policy: restartPolicy(sub('restart_policy'), [...path, 'restart_policy'], sink),
    update_config: updateConfig(sub('update_config'), [...path, 'update_config'], sink),
    rollback_config: updateConfig(sub('rollback_config'), [...path, 'rollback_config'], sink),
    placement: placement(sub('placement'), [...path, 'placement'], sink),
    ...optionalExtensions(obj, DEPLOY_KEYS),
  });
}
