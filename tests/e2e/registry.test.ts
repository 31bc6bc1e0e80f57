/**
 * A private image on a registry with authentication, deployed to a worker node that must pull it.
 *
 * Debian's `docker-registry` serves with htpasswd auth on the bridge address of a two-node lab
 * (tests/e2e/cluster.ts), reachable from both nodes' namespaces. The busybox test image is loaded
 * into the manager only, tagged and pushed there after a `docker login` into a temporary
 * DOCKER_CONFIG; the worker has no image at all, so a task placed on it runs only if the worker
 * pulled with the credentials that `stackc deploy --with-registry-auth` read from that config.
 * Without credentials (or without the flag) the deploy must fail with a clear error.
 *
 * A registry on 127.0.0.1 would not do: in a multi-node swarm each node pulls for itself, and
 * 127.0.0.1 is a different host for each of them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labUnavailable, Lab, startCluster, startRegistry, stackcWith, type Cluster, type Registry } from './cluster.js';
import { docker, runEngineScript } from './engine.js';
import { BUSYBOX, removeScratch, scratch, writeFiles, type Run } from './harness.js';

const hasCommand = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
if (process.getuid?.() === 0 && !(hasCommand('docker-registry') && hasCommand('htpasswd'))) {
  // docker-registry and htpasswd (apache2-utils), from apt; a no-op when present.
  await runEngineScript(['peers'], { timeoutMs: 10 * 60_000 });
}
const skip = await labUnavailable(['docker-registry', 'htpasswd']);
if (skip) console.warn(`e2e registry: SKIPPED: ${skip}`);

const USER = 'stackc';
const PASSWORD = 'e2e-Secret-1';

const stackFile = (image: string) => `services:
  app:
    image: ${image}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    deploy:
      replicas: 1
      placement:
        constraints: [node.labels.zone == b]
`;

describe.skipIf(Boolean(skip))('stackc deploy --with-registry-auth from a private registry', () => {
  let lab: Lab | undefined;
  let cluster: Cluster;
  let registry: Registry;
  let dir: string;
  let withCredentials: string;
  let withoutCredentials: string;
  const image = (tag: string) => `${registry.address}/stackc/busybox:${tag}`;
  const stack = `reg${process.pid}`;

  const deploy = (name: string, file: string, env: NodeJS.ProcessEnv, extra: string[] = ['--with-registry-auth']): Promise<Run> =>
    stackcWith(['deploy', '--wait', '--timeout', '60', '--progress', 'plain', ...extra, '-c', file, name], { cwd: dir, env: { DOCKER_HOST: cluster.manager.dockerHost, ...env } });

  beforeAll(async () => {
    const t0 = Date.now();
    dir = scratch({});
    withCredentials = path.join(dir, 'docker-config');
    withoutCredentials = path.join(dir, 'empty-docker-config');
    lab = await Lab.create();
    // The test image on the manager only: whatever runs on the worker was pulled from the registry.
    cluster = await startCluster(lab, { loadImageInto: ['manager'] });
    let t = Date.now();
    registry = await startRegistry(lab, { user: USER, password: PASSWORD });
    lab.mark('registry', t);
    t = Date.now();
    mkdirSync(withCredentials);
    mkdirSync(withoutCredentials);
    const m = (args: string[], options: Parameters<typeof docker>[2] = {}) => docker(args, cluster.manager.dockerHost, { ...options, env: { DOCKER_CONFIG: withCredentials, ...options.env } });
    for (const tag of ['latest', 'nocreds', 'noflag']) expect((await m(['tag', BUSYBOX, image(tag)])).code).toBe(0);
    // Authentication is on: a push before `docker login` is refused.
    const refused = await m(['push', image('latest')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr + refused.stdout).toContain('no basic auth credentials');
    const login = await m(['login', '--username', USER, '--password-stdin', registry.address], { input: PASSWORD });
    expect(login.code, login.stderr).toBe(0);
    for (const tag of ['latest', 'nocreds', 'noflag']) {
      const push = await m(['push', image(tag)]);
      expect(push.code, push.stderr).toBe(0);
    }
    // Separate tags for the failing cases: a tag the worker pulled once would be found locally.
    for (const tag of ['latest', 'nocreds', 'noflag']) expect((await m(['rmi', image(tag)])).code).toBe(0);
    lab.mark('login + push', t);
    console.info(`e2e registry: cluster + registry up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${lab.timing()}), registry ${registry.address}`);
  });

  afterAll(async () => {
    if (dir) removeScratch(dir);
    if (!lab) return;
    const t0 = Date.now();
    await lab.destroy(); // engines, registry (by PID), namespaces, mounts, cgroups, the lab dir
    console.info(`e2e registry: lab removed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

  it('the worker starts with no image at all', async () => {
    const images = await docker(['image', 'ls', '-q'], cluster.worker.dockerHost);
    expect(images.stdout.trim()).toBe('');
  });

  it('deploys with the credentials from DOCKER_CONFIG; the worker pulls the image and the service converges', async () => {
    writeFile('ok.yaml', stackFile(image('latest')));
    const result = await deploy(stack, 'ok.yaml', { DOCKER_CONFIG: withCredentials });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Service ${stack}_app`);
    expect(result.stdout).toMatch(/Converged \(1\/1\)/);

    const tasks = JSON.parse((await stackcWith(['ps', stack, '--format', 'json'], { cwd: dir, env: { DOCKER_HOST: cluster.manager.dockerHost } })).stdout) as { node: string; current: string; image: string }[];
    expect(tasks.map((t) => [t.node, t.current, t.image])).toEqual([[cluster.worker.hostname, 'running', image('latest')]]);
    // A new service is pinned to the registry's digest (--resolve-image changed, the default), and
    // the worker pulled exactly that from our registry.
    const spec = await docker(['service', 'inspect', `${stack}_app`, '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}'], cluster.manager.dockerHost);
    const pinned = spec.stdout.trim();
    expect(pinned).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(pinned.startsWith(`${image('latest')}@`)).toBe(true);
    const pulled = await docker(['image', 'inspect', pinned, '--format', '{{join .RepoDigests " "}}'], cluster.worker.dockerHost);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain(`${registry.address}/stackc/busybox@${pinned.split('@')[1]}`);
  });

  it('without credentials the deploy fails, exit 1, saying the pull was refused for want of credentials', async () => {
    writeFile('nocreds.yaml', stackFile(image('nocreds')));
    const result = await deploy(`${stack}n`, 'nocreds.yaml', { DOCKER_CONFIG: withoutCredentials });
    try {
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toContain('no docker CLI config'); // the warning: nothing to send
      expect(result.stderr).toContain(`${stack}n_app.1 on ${cluster.worker.hostname}: rejected`);
      expect(result.stderr).toContain(image('nocreds'));
      expect(result.stderr).not.toMatch(/\n\s+at /);
      // The reason, not only its consequence ("No such image"): the registry wanted credentials.
      expect(result.stderr).toMatch(/no basic auth credentials|pull access denied|unauthorized/i);
    } finally {
      await stackcWith(['rm', `${stack}n`, '--progress', 'quiet'], { cwd: dir, env: { DOCKER_HOST: cluster.manager.dockerHost } });
    }
  });

  it('credentials in the config are not sent without --with-registry-auth', async () => {
    writeFile('noflag.yaml', stackFile(image('noflag')));
    const result = await deploy(`${stack}f`, 'noflag.yaml', { DOCKER_CONFIG: withCredentials }, []);
    try {
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toContain(`${stack}f_app.1 on ${cluster.worker.hostname}: rejected`);
      expect(result.stderr).toContain(image('noflag'));
      expect(result.stderr).toMatch(/no basic auth credentials|pull access denied|unauthorized/i);
    } finally {
      await stackcWith(['rm', `${stack}f`, '--progress', 'quiet'], { cwd: dir, env: { DOCKER_HOST: cluster.manager.dockerHost } });
    }
  });

  describe('--resolve-image', () => {
    const m = (args: string[], options: Parameters<typeof docker>[2] = {}) => docker(args, cluster.manager.dockerHost, { ...options, env: { DOCKER_CONFIG: withCredentials, ...options.env } });
    const inspect = async (service: string) => {
      const r = await m(['service', 'inspect', service, '--format', '{{.Version.Index}} {{.Spec.TaskTemplate.ContainerSpec.Image}} {{index .Spec.Labels "com.docker.stack.image"}}']);
      expect(r.code, r.stderr).toBe(0);
      const [version, image, label] = r.stdout.trim().split(' ');
      return { version: Number(version), image, label };
    };
    /** Pushes `source` as image(tag) and returns the digest the registry gave it; the manager keeps no copy. */
    const push = async (source: string, tag: string) => {
      expect((await m(['tag', source, image(tag)])).code).toBe(0);
      const pushed = await m(['push', image(tag)]);
      expect(pushed.code, pushed.stderr).toBe(0);
      expect((await m(['rmi', image(tag)])).code).toBe(0);
      return /digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout)![1]!;
    };

    it('always pins the spec to the pushed digest; a tag pushed again is followed by always, not by never', async () => {
      const name = `${stack}p`;
      const service = `${name}_app`;
      const env = { DOCKER_CONFIG: withCredentials };
      writeFile('pin.yaml', stackFile(image('pin')));
      const resolve = (mode: string, extra: string[] = []) => deploy(name, 'pin.yaml', env, ['--with-registry-auth', '--resolve-image', mode, ...extra]);
      let container = '';
      try {
        const first = await push(BUSYBOX, 'pin');
        const deployed = await resolve('always');
        expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
        expect(deployed.stderr).not.toContain('could not be accessed');
        const before = await inspect(service);
        expect(before.image).toBe(`${image('pin')}@${first}`);
        expect(before.label).toBe(image('pin')); // the reference as written

        // A new image under the same tag: same content, another config, another digest.
        container = (await m(['create', BUSYBOX])).stdout.trim();
        expect((await m(['commit', '--change', 'LABEL revision=2', container, `${image('pin')}-next`])).code).toBe(0);
        const second = await push(`${image('pin')}-next`, 'pin');
        expect(second).not.toBe(first);

        const never = await resolve('never');
        expect(never.code, never.stdout + never.stderr).toBe(0);
        expect(never.stdout).toContain('no changes');
        expect(await inspect(service)).toEqual(before);

        const dryRun = await resolve('always', ['--dry-run']);
        expect(dryRun.stdout).toContain(`~ service ${service} (image ${image('pin')}@${second}: the tag moved)`);

        const moved = await resolve('always');
        expect(moved.code, moved.stdout + moved.stderr).toBe(0);
        const after = await inspect(service);
        expect(after.image).toBe(`${image('pin')}@${second}`);
        expect(after.version).toBeGreaterThan(before.version);

        // The registry still names the same digest: nothing to write.
        const again = await resolve('always');
        expect(again.stdout).toContain('no changes');
        expect(await inspect(service)).toEqual(after);
      } finally {
        if (container) await m(['rm', container]);
        await m(['rmi', `${image('pin')}-next`]);
        await stackcWith(['rm', name, '--progress', 'quiet'], { cwd: dir, env: { DOCKER_HOST: cluster.manager.dockerHost } });
      }
    });

    it('an image made on the engine is not looked up; one no registry answers for deploys unpinned with docker\'s warning', async () => {
      const name = `${stack}l`;
      // 127.0.0.1:9 (discard) refuses connections on the manager: a registry that cannot answer.
      const unreachable = '127.0.0.1:9/nowhere/app:1';
      const both = stackFile(BUSYBOX).replace('node.labels.zone == b', 'node.role == manager') + stackFile(unreachable).replace('services:\n  app:', '  gone:').replace('node.labels.zone == b', 'node.role == manager');
      writeFile('local.yaml', both);
      try {
        // Detached: the gone service's tasks cannot start (no image anywhere); only the specs matter.
        const result = await stackcWith(['deploy', '--detach', '--progress', 'plain', '--with-registry-auth', '--resolve-image', 'always', '-c', 'local.yaml', name], {
          cwd: dir,
          env: { DOCKER_HOST: cluster.manager.dockerHost, DOCKER_CONFIG: withCredentials },
        });
        expect(result.code, result.stdout + result.stderr).toBe(0);
        const warnings = result.stderr.split('\n').filter((l) => l.includes('could not be accessed on a registry to record its digest'));
        // BUSYBOX was imported on the manager (no repo digest): no lookup, so no warning for it.
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain(`image ${unreachable} `);
        expect(warnings[0]).toContain(`service ${name}_gone)`);
        expect((await inspect(`${name}_app`)).image).toBe(BUSYBOX);
        expect((await inspect(`${name}_gone`)).image).toBe(unreachable);
      } finally {
        await stackcWith(['rm', name, '--progress', 'quiet'], { cwd: dir, env: { DOCKER_HOST: cluster.manager.dockerHost } });
      }
    });
  });

  function writeFile(name: string, text: string): void {
    writeFiles(dir, { [name]: text });
  }
});
