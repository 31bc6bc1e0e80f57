/**
 * Networks of a stack and the services' attachments to them.
 *
 * As docker stack deploy does: a service without `networks:` joins `default`; only networks some
 * service joins are desired (sorted by key); external ones are looked up, never created; a
 * created one defaults to the overlay driver. Unlike docker stack deploy, every created network
 * asks for Scope `swarm` (so a `driver: bridge` network is usable by services instead of failing
 * at service create) and keeps all IPAM fields, not only the subnet.
 */
import type { Network, Project, Service } from '../../normalize/model.js';
import { ipamBody } from '../engine/networks.js';
import { compact, nonEmpty, nonEmptyRecord, sortRecord } from '../engine/records.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { DesiredOverlayNetwork, NetworkAttachment, NetworkCreateBody } from './desired.js';
import { DEFAULT_NETWORK, namespaced, networkName, stackName } from './names.js';
import { checkObjectName, resourceNameOrigin } from './object-names.js';

export const DEFAULT_DRIVER = 'overlay';

/** Keys of the networks a service joins: its own, or `default` (also under `network_mode`, which swarm ignores). */
export function serviceNetworkKeys(service: Service): string[] {
  const keys = Object.keys(service.networks).sort();
  return keys.length ? keys : [DEFAULT_NETWORK];
}

/** The implicit `default` network, for when normalize left it out (every service had `network_mode`). */
function implicitDefault(project: Project): Network {
  return { name: `${project.name}_${DEFAULT_NETWORK}`, driver_opts: {}, ipam: { config: [], options: {} }, external: false, labels: {}, extensions: {} };
}

export function desiredNetworks(ctx: LowerContext): DesiredOverlayNetwork[] {
  const { project } = ctx;
  const used = new Set(Object.values(project.services).flatMap(serviceNetworkKeys));
  return [...used].sort().map((key) => {
    const network = project.networks[key] ?? implicitDefault(project);
    const name = stackName(ctx.options.stack, project, key, network);
    if (network.external) return { key, name, external: true };
    checkObjectName(ctx, 'network', name, resourceNameOrigin(ctx, 'networks', key, network));
    return { key, name, external: false, create: networkCreateBody(key, name, network, ctx) };
  });
}

export function networkCreateBody(key: string, name: string, network: Network, ctx: LowerContext): NetworkCreateBody {
  const driver = network.driver ?? DEFAULT_DRIVER;
  if (driver !== DEFAULT_DRIVER) {
    unsupported(ctx, ['networks', key, 'driver'], `a \`${driver}\` network on a swarm is local to each node: tasks on different nodes cannot reach each other over it`, 'use the overlay driver (the default on a swarm)');
  }
  if (network.enable_ipv4 === false) {
    unsupported(ctx, ['networks', key, 'enable_ipv4'], '`enable_ipv4: false` needs Engine API 1.47; the network gets IPv4');
  }
  return compact<NetworkCreateBody>({
    Name: name,
    Driver: driver,
    Scope: 'swarm',
    Options: sortRecord(network.driver_opts),
    IPAM: ipamBody(network.ipam),
    Internal: network.internal ?? false,
    Attachable: network.attachable ?? false,
    EnableIPv6: network.enable_ipv6,
    CheckDuplicate: true,
    Labels: namespaced(network.labels, ctx.options.stack),
  });
}

/** The engine's predefined networks take no aliases (docker's NetworkMode.IsUserDefined). */
export function isUserDefined(target: string): boolean {
  return !['default', 'bridge', 'host', 'none'].includes(target) && !target.startsWith('container:');
}

/** Attachment options a swarm task cannot have: addresses and endpoint tuning are the scheduler's. */
const UNSUPPORTED_ATTACHMENT_KEYS = ['ipv4_address', 'ipv6_address', 'link_local_ips', 'mac_address', 'priority', 'gw_priority', 'interface_name'] as const;

/** TaskTemplate.Networks: one attachment per network, sorted by target. */
export function serviceAttachments(service: Service, ctx: LowerContext): NetworkAttachment[] {
  const attachments = serviceNetworkKeys(service).map((key) => {
    const cfg = service.networks[key] ?? null;
    if (cfg) reportAttachmentKeys(service.name, key, cfg, ctx);
    const target = networkName(ctx.options.stack, ctx.project, key);
    const own = cfg?.aliases ?? [];
    const aliases = isUserDefined(target) ? [...new Set([...own, service.name])] : own;
    return compact<NetworkAttachment>({ Target: target, Aliases: nonEmpty(aliases), DriverOpts: cfg ? nonEmptyRecord(cfg.driver_opts) : undefined });
  });
  return attachments.sort((a, b) => (a.Target < b.Target ? -1 : a.Target > b.Target ? 1 : 0));
}

function reportAttachmentKeys(service: string, key: string, cfg: NonNullable<Service['networks'][string]>, ctx: LowerContext): void {
  for (const field of UNSUPPORTED_ATTACHMENT_KEYS) {
    const value = cfg[field];
    const set = Array.isArray(value) ? value.length > 0 : value !== undefined;
    if (set) unsupported(ctx, servicePath(service, 'networks', key, field), `\`${field}\` is ignored by swarm: the scheduler assigns each task's address and endpoint`);
  }
}
