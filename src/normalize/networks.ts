/**
 * Service `networks:` (list or map of attachments) and top-level `networks:` definitions.
 */
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonObject, type JsonValue } from '../parse/json.js';
import {
  asBool,
  asInt,
  asList,
  asObject,
  asString,
  asStringList,
  compact,
  extensionsOf,
  optionalExtensions,
  report,
  show,
  sortedRecord,
  type Sink,
} from './coerce.js';
import type { Ipam, IpamConfig, Network, ServiceNetwork } from './model.js';
import { stringRecord } from './records.js';

const ATTACHMENT_KEYS: ReadonlySet<string> = new Set([
  'aliases', 'ipv4_address', 'ipv6_address', 'link_local_ips', 'mac_address', 'priority', 'gw_priority', 'interface_name', 'driver_opts',
]);

function attachment(obj: JsonObject, path: JsonPath, sink: Sink): ServiceNetwork {
  const p = (key: string): JsonPath => [...path, key];
  return compact<ServiceNetwork>({
    aliases: asStringList(obj.aliases, p('aliases'), sink),
    ipv4_address: asString(obj.ipv4_address, p('ipv4_address'), sink),
    ipv6_address: asString(obj.ipv6_address, p('ipv6_address'), sink),
    link_local_ips: asStringList(obj.link_local_ips, p('link_local_ips'), sink),
    mac_address: asString(obj.mac_address, p('mac_address'), sink),
    priority: asInt(obj.priority, p('priority'), sink),
    gw_priority: asInt(obj.gw_priority, p('gw_priority'), sink),
    interface_name: asString(obj.interface_name, p('interface_name'), sink),
    driver_opts: stringRecord(obj.driver_opts, p('driver_opts'), sink),
    ...optionalExtensions(obj, ATTACHMENT_KEYS),
  });
}

/** A list is attachments without options (null); a map keeps null or a long-form attachment. */
export function normalizeServiceNetworks(value: JsonValue | undefined, path: JsonPath, sink: Sink): Record<string, ServiceNetwork | null> {
  if (Array.isArray(value)) return sortedRecord(asStringList(value, path, sink).map((name) => [name, null] as const));
  const obj = asObject(value, path, sink);
  if (obj === undefined) return {};
  return sortedRecord(
    Object.entries(obj).map(([name, raw]) => {
      const p = [...path, name];
      if (raw === null) return [name, null] as const;
      if (!isObject(raw)) {
        report(sink, 'E0506', `expected network options, got \`${show(raw)}\``, p);
        return [name, null] as const;
      }
      return [name, attachment(raw, p, sink)] as const;
    }),
  );
}

function ipam(value: JsonValue | undefined, path: JsonPath, sink: Sink): Ipam {
  const obj = asObject(value, path, sink);
  if (obj === undefined) return { config: [], options: {} };
  const config: IpamConfig[] = [];
  asList(obj.config, [...path, 'config'], sink).forEach((item, i) => {
    const p = [...path, 'config', i];
    const c = asObject(item, p, sink);
    if (c === undefined) return;
    config.push(
      compact<IpamConfig>({
        subnet: asString(c.subnet, [...p, 'subnet'], sink),
        ip_range: asString(c.ip_range, [...p, 'ip_range'], sink),
        gateway: asString(c.gateway, [...p, 'gateway'], sink),
        aux_addresses: stringRecord(c.aux_addresses, [...p, 'aux_addresses'], sink),
      }),
    );
  });
  return compact<Ipam>({
    driver: asString(obj.driver, [...path, 'driver'], sink),
    config,
    options: stringRecord(obj.options, [...path, 'options'], sink),
  });
}

/**
 * `external: true`, or the legacy `external: {name: x}` (external, named x). Returns the flag
 * and the legacy name.
 */
export function externalOf(value: JsonValue | undefined, path: JsonPath, sink: Sink): { external: boolean; name?: string } {
  if (isObject(value)) {
    const name = asString(value.name, [...path, 'name'], sink);
    return name === undefined ? { external: true } : { external: true, name };
  }
  return { external: asBool(value, path, sink) ?? false };
}

/** The engine name: `name:` as written, the key when external, else `<project>_<key>`. */
export function engineName(key: string, name: string | undefined, external: boolean, project: string): string {
  if (name !== undefined && name !== '') return name;
  return external ? key : `${project}_${key}`;
}

const NETWORK_KEYS: ReadonlySet<string> = new Set([
  'name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'attachable', 'enable_ipv4', 'enable_ipv6', 'labels',
]);

export function normalizeNetwork(key: string, value: JsonValue | undefined, path: JsonPath, project: string, sink: Sink): Network {
  const obj: JsonObject = isObject(value) ? value : {};
  if (value !== undefined && value !== null && !isObject(value)) report(sink, 'E0506', `expected a network definition, got \`${show(value)}\``, path);
  const p = (k: string): JsonPath => [...path, k];
  const ext = externalOf(obj.external, p('external'), sink);
  const name = asString(obj.name, p('name'), sink) ?? ext.name;
  return compact<Network>({
    name: engineName(key, name, ext.external, project),
    driver: asString(obj.driver, p('driver'), sink),
    driver_opts: stringRecord(obj.driver_opts, p('driver_opts'), sink),
    ipam: ipam(obj.ipam, p('ipam'), sink),
    external: ext.external,
    internal: asBool(obj.internal, p('internal'), sink),
    attachable: asBool(obj.attachable, p('attachable'), sink),
    enable_ipv4: asBool(obj.enable_ipv4, p('enable_ipv4'), sink),
    enable_ipv6: asBool(obj.enable_ipv6, p('enable_ipv6'), sink),
    labels: stringRecord(obj.labels, p('labels'), sink),
    extensions: extensionsOf(obj, NETWORK_KEYS),
  });
}
