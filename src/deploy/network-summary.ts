/**
 * An entry of GET /networks → NetworkSummary. Pure, so that the client (docker-engine.ts) and the
 * tests that replay answers recorded from a real engine read networks the same way.
 */
import type { NetworkSettings, NetworkSummary } from './engine-api.js';

type Json = Record<string, any>;

export function networkSummary(n: Json): NetworkSummary {
  const settings: NetworkSettings = {
    // What a manager did not allocate it reports as null options and an IPAM without a driver.
    ...(n.Options ? { options: n.Options } : {}),
    ...(n.IPAM?.Driver ? { ipam: { driver: n.IPAM.Driver, config: n.IPAM.Config ?? [], options: n.IPAM.Options ?? {} } } : {}),
    internal: Boolean(n.Internal),
    attachable: Boolean(n.Attachable),
    enableIPv6: Boolean(n.EnableIPv6),
  };
  return { id: n.Id, name: n.Name, driver: n.Driver, labels: n.Labels ?? {}, containers: Object.keys(n.Containers ?? {}).length, settings };
}
