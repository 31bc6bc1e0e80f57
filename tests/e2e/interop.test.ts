/**
 * Interoperability with docker-compose v1 (Debian's docker-compose 1.29) through the label
 * contract: a project started by `stackc up` is listed by `docker-compose ps` and removed by
 * `docker-compose down`; a project started by `docker-compose up` is listed by `stackc ps` and
 * removed by `stackc down`.
 *
 * docker-compose is installed by `scripts/engine.sh peers` when missing. The suite skips (with a
 * message) only when it cannot be installed, and never under CI=true, where that is a failure.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEngineScript, suiteEngine } from './engine.js';
import { BUSYBOX, purgeProject, removeScratch, run, scratch, stackc } from './harness.js';

const engine = await suiteEngine();

function findDockerCompose(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '' && existsSync(path.join(dir, 'docker-compose'))) return path.join(dir, 'docker-compose');
  }
  return undefined;
}

/** docker-compose v1, installed through scripts/engine.sh peers when missing; else a skip reason. */
async function peer(): Promise<{ bin: string } | { skip: string }> {
  let bin = findDockerCompose();
  if (!bin) {
    const install = await runEngineScript(['peers'], { timeoutMs: 10 * 60_000 });
    bin = findDockerCompose();
    if (!bin) {
      const reason = `docker-compose is not installed and \`scripts/engine.sh peers\` could not install it (exit ${install.code})`;
      if (process.env.CI === 'true') throw new Error(`e2e interop: ${reason} (required when CI=true)`);
      return { skip: reason };
    }
  }
  return { bin };
}

const compose = engine.skip ? { skip: engine.skip } : await peer();
const skip = 'skip' in compose ? compose.skip : undefined;
if (skip) console.warn(`e2e interop with docker-compose v1: SKIPPED: ${skip}`);

// A file both tools accept: docker-compose 1.29 wants a `version:` (stackc warns W0401 about it).
const COMPOSE_FILE = `version: '3.8'
services:
  web:
    image: ${BUSYBOX}
    command: ["httpd", "-f", "-p", "80"]
    volumes: [data:/data]
  worker:
    image: ${BUSYBOX}
    command: ["sleep", "600"]
    depends_on: [web]
volumes:
  data: {}
`;

describe.skipIf(Boolean(skip))('interoperability with docker-compose v1', () => {
  const { dockerHost, docker } = engine;
  const composeBin = 'bin' in compose ? compose.bin : 'docker-compose';
  const projects: string[] = [];
  const dirs: string[] = [];

  function project(name: string) {
    const full = `e2e-interop-${name}-${process.pid}`;
    projects.push(full);
    const dir = scratch({ 'compose.yaml': COMPOSE_FILE });
    dirs.push(dir);
    const file = path.join(dir, 'compose.yaml');
    const env = { DOCKER_HOST: dockerHost, DOCKER_CONTEXT: '', DOCKER_TLS_VERIFY: '', COMPOSE_FILE: '', COMPOSE_PROJECT_NAME: '' };
    return {
      name: full,
      stackc: (args: string[]) => stackc(['-p', full, '-f', file, ...args], { cwd: dir, dockerHost }),
      dockerCompose: (args: string[]) => run(composeBin, ['-p', full, '-f', file, ...args], { cwd: dir, env }),
    };
  }

  const containerIds = async (p: string) =>
    (await docker(['ps', '-aq', '--no-trunc', '--filter', `label=com.docker.compose.project=${p}`])).stdout.split('\n').filter(Boolean).sort();
  const exists = async (kind: 'network' | 'volume', name: string) => (await docker([kind, 'inspect', name])).code === 0;

  afterAll(async () => {
    for (const p of projects) await purgeProject(p, docker);
    dirs.forEach(removeScratch);
  });

  it('docker-compose sees (ps) and removes (down) a project started by stackc', async () => {
    const p = project('fwd');
    const up = await p.stackc(['up', '-d', '--progress', 'plain']);
    expect(up.code, up.stderr).toBe(0);
    const ids = await containerIds(p.name);
    expect(ids).toHaveLength(2);

    const ps = await p.dockerCompose(['ps']);
    expect(ps.code, ps.stderr).toBe(0);
    const rows = ps.stdout.split('\n').filter((l) => l.startsWith(p.name));
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual([`${p.name}-web-1`, `${p.name}-worker-1`]);
    for (const row of rows) expect(row).toMatch(/\bUp\b/);
    const psq = await p.dockerCompose(['ps', '-q']);
    expect(psq.stdout.split('\n').filter(Boolean).sort()).toEqual(ids);
    const services = await p.dockerCompose(['ps', '--services']);
    expect(services.stdout.split('\n').filter(Boolean).sort()).toEqual(['web', 'worker']);

    const down = await p.dockerCompose(['down', '-t', '1']);
    expect(down.code, down.stderr).toBe(0);
    expect(await containerIds(p.name)).toEqual([]);
    expect(await exists('network', `${p.name}_default`)).toBe(false);
    expect(await exists('volume', `${p.name}_data`)).toBe(true); // kept without -v, as compose does

    // The volume stackc created is the one docker-compose removes with -v.
    const downV = await p.dockerCompose(['down', '-v', '-t', '1']);
    expect(downV.code, downV.stderr).toBe(0);
    expect(await exists('volume', `${p.name}_data`)).toBe(false);
  });

  it('stackc sees (ps) and removes (down) a project started by docker-compose', async () => {
    const p = project('rev');
    const up = await p.dockerCompose(['up', '-d']);
    expect(up.code, up.stderr).toBe(0);
    const ids = await containerIds(p.name);
    expect(ids).toHaveLength(2);

    const ps = await p.stackc(['ps', '--format', 'json']);
    expect(ps.code, ps.stderr).toBe(0);
    const listed = JSON.parse(ps.stdout) as { name: string; service: string; state: string }[];
    // docker-compose 1.29 names containers <project>_<service>_<n>.
    expect(listed.map((c) => [c.name, c.service, c.state])).toEqual([
      [`${p.name}_web_1`, 'web', 'running'],
      [`${p.name}_worker_1`, 'worker', 'running'],
    ]);
    const table = await p.stackc(['ps']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain(`${p.name}_web_1`);
    expect(table.stdout).toContain(`${p.name}_worker_1`);

    const down = await p.stackc(['down', '-t', '1', '--progress', 'plain']);
    expect(down.code, down.stderr).toBe(0);
    expect(await containerIds(p.name)).toEqual([]);
    expect(await exists('network', `${p.name}_default`)).toBe(false);
    expect(await exists('volume', `${p.name}_data`)).toBe(true);

    // ... and the volume docker-compose created goes with stackc down -v.
    const downV = await p.stackc(['down', '-v', '-t', '1', '--progress', 'plain']);
    expect(downV.code, downV.stderr).toBe(0);
    expect(await exists('volume', `${p.name}_data`)).toBe(false);
    expect((await p.dockerCompose(['ps', '-q'])).stdout.trim()).toBe('');
  });
});
