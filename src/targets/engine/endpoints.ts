/**
 * A service's network attachments. With `network_mode` the container joins no project network.
 * Otherwise its networks are ordered as compose does (higher `priority` first, then by key): the
 * first is the create-time NetworkMode + NetworkingConfig (API 1.41 accepts one endpoint there),
 * the rest are `connect`ed before start. Aliases are the service name and the user's aliases;
 * `links` become EndpointSettings.Links on each network the linked service shares.
 */
import { byCodePoint } from '../../normalize/coerce.js';
import type { Service, ServiceNetwork } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { EndpointSettings } from './desired.js';
import { externalLinks, serviceLinks } from './links.js';
import { networkName } from './names.js';
import { resolveServiceReference } from './network-mode.js';
import { compact, nonEmpty, nonEmptyRecord } from './records.js';

export interface Networking {
  readonly NetworkMode?: string;
  readonly EndpointsConfig?: Readonly<Record<string, EndpointSettings>>;
  readonly connect: readonly { readonly network: string; readonly endpoint: EndpointSettings }[];
  /** HostConfig.Links: legacy links, only on the default bridge (`network_mode: bridge`). */
  readonly HostLinks?: readonly string[];
  /** The first network's `mac_address` (API 1.41 takes one, container-wide). */
  readonly MacAddress?: string;
}

/** Network keys in compose's order: priority descending, then key. */
export function networksByPriority(service: Service): string[] {
  const priority = (key: string) => service.networks[key]?.priority ?? 0;
  return Object.keys(service.networks).sort((a, b) => priority(b) - priority(a) || byCodePoint(a, b));
}

export function serviceNetworking(service: Service, ctx: LowerContext): Networking {
  if (service.network_mode !== undefined) return networkModeOnly(service, ctx);
  const keys = networksByPriority(service);
  const [primary, ...rest] = keys;
  if (primary === undefined) return { NetworkMode: 'none', connect: [] };
  const endpoint = (key: string) => endpointSettings(service, key, ctx);
  return compact<Networking>({
    NetworkMode: networkName(ctx.project, primary),
    EndpointsConfig: { [networkName(ctx.project, primary)]: endpoint(primary) },
    connect: rest.map((key) => ({ network: networkName(ctx.project, key), endpoint: endpoint(key) })),
    MacAddress: service.networks[primary]?.mac_address,
  });
}

function networkModeOnly(service: Service, ctx: LowerContext): Networking {
  const mode = resolveServiceReference(service.network_mode, ctx.project)!;
  if (mode !== 'bridge') {
    if (service.links.length || service.external_links.length) {
      const key = service.links.length ? 'links' : 'external_links';
      unsupported(ctx, servicePath(service.name, key), `links need a network; with \`network_mode: ${service.network_mode}\` they are ignored`);
    }
    return { NetworkMode: mode, connect: [] };
  }
  const links = [...serviceLinks(service, undefined, ctx), ...externalLinks(service)];
  return compact<Networking>({ NetworkMode: mode, connect: [], HostLinks: nonEmpty(links) });
}

export function endpointSettings(service: Service, key: string, ctx: LowerContext): EndpointSettings {
  const cfg: ServiceNetwork | null | undefined = service.networks[key];
  const path = servicePath(service.name, 'networks', key);
  if (cfg?.gw_priority !== undefined) unsupported(ctx, [...path, 'gw_priority'], '`gw_priority` needs Engine API 1.48; it is ignored');
  if (cfg?.interface_name !== undefined) unsupported(ctx, [...path, 'interface_name'], '`interface_name` needs Engine API 1.49; it is ignored');
  const primary = networksByPriority(service)[0] === key;
  const links = [...serviceLinks(service, key, ctx), ...(primary ? externalLinks(service) : [])];
  const hasIpam = cfg && (cfg.ipv4_address || cfg.ipv6_address || cfg.link_local_ips.length);
  return compact<EndpointSettings>({
    Aliases: [...new Set([service.name, ...(cfg?.aliases ?? [])])],
    Links: nonEmpty(links),
    IPAMConfig: hasIpam
      ? compact({ IPv4Address: cfg.ipv4_address, IPv6Address: cfg.ipv6_address, LinkLocalIPs: nonEmpty(cfg.link_local_ips) })
      : undefined,
    MacAddress: cfg?.mac_address,
    DriverOpts: cfg ? nonEmptyRecord(cfg.driver_opts) : undefined,
  });
}
