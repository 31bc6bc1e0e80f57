#!/usr/bin/env node
// Benchmark for `stackc deploy` against `docker stack deploy`, in one run on the same engine:
// a generated 50-service stack (local image, one replica each, dnsrr, a TERM-trapping command).
// Before the rounds each tool runs once unmeasured (stackc: deploy --dry-run, which also writes
// its code cache, a one-time cost after each build; docker: stack ls), so that no round pays for
// a cold disk cache or a first run.
// First deploys: in each of BENCH_ROUNDS rounds (default 7; the tools alternate in going first)
// docker stack deploy --resolve-image never and stackc deploy --detach --resolve-image never each
// deploy it onto an engine with no other stack, wait until every task runs, and remove it; the
// medians are compared. Then both deploy it again (stacks A and B), converge, and redeploy
// unchanged. Those deploys of A and B and their redeploys go through a counting unix-socket proxy
// in front of the engine, so the write calls (POST/PUT/DELETE, /_ping excluded) of each are
// counted; tasks are counted per service before and after the redeploys to see how many
// restarted. The timed first deploys of the rounds talk to the engine directly: the proxy, a
// Node process of its own, slowed stackc's parallel requests more than docker's serial ones
// (through it, four 5-round runs gave stackc 0.14-0.17 s and docker 0.12-0.14 s as medians;
// without it, in two runs, stackc's rounds took 0.11-0.14 s and docker's 0.09-0.15 s). Finally
// docker stack deploy with its default --resolve-image always deploys a third stack (C), for that
// first-deploy time.
//
// Prints a table with the ratios stackc/docker; asserts nothing. Needs `npm run build` and a
// swarm manager at DOCKER_HOST (default: the private engine of scripts/engine.sh; `bash
// scripts/engine.sh install start images swarm` provides one). Removes its stacks, waiting until
// they are gone, even when something fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countingProxy } from './counting-proxy.mjs';
import { engineCall } from './engine-call.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const stackcBin = path.join(root, 'bin', 'stackc');
const host = process.env.DOCKER_HOST || 'unix:///tmp/stackc-engine/docker.sock';
if (!host.startsWith('unix://')) throw new Error(`bench:deploy needs a unix socket DOCKER_HOST (it counts calls through a proxy), not ${host}`);
const socket = host.slice('unix://'.length);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 50);
// Single rounds of either tool vary by up to 100 ms (0.10-0.21 s for docker in one run); a 2 s
// pause before each round made both tools slower (medians 0.16 s) and varied as much.
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 7));
const IMAGE = 'stackc-test/busybox:latest';
const A = `benchdepa${process.pid}`;
const B = `benchdepb${process.pid}`;
const C = `benchdepc${process.pid}`;
const NAMESPACE = 'com.docker.stack.namespace';
const dir = mkdtempSync(path.join(tmpdir(), 'stackc-bench-deploy-'));

// ---------------------------------------------------------------------------------------------
// The stack

const service = (i) =>
  [
    `  s${i}:`,
    `    image: ${IMAGE}`,
    `    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 86400 & wait"]`,
    '    environment:',
    `      INDEX: "${i}"`,
    '    deploy:',
    '      replicas: 1',
    '      endpoint_mode: dnsrr',
  ].join('\n');
// version 3.8: docker stack deploy's parser wants a v3 file; stackc takes it as it is.
writeFileSync(path.join(dir, 'compose.yaml'), `version: "3.8"\nservices:\n${Array.from({ length: SERVICES }, (_, i) => service(i)).join('\n')}\n`);

const isWrite = (r) => /^(POST|PUT|DELETE) /.test(r) && !r.includes('/_ping');

/** Summary of write calls: `12 (POST /services/create ×12)`. */
function describeWrites(requests) {
  const writes = requests.filter(isWrite);
  const byKind = new Map();
  for (const w of writes) {
    const kind = w.replace(/\?.*$/, '').replace(/\/[a-z0-9]{25}(?=\/|$)/g, '/{id}');
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  return { count: writes.length, detail: [...byKind].map(([k, n]) => `${k} ×${n}`).join(', ') };
}

// ---------------------------------------------------------------------------------------------
// Engine reads (direct, not through the proxy)

const api = (pathAndQuery) => engineCall(socket, 'GET', `/v1.41${pathAndQuery}`);

const filters = (f) => `filters=${encodeURIComponent(JSON.stringify(f))}`;
const byLabel = (stack) => filters({ label: [`${NAMESPACE}=${stack}`] });

/** Service ID → name, for the stack's services. */
async function services(stack) {
  return new Map((await api(`/services?${byLabel(stack)}`)).map((s) => [s.ID, s.Spec.Name]));
}

/** Number of tasks (any state, history included) per service name. */
async function taskCounts(stack) {
  const names = await services(stack);
  const counts = new Map([...names.values()].map((n) => [n, 0]));
  if (!names.size) return counts;
  for (const t of await api(`/tasks?${filters({ service: [...names.keys()] })}`)) {
    const name = names.get(t.ServiceID);
    if (name) counts.set(name, counts.get(name) + 1);
  }
  return counts;
}

/** Waits until every service of the stack has a running task; returns the seconds it took. */
async function converge(stack, timeoutMs = 300_000) {
  const start = Date.now();
  for (;;) {
    const names = await services(stack);
    const running = new Set();
    if (names.size) {
      for (const t of await api(`/tasks?${filters({ service: [...names.keys()], 'desired-state': ['running'] })}`)) {
        if (t.Status?.State === 'running') running.add(t.ServiceID);
      }
    }
    if (names.size === SERVICES && running.size === SERVICES) return (Date.now() - start) / 1000;
    if (Date.now() - start > timeoutMs) throw new Error(`${stack}: ${running.size}/${SERVICES} services running after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

/** Waits until no service of the stack is updating (the updater has handled every update). */
async function settled(stack, timeoutMs = 120_000) {
  const start = Date.now();
  for (;;) {
    const list = await api(`/services?${byLabel(stack)}`);
    if (list.every((s) => !s.UpdateStatus || ['completed', 'paused', 'rollback_completed'].includes(s.UpdateStatus.State))) return;
    if (Date.now() - start > timeoutMs) return;
    await sleep(500);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Running the tools

/**
 * Runs a command and resolves with its wall time. Asynchronous on purpose: the counting proxy
 * lives in this process, and a blocking spawnSync would leave nobody to answer the command.
 */
function run(cmd, args, dockerHost, { check = true } = {}) {
  const env = { ...process.env, DOCKER_HOST: dockerHost, NO_COLOR: '1' };
  delete env.DOCKER_CONTEXT;
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (check && code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${stdout}${stderr}`));
      else resolve({ seconds, stdout, stderr, code });
    });
  });
}

const dockerDeploy = (stack, dockerHost, resolve = 'never') => run('docker', ['stack', 'deploy', '-c', 'compose.yaml', '--resolve-image', resolve, '--detach=true', stack], dockerHost);
// Like for like with stack A: no registry lookups (stackc's default, changed, would ask once per image).
const stackcDeploy = (stack, dockerHost) => run(stackcBin, ['deploy', '--detach', '--progress', 'quiet', '--resolve-image', 'never', '-c', 'compose.yaml', stack], dockerHost);

/** Removes the stack (docker stack rm works for both tools' stacks) and waits until it is gone. */
async function removeStack(stack) {
  const label = `${NAMESPACE}=${stack}`;
  await run('docker', ['stack', 'rm', stack], host, { check: false });
  const start = Date.now();
  for (;;) {
    const [svc, nets, containers] = await Promise.all([
      api(`/services?${byLabel(stack)}`),
      api(`/networks?${byLabel(stack)}`),
      api(`/containers/json?all=1&${filters({ label: [label] })}`),
    ]);
    if (!svc.length && !containers.length) {
      if (!nets.length) return;
      await run('docker', ['network', 'rm', ...nets.map((n) => n.Id)], host, { check: false });
    }
    if (Date.now() - start > 180_000) throw new Error(`${stack} not removed after 180 s (${svc.length} services, ${nets.length} networks, ${containers.length} containers left)`);
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------------------------

const fmt = (s) => `${s.toFixed(2)} s`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${fmt(Math.min(...xs))} / ${fmt(Math.max(...xs))}`;
// Two significant digits below 0.1 (0.0047×), where two decimals would print 0.00×.
const ratio = (a, b) => {
  if (!(b > 0)) return 'n/a';
  const r = a / b;
  return `${r > 0 && r < 0.1 ? r.toPrecision(2) : r.toFixed(2)}×`;
};
const restarts = (before, after) => {
  let tasks = 0;
  let servicesHit = 0;
  for (const [name, n] of after) {
    const added = n - (before.get(name) ?? 0);
    if (added > 0) {
      tasks += added;
      servicesHit++;
    }
  }
  return { tasks, services: servicesHit };
};

const info = await run('docker', ['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.ServerVersion}}'], host);
const [state, control, engineVersion] = info.stdout.trim().split(' ');
if (state !== 'active' || control !== 'true') throw new Error(`DOCKER_HOST ${host} is not a swarm manager (swarm state: ${state}); run: bash scripts/engine.sh install start images swarm`);
const dockerVersion = (await run('docker', ['version', '--format', '{{.Client.Version}}'], host)).stdout.trim();

const proxy = await countingProxy(socket, path.join(dir, 'proxy.sock'));
const created = [];
// Interrupted (Ctrl-C, a timeout): still remove the stacks before leaving.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`bench:deploy: ${signal}, removing the stacks first`);
    cleanup().finally(() => process.exit(130));
  });
}
try {
  console.log(`bench:deploy: ${SERVICES} services (1 replica each, dnsrr, ${IMAGE}); engine ${engineVersion}, docker CLI ${dockerVersion}, ${host}; ${ROUNDS} rounds`);

  const warmDocker = await run('docker', ['stack', 'ls'], host);
  const warmStackc = await run(stackcBin, ['deploy', '--dry-run', '--resolve-image', 'never', '-c', 'compose.yaml', `${B}w`], host);
  console.log(`  warm-up (unmeasured): docker stack ls ${fmt(warmDocker.seconds)}, stackc deploy --dry-run ${fmt(warmStackc.seconds)}`);

  // First deploys, each onto an engine with no other stack on it: deployed, waited on until all
  // its tasks run, then removed (waiting until gone) before the next. The tools alternate in
  // which goes first in a round.
  const first = { docker: [], stackc: [] };
  let convergeA;
  let convergeB;
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 ? ['docker', 'stackc'] : ['stackc', 'docker'];
    for (const tool of order) {
      const stack = `${tool === 'docker' ? A : B}r${round}`;
      created.push(stack);
      const result = await (tool === 'docker' ? dockerDeploy(stack, host) : stackcDeploy(stack, host));
      const converged = await converge(stack);
      first[tool].push(result.seconds);
      if (tool === 'docker') convergeA = converged;
      else convergeB = converged;
      console.log(`  round ${round} ${tool.padEnd(6)} first deploy ${fmt(result.seconds)}, all tasks running after ${fmt(converged)}`);
      await removeStack(stack);
      created.splice(created.indexOf(stack), 1);
    }
  }
  const firstA = { seconds: median(first.docker) };
  const firstB = { seconds: median(first.stackc) };

  // Unchanged redeploys, with both stacks up and converged.
  created.push(A, B);
  proxy.take();
  await dockerDeploy(A, proxy.host);
  const firstAWrites = describeWrites(proxy.take());
  await stackcDeploy(B, proxy.host);
  const firstBWrites = describeWrites(proxy.take());
  await Promise.all([converge(A), converge(B)]);
  proxy.take();
  const beforeA = await taskCounts(A);
  const beforeB = await taskCounts(B);
  const againA = await dockerDeploy(A, proxy.host);
  const againAWrites = describeWrites(proxy.take());
  const againB = await stackcDeploy(B, proxy.host);
  const againBWrites = describeWrites(proxy.take());
  await Promise.all([settled(A), settled(B)]);
  await sleep(3000); // the updater may still be replacing tasks a moment after UpdateStatus says so
  const restartsA = restarts(beforeA, await taskCounts(A));
  const restartsB = restarts(beforeB, await taskCounts(B));

  await removeStack(A);
  await removeStack(B);

  // docker stack deploy as users run it: --resolve-image always (one registry lookup per service).
  created.push(C);
  const firstC = await dockerDeploy(C, proxy.host, 'always');
  proxy.take();
  await removeStack(C);

  const rows = [
    ['', 'docker stack deploy', 'stackc deploy', 'stackc/docker'],
    [`first deploy (wall, median of ${ROUNDS})`, fmt(firstA.seconds), fmt(firstB.seconds), ratio(firstB.seconds, firstA.seconds)],
    ['  fastest / slowest round', spread(first.docker), spread(first.stackc), ''],
    ['  write calls', String(firstAWrites.count), String(firstBWrites.count), ratio(firstBWrites.count, firstAWrites.count)],
    ['  until all tasks run (last round)', fmt(convergeA), fmt(convergeB), ''],
    ['unchanged redeploy (wall)', fmt(againA.seconds), fmt(againB.seconds), ratio(againB.seconds, againA.seconds)],
    ['  write calls', String(againAWrites.count), String(againBWrites.count), againAWrites.count ? ratio(againBWrites.count, againAWrites.count) : ''],
    ['  tasks restarted', `${restartsA.tasks} (${restartsA.services} services)`, `${restartsB.tasks} (${restartsB.services} services)`, ''],
    // docker's default asks the registry about every service's image (here each question fails
    // fast: no registry is reachable); stackc's column is its median above, with --resolve-image
    // never. C is one run through the counting proxy, so this ratio is rougher than the first row's.
    ['docker first deploy, --resolve-image always (C)', fmt(firstC.seconds), fmt(firstB.seconds), ratio(firstB.seconds, firstC.seconds)],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log('');
  for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('   '));
  console.log('');
  console.log(`docker redeploy writes: ${againAWrites.detail || 'none'}`);
  console.log(`stackc redeploy writes: ${againBWrites.detail || 'none'}${againB.stdout.trim() ? `  → "${againB.stdout.trim().split('\n')[0]}"` : ''}`);
  console.log(`docker first deploy writes: ${firstAWrites.detail}`);
  console.log(`stackc first deploy writes: ${firstBWrites.detail}`);
  console.log('docker stack deploy ran with --resolve-image never (A) and its default always (C; no registry is reachable here). stackc ran with --resolve-image never (B).');
} finally {
  await cleanup();
}

/** Removes every stack this run created (waiting until gone), the proxy and the scratch dir. Once. */
async function cleanup() {
  cleanup.done ??= (async () => {
    const failures = [];
    for (const stack of created.splice(0).reverse()) {
      try {
        await removeStack(stack);
      } catch (e) {
        failures.push(String(e));
      }
    }
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
    if (failures.length) {
      console.error(`cleanup: ${failures.join('\n')}`);
      process.exitCode = 1;
    }
  })();
  return cleanup.done;
}
