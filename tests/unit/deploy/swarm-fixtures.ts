/**
 * Desired swarm states lowered from small compose files, and a simulation of what the engine
 * stores for a spec stackc sends (server defaults, network IDs, secret/config IDs, a pinned image
 * digest, {} for absent objects), for plan tests without a real swarm.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compile } from '../../../src/cli/compile.js';
import type { NetworkSummary } from '../../../src/deploy/engine-api.js';
import { SPEC_HASH_LABEL, specHash, type SwarmObserved } from '../../../src/deploy/swarm/plan.js';
import type { ServiceState } from '../../../src/deploy/swarm/swarm-api.js';
import { lowerSwarm, type ServiceSpec, type SwarmDesired } from '../../../src/targets/swarm/index.js';
import { storedNetwork } from '../../support/stored-network.js';

const dirs: string[] = [];

export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** compose.yaml (plus side files) → the desired state of stack `s`. */
export function desiredOf(compose: string, files: Record<string, string> = {}): SwarmDesired {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackc-swarm-plan-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'compose.yaml'), compose);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  const { project, diagnostics } = compile({ cwd: dir, env: {}, projectName: 's' });
  if (!project) throw new Error(JSON.stringify(diagnostics));
  return lowerSwarm(project, { stack: 's', contentDigest: () => 'a'.repeat(64), missingBindSources: new Set() }).desired;
}

export const PINNED = `@sha256:${'e'.repeat(64)}`;
const SECOND = 1_000_000_000;
const UPDATE_DEFAULTS = { Parallelism: 1, FailureAction: 'pause', Monitor: 5 * SECOND, MaxFailureRatio: 0, Order: 'stop-first' };

export function networkId(name: string): string {
  return `id-${Buffer.from(name).toString('hex')}`;
}

type Mutable = Record<string, any>;

/** What GET /services/{id} returns for a service created from `spec` (with stackc's spec-hash label). */
export function engineStored(spec: ServiceSpec, hashOf: ServiceSpec = spec): ServiceSpec {
  const s = structuredClone(spec) as Mutable;
  s.Labels = { ...s.Labels, [SPEC_HASH_LABEL]: specHash(hashOf) };
  const t = s.TaskTemplate;
  const c = t.ContainerSpec;
  if (!String(c.Image).includes('@')) c.Image = `${c.Image}${PINNED}`;
  c.StopGracePeriod ??= 10 * SECOND;
  c.Isolation ??= 'default';
  c.DNSConfig ??= {};
  for (const r of c.Secrets ?? []) r.SecretID = `sid-${r.SecretName}`;
  for (const r of c.Configs ?? []) r.ConfigID = `cid-${r.ConfigName}`;
  t.Resources ??= {};
  t.Placement ??= {};
  t.RestartPolicy = { Condition: 'any', Delay: 5 * SECOND, MaxAttempts: 0, ...t.RestartPolicy };
  t.ForceUpdate = 0;
  t.Runtime = 'container';
  if (t.Networks) t.Networks = t.Networks.map((n: Mutable) => ({ ...n, Target: networkId(n.Target) }));
  if ('Replicated' in s.Mode && s.Mode.Replicated.Replicas === undefined) s.Mode = { Replicated: { Replicas: 1 } };
  s.UpdateConfig = { ...UPDATE_DEFAULTS, ...s.UpdateConfig };
  s.RollbackConfig = { ...UPDATE_DEFAULTS, ...s.RollbackConfig };
  s.EndpointSpec ??= { Mode: 'vip' };
  return s as ServiceSpec;
}

export function serviceState(spec: ServiceSpec, version = 10): ServiceState {
  return { id: `svc-${spec.Name}`, name: spec.Name, version, labels: { ...spec.Labels }, spec };
}

/** Everything of `desired` deployed (networks, secrets, configs, services), as observe reads it. */
export function observedOf(desired: SwarmDesired, edit: (name: string, spec: Mutable) => void = () => undefined): SwarmObserved {
  const networks: NetworkSummary[] = desired.networks.map((n) => {
    const stored = n.create ? storedNetwork(n.create, 'swarm') : { driver: 'overlay', labels: {}, settings: { internal: false, attachable: true, enableIPv6: false } };
    return { id: networkId(n.name), name: n.name, containers: 0, ...stored };
  });
  const ref = (kind: string) => (o: { name: string }) => ({ id: `${kind}-${o.name}`, name: o.name, labels: { 'com.docker.stack.namespace': desired.stack } });
  const services = desired.services.map((s) => {
    const stored = engineStored(s.spec) as Mutable;
    edit(s.name, stored);
    return serviceState(stored as ServiceSpec);
  });
  return {
    services,
    networks,
    secrets: desired.secrets.filter((s) => !s.external).map(ref('secret')),
    configs: desired.configs.filter((s) => !s.external).map(ref('config')),
    byName: new Set([...desired.secrets.filter((s) => s.external).map((s) => `secret:${s.name}`), ...desired.configs.filter((s) => s.external).map((s) => `config:${s.name}`)]),
  };
}
