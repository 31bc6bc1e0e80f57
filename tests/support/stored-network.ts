/**
 * What an engine reports for a network created from `body` (GET /networks), for the fakes: the
 * body's settings plus what the engine adds, as seen on engine 20.10 — an overlay's VXLAN id
 * option, a pool from its own ranges when the body names none, a gateway in each pool. A swarm
 * manager reports no options and pools for a swarm-scoped network of another driver (bridge):
 * it does not allocate those (fixtures/08-percona-cluster/expected/observed-swarm.json).
 */
import type { NetworkSummary } from '../../src/deploy/engine-api.js';
import type { NetworkBody } from '../../src/deploy/drift.js';

export function storedNetwork(body: NetworkBody, scope: 'local' | 'swarm'): Pick<NetworkSummary, 'driver' | 'labels' | 'settings'> {
  const allocated = scope === 'local' || body.Driver === 'overlay';
  const pools = body.IPAM.Config.length ? body.IPAM.Config : [{ Subnet: '10.0.9.0/24' }];
  const settings = {
    ...(allocated
      ? {
          options: { ...body.Options, ...(body.Driver === 'overlay' ? { 'com.docker.network.driver.overlay.vxlanid_list': '4097' } : {}) },
          ipam: { driver: body.IPAM.Driver, config: pools.map((p) => ({ Gateway: 'engine-assigned', ...p })), options: body.IPAM.Options },
        }
      : {}),
    internal: body.Internal,
    attachable: body.Attachable,
    enableIPv6: body.EnableIPv6 ?? false,
  };
  return { driver: body.Driver, labels: body.Labels, settings };
}
