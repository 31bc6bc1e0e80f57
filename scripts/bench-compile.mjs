#!/usr/bin/env node
// Benchmark: stackc config/validate on a generated 1000-service compose file against
// `docker stack config -c FILE` (the docker CLI, no daemon needed), measured in the same run.
// Prints medians and ratios; it asserts nothing. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const stackc = path.join(root, 'bin', 'stackc');
const runs = Number(process.env.BENCH_RUNS ?? 5);

function generate(count) {
  const lines = ['services:'];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  svc${i}:`,
      `    image: "registry.example:5000/team/app${i % 17}:1.${i}"`,
      '    command: ["serve", "--port", "8080"]',
      '    ports:',
      `      - "${20000 + i}:8080"`,
      '      - target: 9090',
      `        published: ${40000 + i}`,
      '        protocol: udp',
      '    volumes:',
      `      - data${i % 50}:/var/lib/app`,
      '      - ./config:/etc/app:ro',
      '      - type: tmpfs',
      '        target: /tmp',
      '    environment:',
      `      SERVICE_INDEX: "${i}"`,
      '      LOG_LEVEL: info',
      '      FEATURE_FLAGS: "a,b,c"',
      '    labels:',
      `      - "team=t${i % 9}"`,
      '    networks:',
      '      - front',
      '      - back',
      '    secrets:',
      '      - source: api_key',
      '        target: api-key',
      '    healthcheck:',
      '      test: ["CMD", "true"]',
      '      interval: 30s',
      '      timeout: 5s',
      '    deploy:',
      '      replicas: 2',
      '      resources:',
      '        limits: {cpus: "0.50", memory: 256M}',
      '      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3}',
      '      update_config: {parallelism: 1, delay: 10s}',
      '      placement:',
      '        constraints: ["node.role == worker"]',
    );
  }
  lines.push('networks:', '  front: {}', '  back: {}', 'volumes:');
  for (let i = 0; i < 50; i++) lines.push(`  data${i}: {}`);
  lines.push('secrets:', '  api_key:', '    file: ./api_key.txt', '');
  return lines.join('\n');
}

function time(cmd, args, cwd) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

const dir = mkdtempSync(path.join(tmpdir(), 'stackc-bench-'));
try {
  const text = generate(1000);
  writeFileSync(path.join(dir, 'compose.yaml'), text);
  writeFileSync(path.join(dir, 'api_key.txt'), 'secret\n');
  writeFileSync(path.join(dir, 'small.yaml'), 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n');
  console.log(`generated compose.yaml: ${text.split('\n').length} lines, 1000 services; median of ${runs} runs`);
  const docker = time('docker', ['stack', 'config', '-c', 'compose.yaml'], dir);
  const config = time(stackc, ['config', '-f', 'compose.yaml'], dir);
  const validate = time(stackc, ['validate', '-f', 'compose.yaml'], dir);
  const version = time(stackc, ['--version'], dir);
  const small = time(stackc, ['validate', '-f', 'small.yaml'], dir);
  const row = (name, ms, peer) => console.log(`${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms${peer ? `  ${(ms / peer).toFixed(2)}× docker stack config` : ''}`);
  row('docker stack config -c (peer)', docker);
  row('stackc config', config, docker);
  row('stackc validate', validate, docker);
  row('stackc --version', version);
  row('stackc validate (small file)', small);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
