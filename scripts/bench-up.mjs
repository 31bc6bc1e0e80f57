#!/usr/bin/env node
// Benchmark: `stackc up -d` against docker-compose 1.29 (`docker-compose up -d`) on one engine, in
// the same run: a generated project of 30 services (local busybox image running `sleep`) whose
// depends_on form a DAG, brought up cold by each tool (as two project names), then re-run
// unchanged (the no-op). Prints medians of the wall times and the ratios stackc/docker-compose.
// Targets (issue 4): ≤ 0.5× for the cold up, ≤ 0.2× for the no-op re-run. It asserts nothing.
// Then the engine floor: as many containers, created beforehand, started all at once through the
// API (no tool, no dependencies), which no tool's cold up can beat on that engine.
//
// Engine: STACKC_BENCH_DOCKER_HOST, else the private engine of scripts/engine.sh (started here
// when it does not answer, and then stopped at the end). docker-compose is installed through
// `scripts/engine.sh peers` when missing. Both projects are removed at the end, also on failure
// or Ctrl-C. Run `npm run build` first.
//
// Environment: BENCH_RUNS (default 3), BENCH_SERVICES (default 30), BENCH_LEVELS (depth of the
// depends_on DAG, default 5; BENCH_LEVELS=30 makes it a chain).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineCall } from './engine-call.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const stackcBin = path.join(root, 'bin', 'stackc');
const engineScript = path.join(root, 'scripts', 'engine.sh');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const count = Math.max(2, Number(process.env.BENCH_SERVICES ?? 30));
const levels = Math.min(count, Math.max(1, Number(process.env.BENCH_LEVELS ?? 5)));
const IMAGE = 'stackc-test/busybox:latest';
const engineDir = path.resolve(process.env.STACKC_ENGINE_DIR || '/tmp/stackc-engine');
const dockerHost = process.env.STACKC_BENCH_DOCKER_HOST || `unix://${path.join(engineDir, 'docker.sock')}`;
const projects = { stackc: `bench-up-stackc-${process.pid}`, compose: `bench-up-compose-${process.pid}`, floor: `bench-up-floor-${process.pid}` };

const env = { ...process.env, DOCKER_HOST: dockerHost, NO_COLOR: '1' };
for (const key of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'COMPOSE_FILE', 'COMPOSE_PROJECT_NAME', 'COMPOSE_PROFILES']) delete env[key];

/** The children running now, so a signal can stop them before cleaning up. */
const children = new Set();

function sh(cmd, args, { cwd = root, inherit = false, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', inherit ? 'inherit' : 'pipe', inherit ? 'inherit' : 'pipe'] });
    children.add(child);
    const out = [];
    const err = [];
    child.stdout?.on('data', (b) => out.push(b));
    child.stderr?.on('data', (b) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = (code, extra = '') => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() + extra });
    };
    child.on('error', (e) => done(127, String(e)));
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}
const docker = (...args) => sh('docker', args);
const answers = async () => (await docker('version', '--format', '{{.Server.APIVersion}}')).code === 0;

/**
 * A DAG in `levels` levels (services spread evenly, in order): each service above the first level
 * depends on two services of the level below, so independent services can start side by side
 * and every level waits for the one below. `levels` = `n` is a chain.
 */
function generate(n, levels) {
  const name = (i) => `s${String(i).padStart(2, '0')}`;
  const levelOf = (i) => Math.floor((i * levels) / n);
  const byLevel = Array.from({ length: levels }, () => []);
  for (let i = 0; i < n; i++) byLevel[levelOf(i)].push(i);
  const lines = ["version: '3.8'", 'services:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  ${name(i)}:`, `    image: ${IMAGE}`, '    command: ["sleep", "3600"]', `    environment: {INDEX: "${i}"}`);
    const below = byLevel[levelOf(i) - 1];
    if (below?.length) {
      const k = byLevel[levelOf(i)].indexOf(i);
      const deps = [...new Set([below[k % below.length], below[(k + 1) % below.length]])].sort((a, b) => a - b);
      lines.push(`    depends_on: [${deps.map(name).join(', ')}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function containerIds(project) {
  return (await docker('ps', '-aq', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`)).stdout.split('\n').filter(Boolean).sort();
}
async function running(project) {
  return (await docker('ps', '-q', '--filter', `label=com.docker.compose.project=${project}`)).stdout.split('\n').filter(Boolean).length;
}

/** Everything a project has, by label, whatever state it is in (fast: rm -f, no stop grace). */
async function purge(project) {
  const label = `label=com.docker.compose.project=${project}`;
  const list = async (...args) => (await docker(...args, '--filter', label)).stdout.split('\n').filter(Boolean);
  const ids = await list('ps', '-aq');
  if (ids.length) await docker('rm', '-f', '-v', ...ids);
  const nets = await list('network', 'ls', '-q');
  if (nets.length) await docker('network', 'rm', ...nets);
  const vols = await list('volume', 'ls', '-q');
  if (vols.length) await docker('volume', 'rm', '-f', ...vols);
  // stackc's engine-side lock (a never-started container without compose labels), left behind
  // when a run is interrupted.
  const locks = (await docker('ps', '-aq', '--filter', `name=^${project}-stackc-lock$`, '--filter', 'label=dev.stackc.lock=true')).stdout.split('\n').filter(Boolean);
  if (locks.length) await docker('rm', '-f', ...locks);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Creates `count` containers of the bench image on a network of `project` (labelled so purge finds them), then times starting them all at once. */
async function parallelStarts(socketPath, project) {
  const labels = { 'com.docker.compose.project': project };
  const network = `${project}_default`;
  await engineCall(socketPath, 'POST', '/networks/create', { Name: network, Labels: labels });
  const ids = [];
  for (let i = 0; i < count; i++) {
    const created = await engineCall(socketPath, 'POST', `/containers/create?name=${project}-s${i}`, { Image: IMAGE, Cmd: ['sleep', '3600'], Labels: labels, HostConfig: { NetworkMode: network } });
    ids.push(created.Id);
  }
  const t0 = process.hrtime.bigint();
  await Promise.all(ids.map((id) => engineCall(socketPath, 'POST', `/containers/${id}/start`)));
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

let dir;
let startedEngine = false;
let cleaning;
function cleanup() {
  cleaning ??= (async () => {
    try {
      if (await answers()) for (const p of Object.values(projects)) await purge(p);
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (startedEngine) await sh('bash', [engineScript, 'stop'], { inherit: true });
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.error(`\nbench:up: ${signal}, cleaning up`);
    for (const child of children) child.kill('SIGINT'); // as Ctrl-C would
    await cleanup().catch((e) => console.error(`bench:up: cleanup: ${e}`));
    process.exit(130);
  });
}

try {
  if (!existsSync(path.join(root, 'dist', 'stackc.cjs'))) throw new Error('dist/ is missing: run `npm run build` first');

  // The engine, its test image, and the peer tool.
  if (!(await answers())) {
    if (process.env.STACKC_BENCH_DOCKER_HOST) throw new Error(`no engine answers on ${dockerHost}`);
    console.error(`bench:up: no engine on ${dockerHost}; starting the private one (scripts/engine.sh install start)`);
    const start = await sh('bash', [engineScript, 'install', 'start'], { inherit: true, timeoutMs: 15 * 60_000 });
    if (start.code !== 0 || !(await answers())) throw new Error('scripts/engine.sh install start failed');
    startedEngine = true;
  }
  if ((await docker('image', 'inspect', IMAGE)).code !== 0) {
    const images = await sh('bash', [engineScript, 'images'], { inherit: true, timeoutMs: 5 * 60_000 });
    if (images.code !== 0) throw new Error('scripts/engine.sh images failed');
  }
  if ((await sh('docker-compose', ['version', '--short'])).code !== 0) {
    const peers = await sh('bash', [engineScript, 'peers'], { inherit: true, timeoutMs: 15 * 60_000 });
    if (peers.code !== 0) throw new Error('scripts/engine.sh peers failed: docker-compose could not be installed');
  }
  const composeVersion = (await sh('docker-compose', ['version', '--short'])).stdout.trim();
  if (!composeVersion) throw new Error('docker-compose does not run');
  const engineVersion = (await docker('version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}})')).stdout.trim();

  dir = mkdtempSync(path.join(tmpdir(), 'stackc-bench-up-'));
  const file = path.join(dir, 'compose.yaml');
  writeFileSync(file, generate(count, levels));

  const tools = {
    stackc: (project) => [stackcBin, ['-p', project, '-f', file, 'up', '-d', '--progress', 'quiet']],
    compose: (project) => ['docker-compose', ['-p', project, '-f', file, 'up', '-d']],
  };
  async function timed(tool) {
    const [cmd, args] = tools[tool](projects[tool]);
    const t0 = process.hrtime.bigint();
    const r = await sh(cmd, args, { cwd: dir });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.code !== 0) throw new Error(`${tool}: ${cmd} ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
    return ms;
  }

  console.log(`bench:up: ${count} services (depends_on DAG of ${levels} levels, ${IMAGE} \`sleep\`), engine ${engineVersion} at ${dockerHost}`);
  console.log(`          stackc ${(await sh(stackcBin, ['--version'])).stdout.trim()} vs docker-compose ${composeVersion}; median of ${runs} run(s)\n`);

  const samples = { stackc: { cold: [], noop: [] }, compose: { cold: [], noop: [] } };
  const notes = [];
  for (let run = 0; run < runs; run++) {
    for (const p of Object.values(projects)) await purge(p);
    // Alternate which tool goes first, so neither always meets a warmer engine.
    const order = run % 2 === 0 ? ['stackc', 'compose'] : ['compose', 'stackc'];
    for (const tool of order) {
      const cold = await timed(tool);
      const up = await running(projects[tool]);
      if (up !== count) notes.push(`run ${run + 1}: ${tool} cold up left ${up}/${count} containers running`);
      const before = await containerIds(projects[tool]);
      const noop = await timed(tool);
      const after = await containerIds(projects[tool]);
      if (before.join() !== after.join()) notes.push(`run ${run + 1}: ${tool} no-op re-run replaced containers (${before.filter((id) => !after.includes(id)).length} of ${before.length})`);
      samples[tool].cold.push(cold);
      samples[tool].noop.push(noop);
      console.log(`  run ${run + 1} ${tool.padEnd(7)} cold ${(cold / 1000).toFixed(2).padStart(6)} s   no-op ${(noop / 1000).toFixed(2).padStart(6)} s`);
    }
  }

  // The engine's own pace: as many containers as the project has, created beforehand on one
  // network, all started at once through the API, no dependencies, no tool in between.
  const floor = dockerHost.startsWith('unix://') ? [] : undefined;
  for (let run = 0; floor && run < runs; run++) {
    await purge(projects.floor);
    floor.push(await parallelStarts(dockerHost.slice('unix://'.length), projects.floor));
  }
  if (floor) await purge(projects.floor);

  const row = (label, s, c, target) => {
    const ratio = s / c;
    console.log(
      `${label.padEnd(14)} ${(s / 1000).toFixed(2).padStart(7)} s ${(c / 1000).toFixed(2).padStart(15)} s ${ratio.toFixed(2).padStart(8)}×   (target ≤ ${target}×: ${ratio <= target ? 'met' : 'NOT met'})`,
    );
  };
  console.log(`\n${''.padEnd(14)} ${'stackc'.padStart(9)} ${'docker-compose'.padStart(17)} ${'ratio'.padStart(9)}`);
  row('cold up', median(samples.stackc.cold), median(samples.compose.cold), 0.5);
  row('no-op re-run', median(samples.stackc.noop), median(samples.compose.noop), 0.2);
  if (floor) {
    const f = median(floor);
    console.log(`\nengine floor: ${count} containers started at once (created beforehand, no dependencies): ${(f / 1000).toFixed(2)} s, median of ${runs}`);
    console.log(`  = ${(f / median(samples.compose.cold)).toFixed(2)}× docker-compose's cold up; stackc's cold up = ${(median(samples.stackc.cold) / f).toFixed(2)}× the floor`);
  } else console.log('\nengine floor: not measured (it needs a unix socket DOCKER_HOST)');
  for (const note of notes) console.log(`note: ${note}`);
} catch (e) {
  console.error(`bench:up: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
