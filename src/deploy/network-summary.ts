/**
 * An entry of GET /networks → NetworkSummary. Pure, so that the client (docker-engine.ts) and the
 * tests that replay answers recorded from a real engine read networks the same way.
 */
import type { NetworkSummary } from './engine-api.js';

type Json = Record<string, any>;

export function networkSummary(n: Json): NetworkSummary {
  return { id: n.Id, name: n.Name, driver: n.Driver, labels: n.Labels ?? {}, containers: Object.keys(n.Containers ?? {}).length };
}
