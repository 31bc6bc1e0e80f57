#!/usr/bin/env node
// Benchmark for `stackc diff`: deploy a generated 200-service stack once, then time `stackc diff`
// of the unchanged stack against `docker stack services` on the same stack, in the same run, and
// count the API calls diff makes (all must be reads) through a counting socket proxy.
// Prints times, the ratio and the call counts; asserts nothing. Needs `npm run build` and a
// swarm manager at DOCKER_HOST (scripts/engine.sh install start images swarm provides one).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countingProxy } from './counting-proxy.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const stackc = path.join(root, 'bin', 'stackc');
const host = process.env.DOCKER_HOST ?? 'unix:///tmp/stackc-engine/docker.sock';
const socket = host.replace(/^unix:\/\//, '');
const stack = `benchdiff${process.pid}`;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const dir = mkdtempSync(path.join(tmpdir(), 'stackc-bench-diff-'));

const services = Array.from({ length: 200 }, (_, i) =>
  [`  s${i}:`, '    image: stackc-test/busybox:latest', `    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`, '    environment:', `      INDEX: "${i}"`, '    deploy:', '      replicas: 0', '      endpoint_mode: dnsrr'].join('\n'),
).join('\n');
writeFileSync(path.join(dir, 'compose.yaml'), `services:\n${services}\n`);

function time(cmd, args, env = {}) {
  const samples = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    last = spawnSync(cmd, args, { cwd: dir, env: { ...process.env, DOCKER_HOST: host, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 120_000 });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (last.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${last.status}: ${last.stderr}`);
  }
  return { ms: samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)], out: last.stdout };
}

try {
  // Replicas 0: the bench is about specs and API calls, not about running 200 containers.
  const deployed = spawnSync(stackc, ['deploy', '--detach', '--progress', 'quiet', '-c', 'compose.yaml', stack], { cwd: dir, env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8' });
  if (deployed.status !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);
  const peer = time('docker', ['stack', 'services', stack]);
  const diff = time(stackc, ['diff', '-c', 'compose.yaml', stack]);
  const proxy = await countingProxy(socket, path.join(dir, 'proxy.sock'));
  // Not spawnSync: the proxy runs in this process and must keep serving while diff runs.
  await new Promise((resolve, reject) => {
    const child = spawn(stackc, ['diff', '-c', 'compose.yaml', stack], { cwd: dir, env: { ...process.env, DOCKER_HOST: proxy.host }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', resolve);
  });
  await proxy.close();
  const seen = proxy.take();
  const writes = seen.filter((r) => !r.startsWith('GET') && !r.startsWith('HEAD') && !r.includes('/_ping'));
  console.log(`200-service stack, median of ${runs} runs`);
  console.log(`docker stack services (peer)   ${peer.ms.toFixed(0).padStart(6)} ms`);
  console.log(`stackc diff (unchanged)        ${diff.ms.toFixed(0).padStart(6)} ms  ${(diff.ms / peer.ms).toFixed(2)}× docker stack services  → "${diff.out.trim().split('\n')[0]}"`);
  console.log(`stackc diff API calls          ${seen.length} (${writes.length} writes)`);
} finally {
  spawnSync(stackc, ['rm', stack, '--progress', 'quiet'], { env: { ...process.env, DOCKER_HOST: host } });
  rmSync(dir, { recursive: true, force: true });
}
