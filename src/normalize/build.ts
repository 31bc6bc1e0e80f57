/**
 * `build:`. The string form is the context. Parse made a relative local context absolute; a
 * missing context is the project directory and a missing dockerfile is `Dockerfile`, as compose
 * does. Build args without a value come from the resolved environment, like `environment:`.
 */
import type { JsonPath } from '../parse/diagnostics.js';
import type { JsonValue } from '../parse/json.js';
import { asBool, asObject, asString, asStringList, compact, optionalExtensions, sortedRecord, type Sink } from './coerce.js';
import { resolveEnvironment } from './environment.js';
import { normalizeUlimits } from './healthcheck.js';
import type { Build } from './model.js';
import { listOrMapEntries, normalizeExtraHosts, stringRecord } from './records.js';
import { normalizeFileRefs } from './references.js';
import { sizeField } from './units.js';

const BUILD_KEYS: ReadonlySet<string> = new Set([
  'context', 'dockerfile', 'dockerfile_inline', 'args', 'additional_contexts', 'cache_from', 'cache_to',
  'entitlements', 'extra_hosts', 'isolation', 'labels', 'network', 'no_cache', 'platforms', 'privileged',
  'provenance', 'pull', 'sbom', 'secrets', 'shm_size', 'ssh', 'tags', 'target', 'ulimits',
]);

export function normalizeBuild(
  value: JsonValue | undefined,
  path: JsonPath,
  projectDirectory: string,
  resolved: Readonly<Record<string, string>>,
  sink: Sink,
): Build | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return normalizeBuild({ context: value }, path, projectDirectory, resolved, sink);
  const obj = asObject(value, path, sink);
  if (obj === undefined) return undefined;
  const p = (key: string): JsonPath => [...path, key];
  const context = asString(obj.context, p('context'), sink);
  const inline = asString(obj.dockerfile_inline, p('dockerfile_inline'), sink);
  const dockerfile = asString(obj.dockerfile, p('dockerfile'), sink) ?? (inline === undefined ? 'Dockerfile' : undefined);
  return compact<Build>({
    context: context === undefined || context === '' || context === '.' ? projectDirectory : context,
    dockerfile,
    dockerfile_inline: inline,
    args: resolveEnvironment(obj.args, p('args'), resolved, sink),
    additional_contexts: stringRecord(obj.additional_contexts, p('additional_contexts'), sink),
    cache_from: asStringList(obj.cache_from, p('cache_from'), sink),
    cache_to: asStringList(obj.cache_to, p('cache_to'), sink),
    entitlements: asStringList(obj.entitlements, p('entitlements'), sink),
    extra_hosts: normalizeExtraHosts(obj.extra_hosts, p('extra_hosts'), sink),
    isolation: asString(obj.isolation, p('isolation'), sink),
    labels: stringRecord(obj.labels, p('labels'), sink),
    network: asString(obj.network, p('network'), sink),
    no_cache: asBool(obj.no_cache, p('no_cache'), sink),
    platforms: asStringList(obj.platforms, p('platforms'), sink),
    privileged: asBool(obj.privileged, p('privileged'), sink),
    provenance: obj.provenance ?? undefined,
    pull: asBool(obj.pull, p('pull'), sink),
    sbom: obj.sbom ?? undefined,
    secrets: normalizeFileRefs(obj.secrets, p('secrets'), sink, 'secret'),
    shm_size: sizeField(obj.shm_size, p('shm_size'), sink),
    ssh: normalizeSsh(obj.ssh, p('ssh'), sink),
    tags: asStringList(obj.tags, p('tags'), sink),
    target: asString(obj.target, p('target'), sink),
    ulimits: normalizeUlimits(obj.ulimits, p('ulimits'), sink),
    ...optionalExtensions(obj, BUILD_KEYS),
  });
}

/** `ssh: [default, "key=/path"]` or a map; an id without a path is the default agent. */
function normalizeSsh(value: JsonValue | undefined, path: JsonPath, sink: Sink): Record<string, string | null> {
  if (typeof value === 'string') return normalizeSsh([value], path, sink);
  return sortedRecord(listOrMapEntries(value, path, sink).map((e) => [e.key, e.value === '' ? null : e.value] as const));
}
