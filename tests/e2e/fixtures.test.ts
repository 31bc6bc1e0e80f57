/**
 * The fixtures as users run them, on a real dockerd: each `fixtures/<name>/compose.yaml` merged
 * with its `compose.e2e.yaml` (local busybox images standing in for the registry images; ports,
 * volumes, networks, static IPs, links and scale as written). Each fixture runs from a scratch copy
 * of its folder, so bind mounts and files the containers write never touch the repository.
 *
 * - 01 WordPress + MySQL: the db's named volume survives `down`/`up` and goes with `down -v`;
 *   the published port 8000 answers on the host.
 * - 03 load-balanced web, `--scale web=4`: the image is built by stackc, the balancer reaches every
 *   replica by container name and through the `web` link, and 8080 answers on the host.
 * - 07 Redis cluster: each node has its ipv4_address on the 172.38.0.0/16 network.
 * - 09 network modes: host, none, bridge, service:NAME, container:NAME, and the resource limits.
 *
 * `down -t 1`: the stand-ins run as PID 1 without a TERM handler, so they would use all of the
 * default 10 s grace period.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { suiteEngine, socketPathOf } from './engine.js';
import { BUSYBOX, purgeProject, removeScratch, ROOT, scratch, stackc, type Run } from './harness.js';

const { skip, dockerHost, docker } = await suiteEngine();
if (skip) console.warn(`e2e fixtures: skipped: ${skip}`);

/** Sends `request` to 127.0.0.1:port and resolves with everything the server sent back. */
function talk(port: number, request: string, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`127.0.0.1:${port}: no answer within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.end(request));
    socket.on('data', (b: Buffer) => chunks.push(b));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** `talk`, retried while the server is still starting (connection refused/reset, empty answer). */
async function talkWhenReady(port: number, request: string, expected: RegExp, withinMs = 15_000): Promise<string> {
  const deadline = Date.now() + withinMs;
  let last = '';
  for (;;) {
    try {
      last = await talk(port, request);
      if (expected.test(last)) return last;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const HTTP_GET = 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n';

describe.skipIf(Boolean(skip))('fixtures on one host (compose.yaml + compose.e2e.yaml)', () => {
  const projects: string[] = [];
  const dirs: string[] = [];
  const images: string[] = [];
  const containers: string[] = [];
  // The engine's socket, bind-mounted by fixture 03's balancer at /var/run/docker.sock.
  const engineSocket = socketPathOf(dockerHost) ?? '/tmp/stackc-engine/docker.sock';

  /** A scratch copy of fixtures/<name> (without its golden files), run as project e2e-<short>-<pid>. */
  function fixture(name: string, short: string) {
    const project = `e2e-fx${short}-${process.pid}`;
    projects.push(project);
    const dir = scratch({});
    dirs.push(dir);
    cpSync(path.join(ROOT, 'fixtures', name), dir, { recursive: true, filter: (src) => path.basename(src) !== 'expected' });
    const cli = (args: string[]) =>
      stackc(['-p', project, '-f', 'compose.yaml', '-f', 'compose.e2e.yaml', ...args], {
        cwd: dir,
        dockerHost,
        env: { STACKC_E2E_DOCKER_SOCK: engineSocket },
      });
    return { project, dir, cli };
  }

  const inspect = async (container: string) => {
    const r = await docker(['inspect', container]);
    if (r.code !== 0) throw new Error(`docker inspect ${container}: ${r.stderr.trim()}`);
    return JSON.parse(r.stdout)[0];
  };
  const exec = (container: string, script: string) => docker(['exec', container, 'sh', '-c', script]);
  const projectContainers = async (project: string) =>
    (await docker(['ps', '-a', '--format', '{{.Names}}', '--filter', `label=com.docker.compose.project=${project}`])).stdout.split('\n').filter(Boolean).sort();

  afterAll(async () => {
    for (const p of projects) await purgeProject(p, docker);
    for (const c of containers) await docker(['rm', '-f', c]);
    for (const i of images) await docker(['rmi', '-f', i]);
    dirs.forEach(removeScratch);
  });

  it('01 WordPress + MySQL: the db volume persists across down/up, goes with down -v; port 8000 answers', async () => {
    const f = fixture('01-wordpress-mysql', '01');
    const db = `${f.project}-db-1`;
    const wp = `${f.project}-wordpress-1`;

    const up = await f.cli(['up', '-d', '--progress', 'plain']);
    expect(up.code, up.stderr).toBe(0);
    expect(await projectContainers(f.project)).toEqual([db, wp]);
    const [dbInfo, wpInfo] = await Promise.all([inspect(db), inspect(wp)]);
    expect(dbInfo.HostConfig.RestartPolicy.Name).toBe('always');
    expect(wpInfo.HostConfig.RestartPolicy.Name).toBe('always');
    expect(dbInfo.Config.Env).toContain('MYSQL_DATABASE=blog');
    expect(wpInfo.Config.Env).toContain('WORDPRESS_DB_HOST=db:3306');
    expect(dbInfo.Mounts).toContainEqual(expect.objectContaining({ Type: 'volume', Name: `${f.project}_db_data`, Destination: '/var/lib/mysql' }));
    // depends_on: wordpress started after db, and reaches it by service name on the project network.
    expect(Date.parse(wpInfo.State.StartedAt)).toBeGreaterThanOrEqual(Date.parse(dbInfo.State.StartedAt));
    expect((await exec(wp, 'nc -w 2 db 3306 </dev/null')).stdout).toContain('mysql-standin');

    // The published port, on the host's loopback.
    expect(await talkWhenReady(8000, HTTP_GET, /wordpress-standin/)).toMatch(/^HTTP\/1\.[01] 200[\s\S]*wordpress-standin db=db:3306/);

    // Data in the named volume survives down/up.
    expect((await exec(db, 'echo kept-across-down > /var/lib/mysql/blog/e2e-marker')).code).toBe(0);
    const down = await f.cli(['down', '-t', '1', '--progress', 'plain']);
    expect(down.code, down.stderr).toBe(0);
    expect(await projectContainers(f.project)).toEqual([]);
    expect((await docker(['volume', 'inspect', `${f.project}_db_data`])).code).toBe(0);
    expect((await docker(['volume', 'inspect', `${f.project}_wp_content`])).code).toBe(0);
    expect((await docker(['network', 'inspect', `${f.project}_default`])).code).not.toBe(0);

    const again = await f.cli(['up', '-d', '--progress', 'plain']);
    expect(again.code, again.stderr).toBe(0);
    expect((await docker(['exec', db, 'cat', '/var/lib/mysql/blog/e2e-marker'])).stdout.trim()).toBe('kept-across-down');
    expect(await talkWhenReady(8000, HTTP_GET, /wordpress-standin/)).toContain('wordpress-standin');

    // down -v removes the volumes too.
    const downV = await f.cli(['down', '-v', '-t', '1', '--progress', 'plain']);
    expect(downV.code, downV.stderr).toBe(0);
    expect(await projectContainers(f.project)).toEqual([]);
    expect((await docker(['volume', 'inspect', `${f.project}_db_data`])).code).not.toBe(0);
    expect((await docker(['volume', 'inspect', `${f.project}_wp_content`])).code).not.toBe(0);
  });

  it('03 load-balanced web --scale web=4: stackc builds the image; lb reaches each replica by name', async () => {
    const f = fixture('03-load-balanced-web', '03');
    const image = `${f.project}-web`;
    images.push(image);
    await docker(['rmi', '-f', image]);
    const t0 = Date.now();

    const up = await f.cli(['up', '-d', '--scale', 'web=4', '--progress', 'plain']);
    expect(up.code, up.stderr).toBe(0);
    // Built by this `up` (it did not exist before), from the fixture's e2e build context.
    const built = JSON.parse((await docker(['image', 'inspect', image])).stdout)[0];
    expect(built.Config.Labels).toMatchObject({ 'org.stackc.fixture': '03-load-balanced-web' });
    expect(Date.parse(built.Created)).toBeGreaterThanOrEqual(t0 - 2000);

    const webs = [1, 2, 3, 4].map((n) => `${f.project}-web-${n}`);
    const lb = `${f.project}-lb-1`;
    expect(await projectContainers(f.project)).toEqual([lb, `${f.project}-redis-1`, ...webs].sort());
    for (const web of webs) {
      const info = await inspect(web);
      expect(info.State.Running, web).toBe(true);
      expect(info.Config.Image).toBe(image);
      expect(info.HostConfig.PortBindings ?? {}).toEqual({}); // expose only, no host port
    }
    // The balancer reaches every replica by container name, and the `web` link alias resolves.
    for (const web of webs) {
      const reach = await exec(lb, `nc -w 2 ${web} 8000 </dev/null`);
      expect(reach.code, `lb reaches ${web}: ${reach.stderr}`).toBe(0);
    }
    expect((await exec(lb, 'nc -w 2 web 8000 </dev/null')).code).toBe(0);
    // web reaches redis by service name.
    expect((await exec(webs[0]!, 'nc -w 2 redis 6379 </dev/null')).stdout).toContain('+PONG');
    // The balancer's bind mounts: the engine socket and haproxy.cfg (read-only).
    expect((await exec(lb, 'test -S /var/run/docker.sock')).code).toBe(0);
    expect((await exec(lb, 'cat /usr/local/etc/haproxy/haproxy.cfg')).stdout).toContain('server-template web-');
    expect((await exec(lb, 'echo x >> /usr/local/etc/haproxy/haproxy.cfg')).code).not.toBe(0);
    // 8080 on the host → lb → one of the replicas.
    expect(await talkWhenReady(8080, HTTP_GET, /hello from/)).toMatch(/^HTTP\/1\.[01] 200[\s\S]*hello from [0-9a-f]{12}/);

    // Unchanged re-run with the same scale keeps every container (no rebuild, no recreate).
    const ids = await Promise.all(webs.map(async (w) => (await inspect(w)).Id));
    const again = await f.cli(['up', '-d', '--scale', 'web=4', '--progress', 'plain']);
    expect(again.code, again.stderr).toBe(0);
    expect(await Promise.all(webs.map(async (w) => (await inspect(w)).Id))).toEqual(ids);

    // --build builds again, from the same unchanged context: the same image (the builder's cache),
    // so, as docker compose does, the replicas are kept rather than recreated.
    const rebuild = await f.cli(['up', '-d', '--build', '--scale', 'web=4', '--progress', 'plain']);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect(rebuild.stdout + rebuild.stderr).toMatch(/Built/);
    expect(JSON.parse((await docker(['image', 'inspect', image])).stdout)[0].Id).toBe(built.Id);
    const afterRebuild = await Promise.all(webs.map(async (w) => (await inspect(w)).Id));

    const down = await f.cli(['down', '-t', '1', '--progress', 'plain']);
    expect(down.code, down.stderr).toBe(0);
    expect(await projectContainers(f.project)).toEqual([]);

    const recreated = (rebuild.stdout + rebuild.stderr).split('\n').filter((l) => /Recreat/.test(l)).join('\n');
    expect(afterRebuild, `an identical rebuilt image recreated the replicas:\n${recreated}`).toEqual(ids);
  });

  it('07 Redis cluster: each node has its ipv4_address on the 172.38.0.0/16 network', async () => {
    const f = fixture('07-redis-cluster', '07');
    const nodes = [1, 2, 3, 4, 5, 6];
    for (const n of nodes) containers.push(`redis-${n}`); // fixed container_name: removed whatever happens
    // The network is named `redis` in the file (`name: redis`), not `<project>_redis`.
    const network = 'redis';

    // up.test.ts uses the same subnet; test files run in parallel, so wait for it to be free.
    let up: Run;
    const deadline = Date.now() + 120_000;
    for (;;) {
      up = await f.cli(['up', '-d', '--progress', 'plain']);
      if (up.code === 0 || !/overlap/i.test(up.stderr) || Date.now() > deadline) break;
      await f.cli(['down', '-t', '1', '--progress', 'quiet']);
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(up.code, up.stderr).toBe(0);

    const net = JSON.parse((await docker(['network', 'inspect', network])).stdout)[0];
    expect(net.IPAM.Config).toEqual([expect.objectContaining({ Subnet: '172.38.0.0/16' })]);
    expect(net.Labels).toMatchObject({ 'com.docker.compose.project': f.project, 'com.docker.compose.network': 'redis' });
    for (const n of nodes) {
      const info = await inspect(`redis-${n}`);
      expect(info.Config.Labels['com.docker.compose.service']).toBe(`redis-${n}`);
      expect(info.NetworkSettings.Networks[network]?.IPAddress, `redis-${n}`).toBe(`172.38.0.1${n}`);
      expect(info.NetworkSettings.Networks[network]?.IPAMConfig?.IPv4Address).toBe(`172.38.0.1${n}`);
      // Its config file is mounted where redis-server reads it, with its own announce address.
      expect((await docker(['exec', `redis-${n}`, 'cat', '/usr/local/etc/redis/redis.conf'])).stdout).toContain(`cluster-announce-ip 172.38.0.1${n}`);
    }
    // The nodes reach each other at their static addresses (client and bus ports), and the host
    // reaches each node through its published port.
    expect((await exec('redis-1', 'nc -w 2 172.38.0.16 6379 </dev/null')).stdout).toContain('+PONG');
    expect((await exec('redis-6', 'nc -w 2 172.38.0.11 16379 </dev/null')).stdout).toContain('bus');
    for (const n of nodes) expect(await talkWhenReady(6370 + n, 'PING\r\n', /PONG/), `127.0.0.1:${6370 + n}`).toContain('+PONG');

    const down = await f.cli(['down', '-t', '1', '--progress', 'plain']);
    expect(down.code, down.stderr).toBe(0);
    expect((await docker(['network', 'inspect', network])).code).not.toBe(0);
  });

  it('09 network modes: host, none, bridge, service:NAME, container:NAME and resource limits', async () => {
    const f = fixture('09-network-modes', '09');
    // `debug` joins a container started outside the project (network_mode: container:probe-target).
    containers.push('probe-target');
    await docker(['rm', '-f', 'probe-target']);
    const probe = await docker(['run', '-d', '--name', 'probe-target', BUSYBOX, 'sleep', '600']);
    expect(probe.code, probe.stderr).toBe(0);

    const up = await f.cli(['up', '-d', '--progress', 'plain']);
    expect(up.code, up.stderr).toBe(0);
    const name = (service: string) => `${f.project}-${service}-1`;
    const [monitor, cruncher, legacy, app, sidecar, debug, probeInfo] = await Promise.all(
      ['monitor', 'cruncher', 'legacy', 'app', 'sidecar', 'debug'].map((s) => inspect(name(s))).concat(inspect('probe-target')),
    );
    const MiB = 1024 * 1024;

    // host: the host's network stack (its loopback listener answers here) and the host's pid namespace.
    expect(monitor.HostConfig).toMatchObject({ NetworkMode: 'host', PidMode: 'host', NanoCpus: 500_000_000, Memory: 128 * MiB });
    expect(await talkWhenReady(9100, HTTP_GET, /^HTTP/)).toMatch(/^HTTP\/1\.[01] \d{3}/);

    // none: only a loopback interface; the batch job ran against its bind mount.
    expect(cruncher.HostConfig).toMatchObject({ NetworkMode: 'none', CpusetCpus: '0,1', CpuPeriod: 100000, CpuQuota: 50000, Memory: 256 * MiB });
    if ((await docker(['info', '--format', '{{.SwapLimit}}'])).stdout.trim() === 'true') expect(cruncher.HostConfig.MemorySwap).toBe(512 * MiB);
    expect(cruncher.NetworkSettings.Networks).toHaveProperty('none');
    await waitFor(async () => (await inspect(name('cruncher'))).State.Status === 'exited', 15_000);
    expect((await inspect(name('cruncher'))).State.ExitCode).toBe(0);
    const sums = path.join(f.dir, 'data', 'SUMS');
    expect(existsSync(sums)).toBe(true);
    expect(readFileSync(sums, 'utf8')).toMatch(/^[0-9a-f]{64}  \/data\/input\.txt$/m);

    // bridge: the default docker0 network, outside the project's networks, with its port.
    expect(legacy.HostConfig).toMatchObject({ NetworkMode: 'bridge', CpuShares: 512 });
    expect(Object.keys(legacy.NetworkSettings.Networks)).toEqual(['bridge']);
    expect(await talkWhenReady(8081, HTTP_GET, /^HTTP\/1\.[01] 200/)).toContain('stackc test image');

    // custom network with subnet/gateway, a static address, and memory limits.
    expect(app.HostConfig).toMatchObject({ MemoryReservation: 64 * MiB, Memory: 1024 * MiB });
    const appnet = `${f.project}_appnet`;
    expect(app.NetworkSettings.Networks[appnet]?.IPAddress).toBe('10.77.0.10');
    const net = JSON.parse((await docker(['network', 'inspect', appnet])).stdout)[0];
    expect(net.IPAM.Config).toEqual([expect.objectContaining({ Subnet: '10.77.0.0/24', Gateway: '10.77.0.1' })]);
    expect(await talkWhenReady(8082, HTTP_GET, /^HTTP\/1\.[01] 200/)).toContain('stackc test image');

    // service:app: the sidecar lives in app's network namespace (same interfaces, app on localhost).
    expect([`container:${name('app')}`, `container:${app.Id}`]).toContain(sidecar.HostConfig.NetworkMode);
    const interfaces = async (container: string) => (await exec(container, 'ip -o addr show | sort')).stdout;
    const appInterfaces = await interfaces(name('app'));
    expect(appInterfaces).toContain('10.77.0.10/24');
    expect(await interfaces(name('sidecar'))).toBe(appInterfaces);
    expect((await exec(name('sidecar'), 'nc -w 2 localhost 80 </dev/null')).code).toBe(0);

    // container:probe-target: the same, with a container from outside the project.
    expect(['container:probe-target', `container:${probeInfo.Id}`]).toContain(debug.HostConfig.NetworkMode);
    const probeInterfaces = await interfaces('probe-target');
    expect(probeInterfaces).toMatch(/eth0/);
    expect(await interfaces(name('debug'))).toBe(probeInterfaces);

    const down = await f.cli(['down', '-t', '1', '--progress', 'plain']);
    expect(down.code, down.stderr).toBe(0);
    expect(await projectContainers(f.project)).toEqual([]);
    // The outside container is not the project's to remove.
    expect((await inspect('probe-target')).State.Running).toBe(true);
  });
});

async function waitFor(condition: () => Promise<boolean>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
