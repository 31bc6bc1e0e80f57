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

    const tasks = JSON.parse((await stackcWith(['tasks', stack, '--format', 'json'], { cwd: dir, env: { DOCKER_HOST: cluster.manager.dockerHost } })).stdout) as { node: string; current: string; image: string }[];
    expect(tasks.map((t) => [t.node, t.current, t.image])).toEqual([[cluster.worker.hostname, 'running', image('latest')]]);
    // Pulled from our registry: the worker now has the image, with the registry's digest.
    const pulled = await docker(['image', 'inspect', image('latest'), '--format', '{{join .RepoDigests " "}}'], cluster.worker.dockerHost);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain(`${registry.address}/stackc/busybox@sha256:`);
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

  function writeFile(name: string, text: string): void {
    writeFiles(dir, { [name]: text });
  }
});
