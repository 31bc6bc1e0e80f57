/**
 * `stackc up --rollback-on-failure` on a real dockerd: a change whose health check fails is
 * undone (the old container, same ID, running again; the new one gone; nothing set aside left),
 * a good change commits, Ctrl-C undoes the run too (exit 130); and what a killed run leaves
 * (`-stackc-replaced`) is reconciled by the next `up`, shown by `diff`, listed by `ps -a` and
 * removed by `down`.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { suiteEngine } from './engine.js';
import { BUSYBOX, purgeProject, removeScratch, ROOT, scratch, stackc } from './harness.js';

const { skip, dockerHost, docker } = await suiteEngine();
if (skip) console.warn(`e2e up --rollback-on-failure: skipped: ${skip}`);

/** web is healthy once it has touched /tmp/ready; `broken` never does, so it turns unhealthy. */
const compose = (version: string, options: { broken?: boolean; extra?: boolean } = {}) => `services:
  web:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; ${options.broken ? '' : 'touch /tmp/ready; '}sleep 3600 & wait"]
    environment: {VERSION: ${version}}
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      timeout: 1s
      retries: 2
${options.extra ? `  extra:\n    image: ${BUSYBOX}\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n` : ''}`;

describe.skipIf(Boolean(skip))('stackc up --rollback-on-failure', () => {
  const project = `rollback${process.pid}`;
  const dir = scratch({ 'compose.yaml': compose('one') });
  const web = `${project}-web-1`;
  const leftover = `${web}-stackc-replaced`;
  const cli = (args: string[]) => stackc(['-p', project, ...args], { cwd: dir, dockerHost });
  const use = (text: string) => writeFileSync(path.join(dir, 'compose.yaml'), text);
  const inspect = async (name: string) => JSON.parse((await docker(['inspect', name])).stdout)[0];
  const names = async () =>
    (await docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}'])).stdout.split('\n').filter(Boolean).sort();
  const upWait = (...extra: string[]) => cli(['up', '-d', '--wait', '--wait-timeout', '60', '--progress', 'plain', '--lock-timeout', '30', ...extra]);

  afterAll(async () => {
    await purgeProject(project, docker);
    await docker(['rm', '-f', `${project}-stackc-lock`]);
    removeScratch(dir);
  });

  it('puts the previous container back when the new one turns unhealthy, and commits a good change', async () => {
    use(compose('one'));
    expect((await upWait()).code).toBe(0);
    const before = await inspect(web);

    use(compose('two', { broken: true, extra: true }));
    const failed = await upWait('--rollback-on-failure');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/web is unhealthy/);
    expect(failed.stderr).toContain(`rolled back: ${web} (new container removed, previous container restored)`);
    expect(failed.stdout).toMatch(new RegExp(`Container ${web} +Rolled back`));
    const after = await inspect(web);
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect(after.Config.Env).toContain('VERSION=one');
    // The new service's container was created by the failed up: gone with it.
    expect(await names()).toEqual([web]);

    use(compose('three'));
    const ok = await upWait('--rollback-on-failure');
    expect(ok.code, ok.stderr).toBe(0);
    const committed = await inspect(web);
    expect(committed.Id).not.toBe(before.Id);
    expect(committed.Config.Env).toContain('VERSION=three');
    expect(await names()).toEqual([web]);
  });

  it('Ctrl-C while the new container is waited on undoes the run and exits 130', async () => {
    use(compose('one'));
    expect((await upWait()).code).toBe(0);
    const before = await inspect(web);
    // broken: the new container never becomes healthy, so the run is still waiting when interrupted.
    use(compose('four', { broken: true }));
    const child = spawn(path.join(ROOT, 'bin', 'stackc'), ['-p', project, 'up', '-d', '--wait', '--wait-timeout', '60', '--rollback-on-failure', '--progress', 'plain'], {
      cwd: dir,
      env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_CONTEXT: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Interrupt once the new container has started (the wait for its health is under way).
    while (!/Container \S+-web-1 +Started/.test(out) && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    expect(await exited, out + err).toBe(130);
    expect(err).toContain('Interrupted: undoing this run');
    expect(err).toContain(`rolled back: ${web} (new container removed, previous container restored)`);
    const after = await inspect(web);
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect(await names()).toEqual([web]);
    // The lock was released on the way out, not left for the next run to take over.
    expect((await docker(['ps', '-aq', '--filter', `name=^${project}-stackc-lock$`])).stdout.trim()).toBe('');
    use(compose('one'));
  });

  it('renames back a container left set aside before its replacement was created', async () => {
    use(compose('one'));
    expect((await upWait()).code).toBe(0);
    const id = (await inspect(web)).Id;
    // What a run killed right after setting web aside leaves behind.
    await docker(['stop', '-t', '1', web]);
    await docker(['rename', web, leftover]);

    const ps = await cli(['ps', '-a', '--format', 'json']);
    expect(JSON.parse(ps.stdout).map((c: { name: string }) => c.name)).toEqual([leftover]);
    const diff = await cli(['diff', '--format', 'json', '--exit-code']);
    expect(diff.code).toBe(2);
    const change = JSON.parse(diff.stdout).changes.find((c: { name: string }) => c.name === leftover);
    expect(change).toMatchObject({ action: 'update', reason: expect.stringContaining(`renamed back to ${web}`) });

    const up = await upWait();
    expect(up.code, up.stderr).toBe(0);
    const restored = await inspect(web);
    expect(restored.Id).toBe(id);
    expect(restored.State.Running).toBe(true);
    expect(await names()).toEqual([web]);
  });

  it('reconciles an up --rollback-on-failure killed while its new container was waited on', async () => {
    use(compose('one'));
    expect((await upWait()).code).toBe(0);
    use(compose('two', { broken: true }));
    const child = spawn(path.join(ROOT, 'bin', 'stackc'), ['-p', project, 'up', '-d', '--wait', '--rollback-on-failure', '--progress', 'quiet'], {
      cwd: dir,
      env: { ...process.env, DOCKER_HOST: dockerHost },
      stdio: 'ignore',
    });
    const closed = new Promise((resolve) => child.on('close', resolve));
    // Killed once the old container is set aside and its replacement exists.
    for (let i = 0; i < 200 && (await names()).join() !== [web, leftover].join(); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await closed;
    expect(await names()).toEqual([web, leftover]);

    const diff = await cli(['diff', '--format', 'json']);
    expect(JSON.parse(diff.stdout).changes.find((c: { name: string }) => c.name === leftover)).toMatchObject({ action: 'remove', reason: expect.stringContaining('interrupted') });

    use(compose('one'));
    const up = await upWait();
    expect(up.code, up.stderr).toBe(0);
    expect(await names()).toEqual([web]);
    expect((await inspect(web)).Config.Env).toContain('VERSION=one');
    expect((await cli(['diff', '--format', 'json', '--exit-code'])).code).toBe(0);
  });

  it('down removes a set-aside container with the rest of the project', async () => {
    use(compose('one'));
    expect((await upWait()).code).toBe(0);
    await docker(['stop', '-t', '1', web]);
    await docker(['rename', web, leftover]);
    const down = await cli(['down', '--progress', 'plain']);
    expect(down.code, down.stderr).toBe(0);
    expect(await names()).toEqual([]);
  });
});
