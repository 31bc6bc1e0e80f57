/**
 * `ports:` + `deploy.endpoint_mode` → ServiceSpec.EndpointSpec. Ports are sorted by published
 * port, then target, protocol and mode (docker stack deploy sorts by published port), so
 * reordering `ports:` changes nothing. Swarm publishes on every interface of every node (ingress)
 * or of the task's node (host): a `host_ip` cannot be honoured, nor a published range, nor
 * `app_protocol` (API 1.41): each is W0701. A port with no published port gets one from swarm.
 */
import type { Service, ServicePort } from '../../normalize/model.js';
import type { JsonPath } from '../../parse/diagnostics.js';
import { compact } from '../engine/records.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { EndpointSpec, PortConfig } from './desired.js';

export function endpointSpec(service: Service, ctx: LowerContext): EndpointSpec {
  // The IR splits short-syntax ranges into one entry per port, so its indexes are not the
  // file's: warnings point at `ports` and name the port.
  const path = servicePath(service.name, 'ports');
  const ports = service.ports.flatMap((p) => {
    const port = portConfig(p, path, ctx);
    return port ? [port] : [];
  });
  const mode = service.deploy?.endpoint_mode ?? 'vip';
  if (mode === 'dnsrr' && ports.some((p) => p.PublishMode === 'ingress')) {
    unsupported(ctx, servicePath(service.name, 'deploy', 'endpoint_mode'), 'swarm rejects ingress-published ports on a `dnsrr` service: the routing mesh needs a virtual IP', 'publish with `mode: host`, or use `endpoint_mode: vip`');
  }
  return ports.length ? { Mode: mode, Ports: ports.sort(comparePorts) } : { Mode: mode };
}

export function portConfig(p: ServicePort, path: JsonPath, ctx: LowerContext): PortConfig | undefined {
  const which = `${p.published ?? ''}:${p.target}/${p.protocol}`;
  if (p.host_ip !== undefined) unsupported(ctx, path, `swarm cannot publish port ${which} on one address (\`${p.host_ip}\`): it is published on all interfaces`);
  if (p.app_protocol !== undefined) unsupported(ctx, path, `\`app_protocol\` of port ${which} needs Engine API 1.49; it is ignored`);
  let published: number | undefined;
  if (p.published !== undefined) {
    if (!/^\d+$/.test(p.published)) {
      unsupported(ctx, path, `a swarm publishes one port per entry, not the range \`${p.published}\` (to ${p.target}/${p.protocol}); the port is left out`, 'write one entry per port');
      return undefined;
    }
    published = Number(p.published) || undefined;
  }
  return compact<PortConfig>({ Name: p.name, Protocol: p.protocol, TargetPort: p.target, PublishedPort: published, PublishMode: p.mode });
}

export function comparePorts(a: PortConfig, b: PortConfig): number {
  const key = (p: PortConfig) => [p.PublishedPort ?? 0, p.TargetPort, p.Protocol, p.PublishMode] as const;
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  }
  return 0;
}
