/**
 * The observed states scripts/record-observed.mjs records from a real engine
 * (fixtures/<system>/expected/observed-swarm.json): the raw answers to the reads observe makes,
 * with engine-assigned values masked. Read back into the SwarmObserved the planner takes through
 * the same JSON → model functions the engine clients use.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { networkSummary } from '../../src/deploy/network-summary.js';
import { objectRef, serviceState } from '../../src/deploy/swarm/from-engine.js';
import { SPEC_HASH_LABEL, specHash, type SwarmObserved } from '../../src/deploy/swarm/plan.js';
import type { SwarmDesired } from '../../src/targets/swarm/desired.js';

type Json = Record<string, any>;

/** The file's shape: GET /services, /networks, /secrets and /configs filtered by the stack's label. */
export interface ObservedRecording {
  readonly stack: string;
  readonly services: Json[];
  readonly networks: Json[];
  readonly secrets: Json[];
  readonly configs: Json[];
}

export const RECORDING = path.join('expected', 'observed-swarm.json');

/** The recording in a fixture directory, or undefined when it has none. */
export function readRecording(dir: string): ObservedRecording | undefined {
  const file = path.join(dir, RECORDING);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ObservedRecording) : undefined;
}

/**
 * The recording as observe would return it. The spec-hash label was recorded as a placeholder
 * (the hash covers absolute bind paths, so it depends on the checkout); a service the recording
 * deployed from this very file gets the hash of the desired spec back, as the live one has it.
 * No fixture declares external networks, secrets or configs, so none were looked up.
 */
export function observedFromRecording(recording: ObservedRecording, desired: SwarmDesired): SwarmObserved {
  const hashes = new Map(desired.services.map((s) => [s.name, specHash(s.spec)]));
  const services = recording.services.map((raw) => {
    const s = structuredClone(raw);
    const labels = s.Spec.Labels as Record<string, string> | undefined;
    const hash = hashes.get(String(s.Spec.Name));
    if (labels?.[SPEC_HASH_LABEL] === '<spec-hash>' && hash) labels[SPEC_HASH_LABEL] = hash;
    return serviceState(s);
  });
  return {
    services,
    networks: recording.networks.map(networkSummary),
    secrets: recording.secrets.map(objectRef),
    configs: recording.configs.map(objectRef),
    byName: new Set(),
  };
}
