/**
 * Merging compose documents (several -f files, and a service over the one it `extends`) by the
 * compose specification's rules: mappings merge deeply, a later scalar wins, most sequences
 * append, some sequences are sets of resources keyed by what makes them unique (volumes by
 * target, ports by their whole mapping, secrets/configs by target), shell commands are replaced,
 * and list-or-map fields (environment, labels, ...) merge as mappings whatever form each side used.
 *
 * Merging never mutates its inputs. Every node taken from the override is grafted onto the
 * result's origins so diagnostics point into the file that wrote it.
 */
import type { JsonPath } from './diagnostics.js';
import { isObject, type JsonObject, type JsonValue } from './json.js';
import { graft, type Origins } from './origins.js';

export interface Located<T extends JsonValue = JsonValue> {
  readonly value: T;
  readonly origins: Origins;
  /** Where `value` sits inside `origins` (a service being extended lives at services.NAME). */
  readonly at: JsonPath;
}

type Rule =
  | { kind: 'replace' }
  | { kind: 'mapping'; separator: '=' | 'name' }
  | { kind: 'keyed'; key: (item: JsonValue) => string }
  | { kind: 'set' };

const REPLACE: Rule = { kind: 'replace' };
const SET: Rule = { kind: 'set' };
const byTarget = (item: JsonValue): string =>
  isObject(item) ? String(item.target ?? item.source ?? '') : volumeTargetOf(String(item));
const bySecretTarget = (item: JsonValue): string =>
  isObject(item) ? String(item.target ?? item.source ?? '') : String(item);
const byWhole = (item: JsonValue): string => JSON.stringify(item);

/** Rules for service fields; other fields merge as mappings deeply or append as sequences. */
const SERVICE_RULES: Record<string, Rule> = {
  command: REPLACE,
  entrypoint: REPLACE,
  environment: { kind: 'mapping', separator: '=' },
  labels: { kind: 'mapping', separator: '=' },
  annotations: { kind: 'mapping', separator: '=' },
  sysctls: { kind: 'mapping', separator: '=' },
  extra_hosts: SET,
  depends_on: { kind: 'mapping', separator: 'name' },
  networks: { kind: 'mapping', separator: 'name' },
  volumes: { kind: 'keyed', key: byTarget },
  ports: { kind: 'keyed', key: byWhole },
  secrets: { kind: 'keyed', key: bySecretTarget },
  configs: { kind: 'keyed', key: bySecretTarget },
  expose: SET,
  dns: SET,
  dns_search: SET,
  dns_opt: SET,
  cap_add: SET,
  cap_drop: SET,
  devices: SET,
  tmpfs: SET,
  security_opt: SET,
  profiles: SET,
  links: SET,
  external_links: SET,
  volumes_from: SET,
  group_add: SET,
};

const NESTED_RULES: Record<string, Rule> = {
  'build.args': { kind: 'mapping', separator: '=' },
  'build.labels': { kind: 'mapping', separator: '=' },
  'deploy.labels': { kind: 'mapping', separator: '=' },
  'healthcheck.test': REPLACE,
  'logging.options': { kind: 'mapping', separator: '=' },
};

function ruleFor(servicePath: readonly string[]): Rule | undefined {
  if (servicePath.length === 1) return SERVICE_RULES[servicePath[0]!];
  return NESTED_RULES[servicePath.join('.')];
}

/** Merges two whole compose documents. */
export function mergeDocuments(base: Located<JsonObject>, over: Located<JsonObject>): Located<JsonObject> {
  return mergeNode(base, over, [], (path) => (path[0] === 'services' && path.length >= 3 ? path.slice(2) : undefined)) as Located<JsonObject>;
}

/** Merges a service over the service it extends. */
export function mergeServices(base: Located<JsonObject>, over: Located<JsonObject>): Located<JsonObject> {
  return mergeNode(base, over, [], (path) => path) as Located<JsonObject>;
}

type ServicePathOf = (path: readonly string[]) => readonly string[] | undefined;

function mergeNode(base: Located, over: Located, rel: readonly string[], servicePath: ServicePathOf): Located {
  const origins = base.origins;
  const rule = relRule(rel, servicePath);
  // `key:` left empty in an override adds nothing; it does not erase what the base had.
  if (over.value === null) return base;
  if (rule?.kind === 'replace' || base.value === null) return take(base, over);
  if (rule?.kind === 'mapping' && (Array.isArray(base.value) || Array.isArray(over.value))) {
    // One side wrote a list (`- A=1`), the other a mapping: merge both as mappings.
    const merged = mergeNode(asMapping(base, rule.separator), asMapping(over, rule.separator), rel, servicePath);
    if (merged.origins !== origins) graft(origins, base.at, merged.origins, merged.at);
    return { value: merged.value, origins, at: base.at };
  }
  if (isObject(base.value) && isObject(over.value)) {
    const value: Record<string, JsonValue> = { ...base.value };
    for (const [key, child] of Object.entries(over.value)) {
      const childRel = [...rel, key];
      if (key in base.value) {
        const merged = mergeNode(
          { value: base.value[key]!, origins, at: [...base.at, key] },
          { value: child, origins: over.origins, at: [...over.at, key] },
          childRel,
          servicePath,
        );
        value[key] = merged.value;
      } else {
        value[key] = child;
        graft(origins, [...base.at, key], over.origins, [...over.at, key]);
      }
    }
    return { value, origins, at: base.at };
  }
  if (Array.isArray(base.value) && Array.isArray(over.value)) {
    return mergeSequence(base as Located<JsonValue[]>, over as Located<JsonValue[]>, rule);
  }
  return take(base, over);
}

function relRule(rel: readonly string[], servicePath: ServicePathOf): Rule | undefined {
  const inService = servicePath(rel);
  return inService && inService.length ? ruleFor(inService) : undefined;
}

/** The override's node replaces the base's. */
function take(base: Located, over: Located): Located {
  graft(base.origins, base.at, over.origins, over.at);
  return { value: over.value, origins: base.origins, at: base.at };
}

function mergeSequence(base: Located<JsonValue[]>, over: Located<JsonValue[]>, rule: Rule | undefined): Located {
  const keyOf = rule?.kind === 'keyed' ? rule.key : rule?.kind === 'set' ? byWhole : undefined;
  const items: { value: JsonValue; from: Located; index: number }[] = base.value.map((value, index) => ({ value, from: base, index }));
  for (const [index, value] of over.value.entries()) {
    const existing = keyOf ? items.findIndex((item) => keyOf(item.value) === keyOf(value)) : -1;
    const entry = { value, from: over as Located, index };
    if (existing >= 0) items[existing] = entry;
    else items.push(entry);
  }
  // Record every element's origin: positions shift when items are replaced or appended. Base
  // items are re-grafted onto the trie being rewritten, so they are read from a copy.
  const before: Origins = { root: { children: new Map() } };
  graft(before, base.at, base.origins, base.at);
  items.forEach((item, i) =>
    graft(base.origins, [...base.at, i], item.from === base ? before : item.from.origins, [...item.from.at, item.index]),
  );
  return { value: items.map((item) => item.value), origins: base.origins, at: base.at };
}

/** `[A=1, B]` → `{A: "1", B: null}`, recording each key's origin as its list item. */
function asMapping(node: Located, separator: '=' | 'name'): Located {
  if (!Array.isArray(node.value)) return node;
  const value: Record<string, JsonValue> = {};
  const origins: Origins = { root: { children: new Map() } };
  graft(origins, [], node.origins, node.at);
  node.value.forEach((item, i) => {
    const text = typeof item === 'string' ? item : String(item);
    const cut = separator === 'name' ? -1 : text.indexOf(separator);
    const key = cut < 0 ? text : text.slice(0, cut);
    value[key] = cut < 0 ? null : text.slice(cut + 1);
    graft(origins, [key], node.origins, [...node.at, i]);
  });
  return { value, origins, at: [] };
}

/** The container path of a short volume spec (`src:dst:mode` or `dst`). */
function volumeTargetOf(spec: string): string {
  const parts = spec.split(':');
  if (parts.length === 1) return spec;
  // Windows drive letters (`C:\x:/y`) have one more colon; the target is then the third part.
  if (/^[A-Za-z]$/.test(parts[0]!) && parts.length > 2) return parts[2] ?? '';
  return parts[1] ?? '';
}
