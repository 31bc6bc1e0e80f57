/**
 * Crash recovery and one-host drift on a real engine: a `stackc deploy` killed (SIGKILL) right
 * after its k-th write call leaves a state the next deploy finishes with no manual cleanup, and
 * `rm` leaves no lock behind; containers stopped or removed by hand show up in `diff` and `up`
 * puts them back; two `up`s at once do not interleave and a live holder's lock makes
 * `--lock-timeout` give up; `down` removes a lock a killed `up` left.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { suiteEngine } from './engine.js';
import { BUSYBOX, purgeProject, removeScratch, ROOT, scratch, stackc } from './harness.js';
import { stackLifecycle } from './stack-lifecycle.js';

const { skip, dockerHost, docker } = await suiteEngine();
if (skip) console.warn(`e2e recovery: skipped: ${skip}`);

type DiffJson = { changes: { type: string; name: string; action: string; reason: string | null }[] };
const changed = (stdout: string) => (JSON.parse(stdout) as DiffJson).changes.filter((c) => c.action !== 'unchanged');

describe.skipIf(Boolean(skip))('a deploy killed after its k-th write is finished by the next one', () => {
  const stack = `crash${process.pid}`;
  const services = Array.from({ length: 6 }, (_, i) => `  s${i}:\n    image: ${BUSYBOX}\n    command: ["sleep", "3600"]\n    networks: [back]\n    secrets: [token]\n    deploy: {endpoint_mode: dnsrr}\n`).join('');
  const dir = scratch({ 'compose.yaml': `services:\n${services}networks:\n  back: {}\nsecrets:\n  token:\n    file: ./token.txt\n`, 'token.txt': 'crash-token\n' });
  const cli = (args: string[], host = dockerHost) => stackc(args, { cwd: dir, dockerHost: host });
  const { proxy: apiProxy } = stackLifecycle(dockerHost, stack, dir);

  // Writes in order: the lock config, the secret, the network, then the six services.
  it.each([1, 2, 3, 5, 9])('SIGKILL after write %i, then a clean deploy reaches the desired state', async (k) => {
    const proxy = apiProxy();
    proxy.reset();
    const child = spawn(path.join(ROOT, 'bin', 'stackc'), ['deploy', '--detach', '--progress', 'quiet', '-c', 'compose.yaml', stack], {
      cwd: dir,
      env: { ...process.env, DOCKER_HOST: proxy.dockerHost, DOCKER_CONTEXT: '' },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    // Polled, so a few more writes may be in flight when the signal lands: that is the point.
    while (proxy.writes().length < k && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 2));
    child.kill('SIGKILL');
    await exited;
    expect(proxy.writes().length).toBeGreaterThanOrEqual(k);

    const rerun = await cli(['deploy', '--detach', '--progress', 'plain', '--lock-timeout', '30', '-c', 'compose.yaml', stack]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const after = await cli(['diff', '-c', 'compose.yaml', '--format', 'json', '--exit-code', stack]);
    expect(after.code, after.stdout).toBe(0);
    const names = (await docker(['service', 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}'])).stdout.split('\n').filter(Boolean).sort();
    expect(names).toEqual([0, 1, 2, 3, 4, 5].map((i) => `${stack}_s${i}`));
    // A killed run's lock is taken over by the next run that writes (and released), or, when
    // nothing was left to write, removed by rm with the stack.
    expect((await cli(['rm', stack, '--progress', 'quiet'])).code).toBe(0);
    expect((await docker(['config', 'ls', '--filter', `name=${stack}_stackc-lock`, '-q'])).stdout.trim()).toBe('');
  });
});

describe.skipIf(Boolean(skip))('one-host drift', () => {
  const project = `drift${process.pid}`;
  const service = (name: string, version = 1) => `  ${name}:\n    image: ${BUSYBOX}\n    command: ["sleep", "3600"]\n    init: true\n    environment: {V: "${version}"}\n`;
  const project3 = (version = 1) => `services:\n${service('a', version)}${service('b', version)}${service('c', version)}`;
  const dir = scratch({ 'compose.yaml': project3() });
  const cli = (args: string[]) => stackc(['-p', project, ...args], { cwd: dir, dockerHost });

  afterAll(async () => {
    await purgeProject(project, docker);
    removeScratch(dir);
  });

  it('shows a container stopped and one removed by hand, and up restores both', async () => {
    expect((await cli(['up', '-d', '--progress', 'quiet'])).code).toBe(0);
    const untouched = JSON.parse((await docker(['inspect', `${project}-c-1`])).stdout)[0].Id as string;
    expect((await docker(['stop', '-t', '1', `${project}-a-1`])).code).toBe(0);
    expect((await docker(['rm', '-f', `${project}-b-1`])).code).toBe(0);

    const before = await cli(['diff', '--format', 'json', '--exit-code']);
    expect(before.code).toBe(2);
    expect(changed(before.stdout)).toEqual([
      { type: 'container', name: `${project}-a-1`, action: 'update', reason: 'drift: stopped; it will be started', fields: [] },
      { type: 'container', name: `${project}-b-1`, action: 'create', reason: null, fields: [] },
    ]);

    expect((await cli(['up', '-d', '--progress', 'quiet'])).code).toBe(0);
    const after = await cli(['diff', '--format', 'json', '--exit-code']);
    expect(after.code, after.stdout).toBe(0);
    const states = (await docker(['ps', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}} {{.State}}'])).stdout.split('\n').filter(Boolean).sort();
    expect(states).toEqual([`${project}-a-1 running`, `${project}-b-1 running`, `${project}-c-1 running`]);
    expect(JSON.parse((await docker(['inspect', `${project}-c-1`])).stdout)[0].Id).toBe(untouched);
  });

  it('two ups at once do not interleave; a live holder makes --lock-timeout give up and change nothing', async () => {
    expect((await cli(['up', '-d', '--progress', 'quiet'])).code).toBe(0);
    writeFileSync(path.join(dir, 'compose.yaml'), project3(2));
    const [x, y] = await Promise.all([cli(['up', '-d', '--progress', 'plain']), cli(['up', '-d', '--progress', 'plain'])]);
    expect(x.code, x.stderr).toBe(0);
    expect(y.code, y.stderr).toBe(0);
    // The second waited and found nothing left, or planned after the first: each container is recreated once.
    for (const name of ['a', 'b', 'c']) {
      const recreated = `${x.stdout}${y.stdout}`.split('\n').filter((l) => new RegExp(`^Container ${project}-${name}-1 +Recreated`).test(l));
      expect(recreated, name).toHaveLength(1);
    }
    const lock = `${project}-stackc-lock`;
    expect((await docker(['ps', '-aq', '--filter', `name=^${lock}$`])).stdout.trim()).toBe('');

    // A lock held by a live process (this test's) on this host, for a while yet.
    const held = ['dev.stackc.lock=true', `dev.stackc.lock.host=${hostname()}`, `dev.stackc.lock.pid=${process.pid}`, `dev.stackc.lock.since=${new Date().toISOString()}`, `dev.stackc.lock.expires=${new Date(Date.now() + 600_000).toISOString()}`];
    expect((await docker(['create', '--name', lock, '--network', 'none', ...held.flatMap((l) => ['--label', l]), BUSYBOX, 'stackc-lock'])).code).toBe(0);
    try {
      writeFileSync(path.join(dir, 'compose.yaml'), project3(3));
      const blocked = await cli(['up', '-d', '--progress', 'quiet', '--lock-timeout', '1']);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain(`waiting for the lock held by process ${process.pid} on ${hostname()}`);
      expect(blocked.stderr).toMatch(new RegExp(`lock ${lock} is held by process ${process.pid} on ${hostname()} since \\S+; gave up waiting \\(--lock-timeout\\)`));
      expect(JSON.parse((await docker(['inspect', `${project}-a-1`])).stdout)[0].Config.Env).toContain('V=2');
    } finally {
      await docker(['rm', '-f', lock]);
      writeFileSync(path.join(dir, 'compose.yaml'), project3());
    }
  });

  it('down removes the project together with a lock a killed up left behind', async () => {
    const lock = `${project}-stackc-lock`;
    const stale = ['dev.stackc.lock=true', `dev.stackc.lock.host=${hostname()}`, 'dev.stackc.lock.pid=99999999', 'dev.stackc.lock.since=2026-01-01T00:00:00.000Z', 'dev.stackc.lock.expires=2026-01-01T00:15:00.000Z'];
    expect((await docker(['create', '--name', lock, '--network', 'none', ...stale.flatMap((l) => ['--label', l]), BUSYBOX, 'stackc-lock'])).code).toBe(0);
    expect((await cli(['down', '-t', '1', '--progress', 'quiet'])).code).toBe(0);
    expect((await docker(['ps', '-a', '--filter', `name=^${project}-`, '--format', '{{.Names}}'])).stdout.trim()).toBe('');
  });
});
