/**
 * `stackc up/ps/down` on a real dockerd: dependency order with health, reconcile without writes,
 * one-line changes recreating one container, scale, volumes across down/up, static IPs, network
 * modes, resource limits, and bad input touching nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProxy, type ApiProxy } from './api-proxy.js';
import { suiteEngine } from './engine.js';
import { BUSYBOX, purgeProject, removeScratch, scratch, stackc } from './harness.js';

const { skip, dockerHost, docker } = await suiteEngine();
if (skip) console.warn(`e2e up: skipped: ${skip}`);

describe.skipIf(Boolean(skip))('stackc up on one host', () => {
  const projects: string[] = [];
  const dirs: string[] = [];
  let proxy: ApiProxy;

  /** A project in a scratch dir; cleaned up after all tests whatever happens. */
  function project(name: string, compose: string, extra: Record<string, string> = {}) {
    const full = `e2e-${name}-${process.pid}`;
    projects.push(full);
    const dir = scratch({ 'compose.yaml': compose, ...extra });
    dirs.push(dir);
    const cli = (args: string[], host = dockerHost) => stackc(['-p', full, ...args], { cwd: dir, dockerHost: host });
    return { name: full, dir, cli };
  }

  const inspect = async (container: string) => JSON.parse((await docker(['inspect', container])).stdout)[0];

  beforeAll(async () => {
    const socket = dockerHost.replace(/^unix:\/\//, '');
    proxy = await startApiProxy(socket);
  });

  afterAll(async () => {
    await proxy?.close();
    for (const p of projects) await purgeProject(p, docker);
    dirs.forEach(removeScratch);
  });

  it('starts services in dependency order, waits for health, and reconciles without writes', async () => {
    const p = project(
      'order',
      `services:
  seed:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo seeded > /data/flag"]
    volumes: [data:/data]
  db:
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep 300"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 30
    depends_on:
      seed: {condition: service_completed_successfully}
  app:
    image: ${BUSYBOX}
    command: ["sleep", "300"]
    environment: {GREETING: hello}
    volumes: [data:/data]
    depends_on:
      db: {condition: service_healthy}
volumes:
  data: {}
`,
    );
    const up = await p.cli(['up', '-d', '--progress', 'plain']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const [seed, db, app] = await Promise.all([`${p.name}-seed-1`, `${p.name}-db-1`, `${p.name}-app-1`].map(inspect));
    expect(seed.State.Status).toBe('exited');
    expect(seed.State.ExitCode).toBe(0);
    expect(db.State.Health.Status).toBe('healthy');
    expect(app.State.Running).toBe(true);
    // app started only after db was healthy, and db only after seed had finished.
    expect(Date.parse(app.State.StartedAt)).toBeGreaterThan(Date.parse(db.State.StartedAt) + 1500);
    expect(Date.parse(db.State.StartedAt)).toBeGreaterThanOrEqual(Date.parse(seed.State.FinishedAt));
    expect(app.Config.Labels).toMatchObject({
      'com.docker.compose.project': p.name,
      'com.docker.compose.service': 'app',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
    });

    proxy.reset();
    const again = await p.cli(['up', '-d', '--progress', 'plain'], proxy.dockerHost);
    expect(again.code).toBe(0);
    expect(proxy.requests().length).toBeGreaterThan(0);
    expect(proxy.writes()).toEqual([]);

    // A one-line environment change recreates exactly that service's container.
    const file = path.join(p.dir, 'compose.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('GREETING: hello', 'GREETING: bonjour'));
    proxy.reset();
    const changed = await p.cli(['up', '-d', '--progress', 'plain'], proxy.dockerHost);
    expect(changed.code).toBe(0);
    // Besides the lock container (taken only because there is something to write), one create.
    const creates = proxy.writes().filter((w) => w.startsWith('POST /containers/create') && !w.includes('stackc-lock'));
    expect(creates).toEqual([`POST /containers/create?name=${p.name}-app-1`]);
    expect((await inspect(`${p.name}-app-1`)).Config.Env).toContain('GREETING=bonjour');
    expect((await inspect(`${p.name}-db-1`)).Id).toBe(db.Id);

    const ps = await p.cli(['ps', '-a', '--format', 'json']);
    expect(JSON.parse(ps.stdout).map((c: { name: string }) => c.name)).toEqual([`${p.name}-app-1`, `${p.name}-db-1`, `${p.name}-seed-1`]);

    const down = await p.cli(['down', '-v', '--progress', 'plain']);
    expect(down.code).toBe(0);
    expect((await docker(['ps', '-aq', '--filter', `label=com.docker.compose.project=${p.name}`])).stdout.trim()).toBe('');
    expect((await docker(['volume', 'ls', '-q', '--filter', `name=${p.name}_data`])).stdout.trim()).toBe('');
  });

  it('keeps named volumes across down/up and removes them with down -v', async () => {
    const p = project('volumes', `services:\n  db:\n    image: ${BUSYBOX}\n    command: ["sleep", "300"]\n    volumes: [dbdata:/var/lib/db]\nvolumes:\n  dbdata: {}\n`);
    expect((await p.cli(['up', '-d', '--progress', 'quiet'])).code).toBe(0);
    await docker(['exec', `${p.name}-db-1`, 'sh', '-c', 'echo kept > /var/lib/db/file']);
    expect((await p.cli(['down', '--progress', 'quiet'])).code).toBe(0);
    expect((await docker(['volume', 'inspect', `${p.name}_dbdata`])).code).toBe(0);
    expect((await p.cli(['up', '-d', '--progress', 'quiet'])).code).toBe(0);
    expect((await docker(['exec', `${p.name}-db-1`, 'cat', '/var/lib/db/file'])).stdout.trim()).toBe('kept');
    // Driver options the file adds to an existing volume are said, not ignored; the data stays.
    writeFileSync(path.join(p.dir, 'compose.yaml'), readFileSync(path.join(p.dir, 'compose.yaml'), 'utf8').replace('  dbdata: {}', '  dbdata:\n    driver_opts: {type: tmpfs, device: tmpfs}'));
    const changed = await p.cli(['up', '-d', '--progress', 'quiet']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toBe(
      `warning: volume ${p.name}_dbdata differs from the file (driver option device: (none) → tmpfs; driver option type: (none) → tmpfs); a volume cannot be changed in place, so it keeps these settings until it is removed: stackc down -v, then up again (this deletes its data)\n`,
    );
    expect((await docker(['exec', `${p.name}-db-1`, 'cat', '/var/lib/db/file'])).stdout.trim()).toBe('kept');
    expect((await p.cli(['down', '-v', '--progress', 'quiet'])).code).toBe(0);
    expect((await docker(['volume', 'inspect', `${p.name}_dbdata`])).code).not.toBe(0);
    const nothingLeft = await p.cli(['down', '-v', '--progress', 'quiet']);
    expect(nothingLeft.code).toBe(0);
    expect(nothingLeft.stderr).toBe(`warning: no resource found to remove for project ${p.name}\n`);
  });

  it('scales up with numbered replicas reachable by name, and down by removing the highest numbers', async () => {
    const p = project(
      'scale',
      `services:\n  web:\n    image: ${BUSYBOX}\n    command: ["httpd", "-f", "-p", "8080"]\n  lb:\n    image: ${BUSYBOX}\n    command: ["sleep", "300"]\n    links: [web]\n`,
    );
    expect((await p.cli(['up', '-d', '--scale', 'web=4', '--progress', 'quiet'])).code).toBe(0);
    for (let n = 1; n <= 4; n++) {
      const reach = await docker(['exec', `${p.name}-lb-1`, 'sh', '-c', `nc -w 2 ${p.name}-web-${n} 8080 </dev/null`]);
      expect(reach.code, `lb reaches ${p.name}-web-${n}`).toBe(0);
    }
    expect((await docker(['exec', `${p.name}-lb-1`, 'sh', '-c', 'nc -w 2 web 8080 </dev/null'])).code).toBe(0);
    expect((await p.cli(['up', '-d', '--scale', 'web=2', '--progress', 'quiet'])).code).toBe(0);
    const names = (await docker(['ps', '--format', '{{.Names}}', '--filter', `label=com.docker.compose.service=web`, '--filter', `label=com.docker.compose.project=${p.name}`])).stdout.split('\n').filter(Boolean).sort();
    expect(names).toEqual([`${p.name}-web-1`, `${p.name}-web-2`]);
  });

  it('gives each container its static ipv4_address on a custom subnet', async () => {
    const nodes = [1, 2, 3].map((i) => `  node${i}:\n    image: ${BUSYBOX}\n    command: ["sleep", "300"]\n    networks:\n      cluster:\n        ipv4_address: 172.38.0.${10 + i}\n`).join('');
    const p = project('ips', `services:\n${nodes}networks:\n  cluster:\n    ipam:\n      config:\n        - subnet: 172.38.0.0/16\n`);
    const up = await p.cli(['up', '-d', '--progress', 'quiet']);
    expect(up.stderr).toBe('');
    for (const i of [1, 2, 3]) {
      const info = await inspect(`${p.name}-node${i}-1`);
      expect(info.NetworkSettings.Networks[`${p.name}_cluster`].IPAddress).toBe(`172.38.0.${10 + i}`);
    }
    // A network cannot be changed in place: a label added in the file is said, not ignored.
    const file = path.join(p.dir, 'compose.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  cluster:\n    ipam:', '  cluster:\n    labels: {tier: data}\n    ipam:'));
    const again = await p.cli(['up', '-d', '--progress', 'quiet']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe(
      `warning: network ${p.name}_cluster differs from the file (label tier: (none) → data); a network cannot be changed in place, so it keeps these settings until it is removed: stackc down, then up again\n`,
    );
  });

  it('applies network modes and resource limits', async () => {
    const p = project(
      'modes',
      `services:
  main:
    image: ${BUSYBOX}
    command: ["sleep", "300"]
    cpu_period: 100000
    cpu_quota: 50000
    cpuset: "0"
    mem_limit: 64m
  hostnet:
    image: ${BUSYBOX}
    command: ["sleep", "300"]
    network_mode: host
  isolated:
    image: ${BUSYBOX}
    command: ["sleep", "300"]
    network_mode: none
  sidecar:
    image: ${BUSYBOX}
    command: ["sleep", "300"]
    network_mode: "service:main"
`,
    );
    const up = await p.cli(['up', '-d', '--progress', 'quiet']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const main = await inspect(`${p.name}-main-1`);
    expect(main.HostConfig).toMatchObject({ CpuPeriod: 100000, CpuQuota: 50000, CpusetCpus: '0', Memory: 64 * 1024 * 1024 });
    expect((await inspect(`${p.name}-hostnet-1`)).HostConfig.NetworkMode).toBe('host');
    expect((await inspect(`${p.name}-isolated-1`)).HostConfig.NetworkMode).toBe('none');
    const sidecarNet = (await inspect(`${p.name}-sidecar-1`)).HostConfig.NetworkMode as string;
    expect([`container:${p.name}-main-1`, `container:${main.Id}`]).toContain(sidecarNet);
  });

  // The engine refuses NanoCpus together with CpuPeriod/CpuQuota, so cpus gets its own project.
  it('sets NanoCpus from cpus', async () => {
    const p = project('cpus', `services:\n  c:\n    image: ${BUSYBOX}\n    command: ["sleep", "300"]\n    cpus: 0.5\n`);
    expect((await p.cli(['up', '-d', '--progress', 'quiet'])).code).toBe(0);
    expect((await inspect(`${p.name}-c-1`)).HostConfig.NanoCpus).toBe(500_000_000);
  });

  it('rejects bad input with a positioned error and touches nothing', async () => {
    const p = project('bad', `services:\n  web:\n    image: ${BUSYBOX}\n    ports: ["80:80:80:80"]\n`);
    proxy.reset();
    const up = await p.cli(['up', '-d'], proxy.dockerHost);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/compose\.yaml:4:\d+/);
    expect(up.stderr).toContain('E0501');
    expect(proxy.requests()).toEqual([]);
  });
});
