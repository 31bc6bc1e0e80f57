/** Top-level `volumes:`, `secrets:` and `configs:` definitions. */
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonObject, type JsonValue } from '../parse/json.js';
import { asString, compact, extensionsOf, report, show, type Sink } from './coerce.js';
import type { Secret, Volume } from './model.js';
import { engineName, externalOf } from './networks.js';
import { stringRecord } from './records.js';

function definition(value: JsonValue | undefined, path: JsonPath, what: string, sink: Sink): JsonObject {
  if (value !== undefined && value !== null && !isObject(value)) {
    report(sink, 'E0506', `expected a ${what} definition, got \`${show(value)}\``, path);
  }
  return isObject(value) ? value : {};
}

const VOLUME_KEYS: ReadonlySet<string> = new Set(['name', 'driver', 'driver_opts', 'external', 'labels']);

export function normalizeVolume(key: string, value: JsonValue | undefined, path: JsonPath, project: string, sink: Sink): Volume {
  const obj = definition(value, path, 'volume', sink);
  const p = (k: string): JsonPath => [...path, k];
  const ext = externalOf(obj.external, p('external'), sink);
  return compact<Volume>({
    name: engineName(key, asString(obj.name, p('name'), sink) ?? ext.name, ext.external, project),
    driver: asString(obj.driver, p('driver'), sink),
    driver_opts: stringRecord(obj.driver_opts, p('driver_opts'), sink),
    external: ext.external,
    labels: stringRecord(obj.labels, p('labels'), sink),
    extensions: extensionsOf(obj, VOLUME_KEYS),
  });
}

const SECRET_KEYS: ReadonlySet<string> = new Set([
  'name', 'file', 'environment', 'content', 'external', 'labels', 'driver', 'driver_opts', 'template_driver',
]);

/** A secret or config; one of file/environment/content is needed unless it is external. */
export function normalizeSecret(
  key: string,
  value: JsonValue | undefined,
  path: JsonPath,
  project: string,
  kind: 'secret' | 'config',
  sink: Sink,
): Secret {
  const obj = definition(value, path, kind, sink);
  const p = (k: string): JsonPath => [...path, k];
  const ext = externalOf(obj.external, p('external'), sink);
  const secret = compact<Secret>({
    name: engineName(key, asString(obj.name, p('name'), sink) ?? ext.name, ext.external, project),
    file: asString(obj.file, p('file'), sink),
    environment: asString(obj.environment, p('environment'), sink),
    content: asString(obj.content, p('content'), sink),
    external: ext.external,
    labels: stringRecord(obj.labels, p('labels'), sink),
    driver: asString(obj.driver, p('driver'), sink),
    driver_opts: stringRecord(obj.driver_opts, p('driver_opts'), sink),
    template_driver: asString(obj.template_driver, p('template_driver'), sink),
    extensions: extensionsOf(obj, SECRET_KEYS),
  });
  const sources = [secret.file, secret.environment, secret.content].filter((s) => s !== undefined).length;
  if (!secret.external && secret.driver === undefined && sources !== 1) {
    const message = sources === 0 ? `${kind} \`${key}\` needs one of file, environment or content` : `${kind} \`${key}\` sets more than one of file, environment and content`;
    report(sink, 'E0506', message, path);
  }
  return secret;
}
