/**
 * Relative host paths are resolved once, where the right base directory is known: the project
 * directory for -f files, the included project's directory for `include`, and the other file's
 * directory for `extends: {file: ...}`. Later stages see only absolute paths.
 */
import { homedir } from 'node:os';
import path from 'node:path';
import { isObject, type JsonObject, type JsonValue } from './json.js';

export function resolveRelativePaths(doc: JsonObject, baseDir: string): JsonObject {
  const out: JsonObject = { ...doc };
  if (isObject(doc.services)) {
    const services: JsonObject = {};
    for (const [name, service] of Object.entries(doc.services)) {
      services[name] = isObject(service) ? resolveService(service, baseDir) : service;
    }
    out.services = services;
  }
  for (const kind of ['secrets', 'configs'] as const) {
    const section = doc[kind];
    if (!isObject(section)) continue;
    const resolved: JsonObject = {};
    for (const [name, def] of Object.entries(section)) {
      resolved[name] = isObject(def) && typeof def.file === 'string' ? { ...def, file: hostPath(def.file, baseDir) } : def;
    }
    out[kind] = resolved;
  }
  return out;
}

function resolveService(service: JsonObject, baseDir: string): JsonObject {
  const out: JsonObject = { ...service };
  if (typeof service.build === 'string') out.build = contextPath(service.build, baseDir);
  else if (isObject(service.build)) out.build = resolveBuild(service.build, baseDir);
  if (service.env_file !== undefined) out.env_file = mapEnvFiles(service.env_file, baseDir);
  if (typeof service.label_file === 'string') out.label_file = hostPath(service.label_file, baseDir);
  else if (Array.isArray(service.label_file)) out.label_file = service.label_file.map((f) => (typeof f === 'string' ? hostPath(f, baseDir) : f));
  if (Array.isArray(service.volumes)) out.volumes = service.volumes.map((v) => resolveVolume(v, baseDir));
  return out;
}

function resolveBuild(build: JsonObject, baseDir: string): JsonObject {
  const out: JsonObject = { ...build };
  out.context = contextPath(typeof build.context === 'string' ? build.context : '.', baseDir);
  if (isObject(build.additional_contexts)) {
    const contexts: JsonObject = {};
    for (const [name, value] of Object.entries(build.additional_contexts)) {
      contexts[name] = typeof value === 'string' ? contextPath(value, baseDir) : value;
    }
    out.additional_contexts = contexts;
  }
  return out;
}

function mapEnvFiles(value: JsonValue, baseDir: string): JsonValue {
  const one = (entry: JsonValue): JsonValue => {
    if (typeof entry === 'string') return hostPath(entry, baseDir);
    if (isObject(entry) && typeof entry.path === 'string') return { ...entry, path: hostPath(entry.path, baseDir) };
    return entry;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

function resolveVolume(volume: JsonValue, baseDir: string): JsonValue {
  if (typeof volume === 'string') {
    const colon = volume.indexOf(':');
    if (colon <= 0) return volume;
    const source = volume.slice(0, colon);
    return isRelativeHostPath(source) ? hostPath(source, baseDir) + volume.slice(colon) : volume;
  }
  if (isObject(volume) && volume.type === 'bind' && typeof volume.source === 'string') {
    return { ...volume, source: hostPath(volume.source, baseDir) };
  }
  return volume;
}

/** `.`, `./x`, `../x` and `~/x` are host paths; a bare name is a named volume. */
export function isRelativeHostPath(source: string): boolean {
  return source === '.' || source === '..' || source.startsWith('./') || source.startsWith('../') || source === '~' || source.startsWith('~/');
}

export function hostPath(value: string, baseDir: string): string {
  if (value === '~' || value.startsWith('~/')) return path.join(homedir(), value.slice(1));
  return path.resolve(baseDir, value);
}

/** Build contexts may be remote (git URLs, `docker-image://`); those stay as written. */
function contextPath(value: string, baseDir: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@') || value.startsWith('github.com/')
    ? value
    : hostPath(value, baseDir);
}
