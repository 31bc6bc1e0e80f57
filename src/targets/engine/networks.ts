/**
 * Top-level `networks:` → POST /networks/create bodies. Every network in the IR is desired
 * (declared ones all, as compose does; the implicit `default` is in the IR when a service uses
 * it); external ones are only looked up, never created. Sorted by key.
 */
import type { Ipam, Network, Project } from '../../normalize/model.js';
import { unsupported, type LowerContext } from './context.js';
import type { DesiredNetwork, NetworkCreateBody } from './desired.js';
import { networkLabels } from './labels.js';
import { compact, nonEmptyRecord, sortRecord } from './records.js';

export function desiredNetworks(ctx: LowerContext): DesiredNetwork[] {
  const { project } = ctx;
  return Object.keys(project.networks)
    .sort()
    .map((key) => {
      const network = project.networks[key]!;
      if (network.external) return { key, name: network.name, external: true };
      return { key, name: network.name, external: false, create: networkCreateBody(project, key, network, ctx) };
    });
}

export function networkCreateBody(project: Project, key: string, network: Network, ctx: LowerContext): NetworkCreateBody {
  if (network.driver === 'overlay' && !network.attachable) {
    unsupported(ctx, ['networks', key, 'driver'], 'containers started outside a swarm service can only join an overlay network created with `attachable: true`, on a swarm manager', 'add `attachable: true`, or use the bridge driver on one host');
  }
  if (network.enable_ipv4 === false) {
    unsupported(ctx, ['networks', key, 'enable_ipv4'], '`enable_ipv4: false` needs Engine API 1.47; the network gets IPv4');
  }
  return {
    Name: network.name,
    Driver: network.driver ?? 'bridge',
    Options: sortRecord(network.driver_opts),
    IPAM: ipamBody(network.ipam),
    Internal: network.internal ?? false,
    Attachable: network.attachable ?? false,
    EnableIPv6: network.enable_ipv6 ?? false,
    CheckDuplicate: true,
    Labels: networkLabels(network.labels, project.name, key),
  };
}

/** The IPAM part of a network create body; both targets send it alike. */
export function ipamBody(ipam: Ipam): NetworkCreateBody['IPAM'] {
  return {
    Driver: ipam.driver ?? 'default',
    Config: ipam.config.map((c) => compact({ Subnet: c.subnet, IPRange: c.ip_range, Gateway: c.gateway, AuxiliaryAddresses: nonEmptyRecord(c.aux_addresses) })),
    Options: sortRecord(ipam.options),
  };
}
