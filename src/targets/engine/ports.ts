/**
 * `ports:` and `expose:` → Config.ExposedPorts and HostConfig.PortBindings. Keys are
 * `<port>/<protocol>`. Normalize has already split short-syntax ranges into one entry per port;
 * a long-syntax published range on one target stays one binding (`HostPort: "8000-8010"`: the
 * engine picks a free port from the range). A missing published port is `HostPort: ""`
 * (the engine picks one); a missing host_ip is `HostIp: ""` (all interfaces).
 */
import type { Service } from '../../normalize/model.js';
import { report, servicePath, type LowerContext } from './context.js';
import type { HostConfig } from './desired.js';
import { sortRecord } from './records.js';

type PortBindings = NonNullable<HostConfig['PortBindings']>;

export function portKey(port: number, protocol: string): string {
  return `${port}/${protocol}`;
}

/** `8000`, `8000/udp`, `8000-8002`, `8000-8002/tcp` → one key per port. */
export function exposeKeys(value: string): string[] {
  const match = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(value.trim());
  if (!match) return [value];
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  const protocol = match[3] ?? 'tcp';
  const keys: string[] = [];
  for (let port = first; port <= last; port++) keys.push(portKey(port, protocol));
  return keys;
}

export function exposedPorts(service: Service): Record<string, Record<string, never>> | undefined {
  const keys = new Set<string>();
  for (const p of service.ports) keys.add(portKey(p.target, p.protocol));
  for (const e of service.expose) for (const key of exposeKeys(e)) keys.add(key);
  if (keys.size === 0) return undefined;
  const out: Record<string, Record<string, never>> = {};
  for (const key of [...keys].sort()) out[key] = {};
  return out;
}

/** One binding per `ports:` entry, grouped by container port in the order the user wrote them. */
export function portBindings(service: Service): PortBindings | undefined {
  if (service.ports.length === 0) return undefined;
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of service.ports) {
    const key = portKey(p.target, p.protocol);
    (out[key] ??= []).push({ HostIp: p.host_ip ?? '', HostPort: p.published ?? '' });
  }
  return sortRecord(out);
}

/**
 * E0609: replicas on one host cannot all bind the same fixed host port; the second container
 * would fail to start. A published range (the engine picks a free port per container) or an
 * unpublished port is fine.
 */
export function reportReplicaPortClash(service: Service, replicas: number, ctx: LowerContext): void {
  if (replicas < 2) return;
  const fixed = service.ports.find((p) => p.published !== undefined && /^\d+$/.test(p.published) && Number(p.published) !== 0);
  if (!fixed) return;
  report(
    ctx,
    'E0609',
    `\`${service.name}\` runs ${replicas} containers on one host and each would publish host port ${fixed.published}/${fixed.protocol}: only the first can bind it`,
    servicePath(service.name, 'ports'),
    'publish a host port range (e.g. "8000-8009:80"), leave the host port out, or run one replica',
  );
}
