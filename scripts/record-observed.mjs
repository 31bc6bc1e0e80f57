#!/usr/bin/env node
// Records what a real engine stores for each fixture: deploys fixtures/NN-*/ as stack `golden`
// with `stackc deploy --detach --resolve-image never` (images need not exist: the services are
// created anyway, their tasks just fail to pull; the specs are what counts), reads back exactly
// what stackc's observe step reads (src/deploy/swarm/observe.ts: the stack's services, networks,
// secrets and configs, by the namespace label), writes the raw JSON answers to
// fixtures/NN-*/expected/observed-swarm.json and removes the stack (`stackc rm` waits until it is
// gone) and its named volumes. tests/unit/swarm/golden-plan.test.ts plans each fixture against
// its recording.
//
// A fixture deploys as the golden tests compile it: from its own directory (compose file and
// override found by stackc's discovery, .env read there) with its env.json as the whole process
// environment. Engine-assigned values are masked (see MASKED) so the files change only when what
// the engine stores changes. Needs `npm run build` and a swarm manager at DOCKER_HOST (default:
// the private engine of scripts/engine.sh). RECORD_ONLY=05,11 limits the run to those prefixes.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineCall } from './engine-call.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const fixtures = path.join(root, 'fixtures');
// The JS entry itself, not the bin/stackc launcher: the fixture's environment is all stackc gets
// (no PATH to find node with).
const stackc = path.join(root, 'bin', 'stackc.cjs');
const host = process.env.DOCKER_HOST ?? 'unix:///tmp/stackc-engine/docker.sock';
const STACK = 'golden';
const NAMESPACE = 'com.docker.stack.namespace';
const SPEC_HASH_LABEL = 'dev.stackc.spec-hash';
const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** What the recording replaces, stated in the file itself so a reader knows what is not the engine's. */
const MASKED = [
  'object IDs → <id of KIND NAME> (every occurrence, so references still resolve)',
  'CreatedAt/UpdatedAt/Created → <timestamp>; Version.Index → 0',
  `the label ${SPEC_HASH_LABEL} → <spec-hash> (a hash over absolute bind paths: it depends on the checkout)`,
  'the fixture directory → ${FIXTURE_DIR}',
  'engine-assigned addresses (virtual IPs, default-pool subnets and gateways), VXLAN IDs and published ports → <engine-assigned>',
];

if (!host.startsWith('unix://')) throw new Error(`record-observed: DOCKER_HOST must be a unix socket (got ${host})`);
const socketPath = host.slice('unix://'.length);

/** A call to the Engine API, unversioned as stackc's client sends it (engine-http.ts); the parsed answer. */
function call(method, pathname, filters) {
  const query = filters ? `?filters=${encodeURIComponent(JSON.stringify(filters))}` : '';
  return engineCall(socketPath, method, `${pathname}${query}`);
}

const get = (pathname, filters) => call('GET', pathname, filters);

function run(args, cwd, env) {
  const r = spawnSync(process.execPath, [stackc, ...args], { cwd, env: { ...env, DOCKER_HOST: host, NO_COLOR: '1' }, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status ?? 1, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** The stack's objects, read as observe reads them (by label), sorted by name. */
async function readStack() {
  const label = { label: [`${NAMESPACE}=${STACK}`] };
  const byName = (a, b) => ((a.Spec?.Name ?? a.Name) < (b.Spec?.Name ?? b.Name) ? -1 : 1);
  const [services, networks, secrets, configs] = await Promise.all(['/services', '/networks', '/secrets', '/configs'].map((p) => get(p, label)));
  return { services: services.sort(byName), networks: networks.sort(byName), secrets: secrets.sort(byName), configs: configs.sort(byName) };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The manager allocates endpoints (virtual IPs, published ports) just after a service is created;
 * a read before that would record a half-made service. True once every service has what its spec asks.
 */
function allocated(services) {
  return services.every((s) => {
    const ports = s.Spec.EndpointSpec?.Ports ?? [];
    const vip = (s.Spec.EndpointSpec?.Mode ?? 'vip') === 'vip' && (ports.some((p) => p.PublishMode !== 'host') || (s.Spec.TaskTemplate.Networks ?? []).length > 0);
    return (!ports.length || (s.Endpoint?.Ports ?? []).length > 0) && (!vip || (s.Endpoint?.VirtualIPs ?? []).length > 0);
  });
}

/** The stack read once its endpoints are allocated (or after 30 s, with a warning: the recording may be partial). */
async function readAllocated(name) {
  for (const deadline = Date.now() + 30_000; ; await sleep(300)) {
    const stack = await readStack();
    if (allocated(stack.services)) return stack;
    if (Date.now() > deadline) {
      console.warn(`${name}: endpoints still not allocated after 30 s; recording them as they are`);
      return stack;
    }
  }
}

/**
 * Waits until nothing of the stack is listed, twice in a row a second apart: this node lists its
 * copy of a removed network for a while, and the next fixture's recording must not see it.
 */
async function waitGone() {
  for (let clean = 0, deadline = Date.now() + 120_000; clean < 2; await sleep(1000)) {
    const left = Object.entries(await readStack()).filter(([, list]) => list.length).map(([kind]) => kind);
    clean = left.length ? 0 : clean + 1;
    if (left.length && Date.now() > deadline) throw new Error(`stack ${STACK} still lists ${left.join(', ')} after 120 s`);
  }
}

/** Every object ID on the engine (the ingress network's too) → a placeholder naming the object. */
async function idPlaceholders() {
  const ids = new Map();
  const [services, networks, secrets, configs] = await Promise.all(['/services', '/networks', '/secrets', '/configs'].map((p) => get(p)));
  for (const [kind, list] of [['service', services], ['secret', secrets], ['config', configs]]) for (const o of list) ids.set(o.ID, `<id of ${kind} ${o.Spec.Name}>`);
  for (const n of networks) ids.set(n.Id, `<id of network ${n.Name}>`);
  return ids;
}

const DEFAULT_POOL_SUBNET = /^10\.\d+\.\d+\.0\/24$/;
const DEFAULT_POOL_GATEWAY = /^10\.\d+\.\d+\.1$/;
const ASSIGNED = '<engine-assigned>';

/** The stack's answers with the engine-assigned values masked (MASKED). */
function mask(stack, ids, dir) {
  const walk = (value, key) => {
    if (typeof value === 'string') {
      if (ids.has(value)) return ids.get(value);
      if (['CreatedAt', 'UpdatedAt', 'Created'].includes(key)) return '<timestamp>';
      return value.split(dir).join('${FIXTURE_DIR}');
    }
    if (Array.isArray(value)) return value.map((v) => walk(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [walk(k), walk(v, k)]));
    return value;
  };
  const out = walk(stack);
  for (const o of [...out.services, ...out.secrets, ...out.configs]) if (o.Version) o.Version.Index = 0;
  for (const s of out.services) {
    if (s.Spec.Labels?.[SPEC_HASH_LABEL]) s.Spec.Labels[SPEC_HASH_LABEL] = '<spec-hash>';
    for (const vip of s.Endpoint?.VirtualIPs ?? []) vip.Addr = ASSIGNED;
    // A port the spec publishes keeps its number; one the engine picked (30000+) is masked.
    const asked = new Set((s.Spec.EndpointSpec?.Ports ?? []).filter((p) => p.PublishedPort).map((p) => `${p.Protocol}/${p.PublishedPort}`));
    for (const p of s.Endpoint?.Ports ?? []) if (!asked.has(`${p.Protocol}/${p.PublishedPort}`)) p.PublishedPort = ASSIGNED;
  }
  for (const n of out.networks) {
    for (const c of n.IPAM?.Config ?? []) {
      if (DEFAULT_POOL_SUBNET.test(c.Subnet ?? '')) c.Subnet = ASSIGNED;
      if (DEFAULT_POOL_GATEWAY.test(c.Gateway ?? '')) c.Gateway = ASSIGNED;
    }
    if (n.Options?.['com.docker.network.driver.overlay.vxlanid_list']) n.Options['com.docker.network.driver.overlay.vxlanid_list'] = ASSIGNED;
  }
  return out;
}

function fixtureEnv(dir) {
  const file = path.join(dir, 'env.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

async function record(name, engine) {
  const dir = path.join(fixtures, name);
  const env = fixtureEnv(dir);
  const deployed = run(['deploy', '--detach', '--resolve-image', 'never', '--progress', 'plain', STACK], dir, env);
  try {
    if (deployed.code !== 0) return `skipped: stackc deploy exited ${deployed.code}:\n${deployed.output}`;
    const stack = mask(await readAllocated(name), await idPlaceholders(), dir);
    const recording = { recordedFrom: { engine: engine.Version, api: engine.ApiVersion }, stack: STACK, masked: MASKED, ...stack };
    writeFileSync(path.join(dir, 'expected', 'observed-swarm.json'), `${JSON.stringify(recording, null, 2)}\n`);
    return `${stack.services.length} services, ${stack.networks.length} networks, ${stack.secrets.length} secrets, ${stack.configs.length} configs`;
  } finally {
    // rm is idempotent. This node lists its copy of a removed network for a few seconds after
    // the manager dropped it; an rm that sees that copy fails with "network … not found".
    let removed = run(['rm', STACK], dir, env);
    for (let attempt = 1; removed.code !== 0 && attempt < 10; attempt++) {
      await sleep(2000);
      removed = run(['rm', STACK], dir, env);
    }
    if (removed.code !== 0) throw new Error(`stackc rm ${STACK} exited ${removed.code} (remove it by hand):\n${removed.output}`);
    // Named volumes outlive a stack (as with docker stack rm); a task preparing may have made them.
    const { Volumes } = await get('/volumes', { label: [`${NAMESPACE}=${STACK}`] });
    for (const v of Volumes ?? []) await call('DELETE', `/volumes/${encodeURIComponent(v.Name)}`);
    await waitGone();
  }
}

const engine = await get('/version');
if (Object.values(await readStack()).some((list) => list.length)) {
  throw new Error(`a stack named ${STACK} already exists on ${host}; remove it first (stackc rm ${STACK}) if it is a leftover`);
}
const only = (process.env.RECORD_ONLY ?? '').split(',').filter(Boolean);
const names = readdirSync(fixtures, { withFileTypes: true })
  .filter((e) => e.isDirectory() && /^\d\d-/.test(e.name) && COMPOSE_FILES.some((f) => existsSync(path.join(fixtures, e.name, f))))
  .map((e) => e.name)
  .filter((n) => !only.length || only.some((o) => n.startsWith(o)))
  .sort();
for (const name of names) console.log(`${name}: ${await record(name, engine)}`);
