/**
 * The legacy top-level `version`. The Compose specification ignores it, so it only earns a
 * warning, but a file that declares one is also checked against it: `docker stack deploy` still
 * validates v3 files against their declared format, and a feature newer than that format is
 * rejected there, so we say so here, at the feature, before anything is deployed.
 *
 * Runs on the document as written (before interpolation), so it must not trust any shape.
 */
import { diagnostic, formatPath, type Diagnostic, type JsonPath } from './diagnostics.js';
import { isObject, type JsonObject, type JsonValue } from './json.js';

/** Compose file formats that existed: 1, 2.0–2.4, 3.0–3.9 ("3" meaning 3.0). */
const VALID_VERSION = /^(1(\.0)?|2(\.[0-4])?|3(\.[0-9])?)$/;

interface Use {
  readonly path: JsonPath;
  readonly target: 'key' | 'value';
}

interface Feature {
  /** How the message names the feature; `{path}` stands for where it was found. */
  readonly label: string;
  /** First 3.x format with the feature. */
  readonly since3: string;
  /** First 2.x format with it; absent when no 2.x format had it. */
  readonly since2?: string;
  /** Part of `deploy`: a 1.x/2.x file is already told `deploy` itself is too new. */
  readonly inDeploy?: boolean;
  readonly find: (doc: JsonObject) => Use[];
}

// ---------------------------------------------------------------------------------------------
// Finders

const key = (...path: (string | number)[]): Use => ({ path, target: 'key' });

function entries(value: JsonValue | undefined): [string, JsonValue][] {
  return isObject(value) ? Object.entries(value) : [];
}

/** `<section>.<name>.<field>` for every entry of a top-level section that sets the field. */
function entryKey(section: string, field: string) {
  return (doc: JsonObject): Use[] =>
    entries(doc[section])
      .filter(([, entry]) => isObject(entry) && field in entry)
      .map(([name]) => key(section, name, field));
}

function serviceKey(...fields: string[]) {
  return (doc: JsonObject): Use[] => {
    const uses: Use[] = [];
    for (const [name, service] of entries(doc['services'])) {
      let node: JsonValue | undefined = service;
      for (const field of fields.slice(0, -1)) node = isObject(node) ? node[field] : undefined;
      if (isObject(node) && fields[fields.length - 1]! in node) uses.push(key('services', name, ...fields));
    }
    return uses;
  };
}

/** Items of a service list (ports, volumes) written as mappings: the long syntax. */
function longSyntax(field: string) {
  return (doc: JsonObject): Use[] => {
    const uses: Use[] = [];
    for (const [name, service] of entries(doc['services'])) {
      const list = isObject(service) ? service[field] : undefined;
      if (!Array.isArray(list)) continue;
      list.forEach((item, i) => {
        if (isObject(item)) uses.push({ path: ['services', name, field, i], target: 'value' });
      });
    }
    return uses;
  };
}

function topLevel(field: string) {
  return (doc: JsonObject): Use[] => (field in doc ? [key(field)] : []);
}

/** Mappings whose keys are the user's own names or values, never compose keys. */
const FREE_FORM = new Set([
  'labels', 'environment', 'args', 'annotations', 'driver_opts', 'options', 'sysctls', 'extra_hosts',
  'storage_opt', 'aux_addresses', 'additional_contexts', 'ssh', 'ulimits',
]);

function extensionFields(doc: JsonObject): Use[] {
  const uses: Use[] = [];
  const walk = (node: JsonValue, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, [...path, i]));
    } else if (isObject(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k.startsWith('x-')) uses.push(key(...path, k));
        else if (!FREE_FORM.has(k)) walk(v, [...path, k]);
      }
    }
  };
  walk(doc, []);
  return uses;
}

// ---------------------------------------------------------------------------------------------
// The table: when each feature arrived in the legacy file formats

const FEATURES: readonly Feature[] = [
  { label: 'top-level `secrets`', since3: '3.1', find: topLevel('secrets') },
  { label: 'top-level `configs`', since3: '3.3', find: topLevel('configs') },
  { label: '`{path}`', since3: '3.1', find: serviceKey('secrets') },
  { label: '`{path}`', since3: '3.3', find: serviceKey('configs') },
  { label: 'the long syntax of `ports`', since3: '3.2', find: longSyntax('ports') },
  { label: 'the long syntax of `volumes`', since3: '3.2', since2: '2.3', find: longSyntax('volumes') },
  { label: '`{path}`', since3: '3.0', find: serviceKey('deploy') },
  { label: 'the extension field `{key}`', since3: '3.4', since2: '2.1', find: extensionFields },
  { label: '`{path}`', since3: '3.4', since2: '2.3', find: serviceKey('healthcheck', 'start_period') },
  { label: '`{path}`', since3: '3.7', since2: '2.2', find: serviceKey('init') },
  { label: '`{path}`', since3: '3.2', find: entryKey('networks', 'attachable') },
  { label: '`{path}`', since3: '3.5', since2: '2.1', find: entryKey('networks', 'name') },
  { label: '`{path}`', since3: '3.4', since2: '2.1', find: entryKey('volumes', 'name') },
  { label: '`{path}`', since3: '3.7', inDeploy: true, find: serviceKey('deploy', 'rollback_config') },
  { label: '`{path}`', since3: '3.4', inDeploy: true, find: serviceKey('deploy', 'update_config', 'order') },
  { label: '`{path}`', since3: '3.3', inDeploy: true, find: serviceKey('deploy', 'placement', 'preferences') },
  {
    label: '`{path}`',
    since3: '3.8',
    inDeploy: true,
    find: serviceKey('deploy', 'placement', 'max_replicas_per_node'),
  },
];

// ---------------------------------------------------------------------------------------------

export function checkVersion(doc: JsonObject): Diagnostic[] {
  if (!('version' in doc)) return [];
  const out: Diagnostic[] = [
    diagnostic('W0401', '`version` is obsolete: the Compose specification ignores it', {
      path: ['version'],
      target: 'key',
      hint: 'remove it; while it is there, stackc checks that the features this file uses exist in that format',
    }),
  ];
  const raw = doc['version'];
  // Other types are the schema's to report; an unresolved ${VAR} cannot be judged before interpolation.
  if (typeof raw !== 'string' && typeof raw !== 'number') return out;
  const text = String(raw).trim();
  if (text.includes('$')) return out;
  if (!VALID_VERSION.test(text)) {
    out.push(
      diagnostic('E0403', `\`version\` must be a compose file format (1, 2.0 to 2.4, or 3.0 to 3.9), got ${JSON.stringify(raw)}`, {
        path: ['version'],
        target: 'value',
      }),
    );
    return out;
  }
  out.push(...tooNew(doc, text));
  return out;
}

/**
 * `3` or `3.4` as [major, minor]: VALID_VERSION and the table admit nothing else. (Comparing two
 * numbers needs no semver, whose regexes took ~6 ms to load on every run.)
 */
function formatVersion(text: string): readonly [number, number] {
  const [major = 0, minor = 0] = text.split('.').map(Number);
  return [major, minor];
}

function older(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] !== b[0] ? a[0] < b[0] : a[1] < b[1];
}

function tooNew(doc: JsonObject, declared: string): Diagnostic[] {
  const version = formatVersion(declared);
  const major = version[0];
  const out: Diagnostic[] = [];
  for (const feature of FEATURES) {
    if (major < 3 && feature.inDeploy) continue;
    const since = major === 2 && feature.since2 !== undefined ? feature.since2 : feature.since3;
    if (!older(version, formatVersion(since))) continue;
    const consequence =
      major >= 3
        ? 'docker stack deploy rejects it'
        : feature.since2 === undefined
          ? `no ${major}.x format has it`
          : 'docker-compose rejects it';
    for (const use of feature.find(doc)) {
      const last = use.path[use.path.length - 1];
      const label = feature.label.replace('{path}', formatPath(use.path)).replace('{key}', String(last));
      out.push(
        diagnostic(
          'E0402',
          `${label} needs compose file format ${since} or later, but this file declares version ${declared} (${consequence})`,
          { path: use.path, target: use.target },
        ),
      );
    }
  }
  return out;
}
