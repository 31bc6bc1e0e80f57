/**
 * Resource keys → HostConfig. Service-level keys win over `deploy.resources` (limits: cpus →
 * NanoCpus, memory → Memory, pids → PidsLimit; reservations: memory → MemoryReservation,
 * devices → DeviceRequests). A cpu reservation and generic resources are swarm scheduling
 * inputs with no engine equivalent: W0701.
 */
import type { BlkioConfig, DeviceRequest as IrDeviceRequest, Service } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { DeviceRequest, HostConfig } from './desired.js';
import { compact, nonEmpty } from './records.js';

const NS_PER_US = 1000;

export function resources(service: Service, ctx: LowerContext): Partial<HostConfig> {
  const limits = service.deploy?.resources.limits;
  const reservations = service.deploy?.resources.reservations;
  reportReservations(service, ctx);
  return compact<Partial<HostConfig>>({
    NanoCpus: service.cpus ?? limits?.cpus,
    CpuShares: service.cpu_shares,
    CpuPeriod: service.cpu_period,
    CpuQuota: service.cpu_quota,
    CpuRealtimePeriod: service.cpu_rt_period === undefined ? undefined : Math.round(service.cpu_rt_period / NS_PER_US),
    CpuRealtimeRuntime: service.cpu_rt_runtime === undefined ? undefined : Math.round(service.cpu_rt_runtime / NS_PER_US),
    CpuCount: service.cpu_count,
    CpuPercent: service.cpu_percent,
    CpusetCpus: service.cpuset,
    Memory: service.mem_limit ?? limits?.memory,
    MemoryReservation: service.mem_reservation ?? reservations?.memory,
    MemorySwap: service.memswap_limit,
    MemorySwappiness: service.mem_swappiness,
    PidsLimit: service.pids_limit ?? limits?.pids,
    OomKillDisable: service.oom_kill_disable,
    OomScoreAdj: service.oom_score_adj,
    Ulimits: ulimits(service),
    Devices: devices(service, ctx),
    DeviceCgroupRules: nonEmpty(service.device_cgroup_rules),
    DeviceRequests: nonEmpty(deviceRequests(service)),
    ...blkio(service.blkio_config),
  });
}

function reportReservations(service: Service, ctx: LowerContext): void {
  const reservations = service.deploy?.resources.reservations;
  const path = servicePath(service.name, 'deploy', 'resources', 'reservations');
  if (reservations?.cpus !== undefined) unsupported(ctx, [...path, 'cpus'], 'a cpu reservation only guides swarm scheduling; one engine ignores it');
  if (reservations?.generic_resources.length) {
    unsupported(ctx, [...path, 'generic_resources'], '`generic_resources` are swarm node resources; one engine ignores them');
  }
}

export function ulimits(service: Service): HostConfig['Ulimits'] {
  const names = Object.keys(service.ulimits).sort();
  return nonEmpty(names.map((Name) => ({ Name, Soft: service.ulimits[Name]!.soft, Hard: service.ulimits[Name]!.hard })));
}

/** Host device paths; CDI names (`vendor.com/class=name`) need Engine 25 (API 1.45): W0701. */
export function devices(service: Service, ctx: LowerContext): HostConfig['Devices'] {
  const out: { PathOnHost: string; PathInContainer: string; CgroupPermissions: string }[] = [];
  service.devices.forEach((d, i) => {
    if (!d.source.startsWith('/') && d.source.includes('=')) {
      unsupported(ctx, servicePath(service.name, 'devices', i), `CDI device \`${d.source}\` needs Engine API 1.45; it is left out`);
      return;
    }
    out.push({ PathOnHost: d.source, PathInContainer: d.target ?? d.source, CgroupPermissions: d.permissions ?? 'rwm' });
  });
  return nonEmpty(out);
}

/** `gpus:` (the gpu capability implied) and `deploy.resources.reservations.devices`. */
export function deviceRequests(service: Service): DeviceRequest[] {
  const gpus = (service.gpus ?? []).map((g) => deviceRequest(g, ['gpu']));
  const reserved = (service.deploy?.resources.reservations?.devices ?? []).map((d) => deviceRequest(d, []));
  return [...gpus, ...reserved];
}

function deviceRequest(d: IrDeviceRequest, implied: readonly string[]): DeviceRequest {
  const count = d.count === 'all' ? -1 : (d.count ?? (d.device_ids.length ? 0 : -1));
  const capabilities = [...new Set([...d.capabilities, ...implied])];
  return { Driver: d.driver ?? '', Count: count, DeviceIDs: [...d.device_ids], Capabilities: [capabilities], Options: { ...d.options } };
}

function blkio(config: BlkioConfig | undefined): Partial<HostConfig> {
  if (!config) return {};
  const rates = (list: BlkioConfig['device_read_bps']) => nonEmpty(list.map((r) => ({ Path: r.path, Rate: r.rate })));
  return compact<Partial<HostConfig>>({
    BlkioWeight: config.weight,
    BlkioWeightDevice: nonEmpty(config.weight_device.map((w) => ({ Path: w.path, Weight: w.weight }))),
    BlkioDeviceReadBps: rates(config.device_read_bps),
    BlkioDeviceWriteBps: rates(config.device_write_bps),
    BlkioDeviceReadIOps: rates(config.device_read_iops),
    BlkioDeviceWriteIOps: rates(config.device_write_iops),
  });
}
