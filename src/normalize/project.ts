/**
 * The whole document: services, top-level resources, extensions. `name` is decided before
 * normalize (options.projectName), `version` is obsolete (parse warns) and `include` is resolved
 * by parse, so those three are read by nobody here.
 */
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type ComposeDocument, type JsonObject, type JsonValue } from '../parse/json.js';
import { asObject, byCodePoint, extensionsOf, report, show, sortedRecord, type Sink } from './coerce.js';
import { normalizeSecret, normalizeVolume } from './definitions.js';
import type { Network, Project, Service } from './model.js';
import { normalizeNetwork } from './networks.js';
import type { NormalizeOptions } from './options.js';
import { normalizeService } from './service.js';

const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models',
]);

/** The entries of a top-level section, sorted by key. */
function section(doc: JsonObject, key: string, sink: Sink): [string, JsonValue][] {
  const obj = asObject(doc[key], [key], sink);
  if (obj === undefined) return [];
  return Object.entries(obj).sort(([a], [b]) => byCodePoint(a, b));
}

/** The network a service gets when it names none, as compose creates it. */
function defaultNetwork(project: string): Network {
  return {
    name: `${project}_default`,
    driver_opts: {},
    ipam: { config: [], options: {} },
    external: false,
    labels: {},
    extensions: {},
  };
}

export function normalizeProject(doc: ComposeDocument, options: NormalizeOptions, sink: Sink): Project {
  const project = options.projectName;
  const ctx = { projectDirectory: options.projectDirectory, environment: options.environment, host: options.host };
  const services: [string, Service][] = section(doc, 'services', sink).map(([name, raw]) => {
    const path: JsonPath = ['services', name];
    if (!isObject(raw)) report(sink, 'E0506', `expected a service definition, got \`${show(raw)}\``, path);
    return [name, normalizeService(name, isObject(raw) ? raw : {}, ctx, sink)];
  });
  const networks = new Map<string, Network>(
    section(doc, 'networks', sink).map(([key, raw]) => [key, normalizeNetwork(key, raw, ['networks', key], project, sink)]),
  );
  if (!networks.has('default') && services.some(([, s]) => Object.hasOwn(s.networks, 'default'))) {
    networks.set('default', defaultNetwork(project));
  }
  return {
    name: project,
    project_directory: options.projectDirectory,
    config_files: [...options.configFiles],
    services: sortedRecord(services),
    networks: sortedRecord(networks.entries()),
    volumes: sortedRecord(section(doc, 'volumes', sink).map(([key, raw]) => [key, normalizeVolume(key, raw, ['volumes', key], project, sink)] as const)),
    secrets: sortedRecord(
      section(doc, 'secrets', sink).map(([key, raw]) => [key, normalizeSecret(key, raw, ['secrets', key], project, 'secret', sink)] as const),
    ),
    configs: sortedRecord(
      section(doc, 'configs', sink).map(([key, raw]) => [key, normalizeSecret(key, raw, ['configs', key], project, 'config', sink)] as const),
    ),
    models: sortedRecord(section(doc, 'models', sink)),
    extensions: extensionsOf(doc, TOP_LEVEL_KEYS),
  };
}
