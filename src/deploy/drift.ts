/**
 * How an existing network or volume differs from the body the file would create it with. The
 * engine cannot change either in place (nor can a swarm a network), and up and deploy keep what
 * exists, so without this a changed subnet, driver option, `internal:` or label would be ignored
 * in silence (docker stack deploy does that; compose v1 refused to go on). The plans turn what
 * this finds into a warning that says how to apply it.
 *
 * Only what the file sets is compared: the engine adds to a network (an overlay's VXLAN id
 * option, a subnet and gateway from its pools when the file names none), and those are not
 * differences. What the engine does not report is not compared either: a swarm manager shows
 * no options and pools for a swarm-scoped bridge network, whatever it was created with. A
 * volume's driver options are compared both ways: the engine adds none, and a `device` the file
 * no longer names is a difference.
 */
import type { NetworkSummary, VolumeSummary } from './engine-api.js';
import type { VolumeCreateBody } from '../targets/engine/desired.js';

type Labels = Readonly<Record<string, string>>;

interface IpamPool {
  readonly Subnet?: string;
  readonly IPRange?: string;
  readonly Gateway?: string;
  readonly AuxiliaryAddresses?: Labels;
}

/** The fields a network create body of either target has. */
export interface NetworkBody {
  readonly Driver: string;
  readonly Options: Labels;
  readonly IPAM: { readonly Driver: string; readonly Config: readonly IpamPool[]; readonly Options: Labels };
  readonly Internal: boolean;
  readonly Attachable: boolean;
  readonly EnableIPv6?: boolean;
  readonly Labels: Labels;
}

/**
 * One line per difference, `what: live → file`; empty when the network is as the file says.
 * `ignoredLabels`: labels that say who created the network rather than how (a compose version).
 */
export function networkDrift(body: NetworkBody, live: NetworkSummary, ignoredLabels: readonly string[] = []): string[] {
  const { out, differ } = differences();
  const { options, ipam, internal, attachable, enableIPv6 } = live.settings;
  differ('driver', live.driver, body.Driver);
  differ('internal', internal, body.Internal);
  differ('attachable', attachable, body.Attachable);
  if (body.EnableIPv6 !== undefined) differ('enable_ipv6', enableIPv6, body.EnableIPv6);
  // What the engine does not report (see NetworkSettings) cannot be compared.
  if (options) for (const [key, value] of Object.entries(body.Options)) differ(`driver option ${key}`, options[key], value);
  if (ipam) {
    differ('ipam driver', ipam.driver, body.IPAM.Driver);
    for (const [key, value] of Object.entries(body.IPAM.Options)) differ(`ipam option ${key}`, ipam.options[key], value);
    // The engine may add a pool the file does not name (an IPv6 one), so only missing ones count.
    if (body.IPAM.Config.some((pool) => !ipam.config.some((p) => p.Subnet === pool.Subnet))) {
      differ('subnets', subnets(ipam.config), subnets(body.IPAM.Config));
    }
  }
  for (const pool of body.IPAM.Config) {
    const match = ipam?.config.find((p) => p.Subnet === pool.Subnet);
    if (match) {
      if (pool.Gateway !== undefined) differ(`gateway of ${pool.Subnet}`, match.Gateway, pool.Gateway);
      if (pool.IPRange !== undefined) differ(`ip_range of ${pool.Subnet}`, match.IPRange, pool.IPRange);
      for (const [host, address] of Object.entries(pool.AuxiliaryAddresses ?? {})) differ(`aux address ${host} in ${pool.Subnet}`, match.AuxiliaryAddresses?.[host], address);
    }
  }
  for (const [key, value] of Object.entries(body.Labels)) if (!ignoredLabels.includes(key)) differ(`label ${key}`, live.labels[key], value);
  return out;
}

/** The same for a volume (one host: swarm nodes create theirs as tasks need them). */
export function volumeDrift(body: VolumeCreateBody, live: VolumeSummary, ignoredLabels: readonly string[] = []): string[] {
  const { out, differ } = differences();
  differ('driver', live.driver, body.Driver);
  for (const key of [...new Set([...Object.keys(live.options), ...Object.keys(body.DriverOpts)])].sort()) differ(`driver option ${key}`, live.options[key], body.DriverOpts[key]);
  for (const [key, value] of Object.entries(body.Labels)) if (!ignoredLabels.includes(key)) differ(`label ${key}`, live.labels[key], value);
  return out;
}

function differences() {
  const out: string[] = [];
  const differ = (what: string, was: unknown, wanted: unknown) => {
    if (was !== wanted) out.push(`${what}: ${show(was)} → ${show(wanted)}`);
  };
  return { out, differ };
}

function subnets(pools: readonly IpamPool[]): string {
  return (
    pools
      .map((p) => p.Subnet ?? '(any)')
      .sort()
      .join(', ') || '(none)'
  );
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : String(value);
}

/** The warning for a network or volume that differs from the file; `remedy` says how to apply the file. */
export function driftWarning(kind: 'network' | 'volume', name: string, drift: readonly string[], remedy: string): string {
  return `${kind} ${name} differs from the file (${drift.join('; ')}); a ${kind} cannot be changed in place, so it keeps these settings until it is removed: ${remedy}`;
}
