/**
 * `stackc diff` and safe apply on a real swarm and a real host: an unchanged stack shows no
 * changes and costs no writes; each kind of hand-made drift is detected, attributed to its
 * field, and corrected by the next deploy/up; secret values never appear in any output; two
 * concurrent deploys do not interleave; a failing deploy rolls back; a deploy killed midway is
 * finished by the next run.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteEngine } from './engine.js';
import { BUSYBOX, purgeProject, removeScratch, ROOT, scratch, stackc, type Run } from './harness.js';
import { stackLifecycle } from './stack-lifecycle.js';

const { skip, dockerHost, docker } = await suiteEngine();
if (skip) console.warn(`e2e diff: skipped: ${skip}`);

const SECRET_VALUE = 'hunter2-do-not-print';
const DRIFT_IMAGE = BUSYBOX.replace(':latest', ':drift');
const serve = (cmd: string) => `["sh", "-c", "trap 'exit 0' TERM; ${cmd} & wait"]`;

const STACK = `services:
  api:
    image: ${BUSYBOX}
    command: ${serve('sleep 3600')}
    environment:
      LOG_LEVEL: info
      DB_PASSWORD: ${SECRET_VALUE}
    networks: [back]
    secrets: [token]
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
  cache:
    image: ${BUSYBOX}
    command: ${serve('sleep 3600')}
    networks: [back]
    deploy:
      endpoint_mode: dnsrr
networks:
  back: {}
secrets:
  token:
    file: ./token.txt
`;

type DiffJson = { changes: { type: string; name: string; action: string; reason: string | null; fields: { path: string }[] }[] };

describe.skipIf(Boolean(skip))('stackc diff and safe apply', () => {
  const stack = `diff${process.pid}`;
  const dir = scratch({ 'compose.yaml': STACK, 'token.txt': `${SECRET_VALUE}-token\n` });
  const outputs: string[] = [];

  async function cli(args: string[], host = dockerHost): Promise<Run> {
    const result = await stackc(args, { cwd: dir, dockerHost: host });
    outputs.push(result.stdout, result.stderr);
    return result;
  }
  const deploy = (...extra: string[]) => cli(['deploy', '--wait', '--timeout', '90', '--progress', 'plain', '-c', 'compose.yaml', ...extra, stack]);
  async function diff(host = dockerHost): Promise<{ code: number; json: DiffJson }> {
    const result = await cli(['diff', '-c', 'compose.yaml', '--format', 'json', '--exit-code', stack], host);
    return { code: result.code, json: JSON.parse(result.stdout) as DiffJson };
  }
  const changed = (json: DiffJson) => json.changes.filter((c) => c.action !== 'unchanged');

  const { proxy: apiProxy } = stackLifecycle(dockerHost, stack, dir);
  beforeAll(async () => {
    await docker(['tag', BUSYBOX, DRIFT_IMAGE]);
    expect((await deploy()).code).toBe(0);
  });

  it('shows no changes for an unchanged stack, with read calls only', async () => {
    const proxy = apiProxy();
    proxy.reset();
    const result = await diff(proxy.dockerHost);
    expect(result.code).toBe(0);
    expect(changed(result.json)).toEqual([]);
    expect(proxy.writes()).toEqual([]);
    const text = await cli(['diff', '-c', 'compose.yaml', stack]);
    expect(text.stdout).toContain('no changes');
  });

  it.each([
    ['an added environment variable', ['service', 'update', '-d', '--env-add', 'EXTRA=1'], 'TaskTemplate.ContainerSpec.Env'],
    ['a changed image', ['service', 'update', '-d', '--image', DRIFT_IMAGE], 'TaskTemplate.ContainerSpec.Image'],
    ['changed arguments', ['service', 'update', '-d', '--args', 'sleep 1234'], 'TaskTemplate.ContainerSpec.Args'],
    ['a changed replica count', ['service', 'update', '-d', '--replicas', '3'], 'Mode.Replicated.Replicas'],
    ['a removed network', ['service', 'update', '-d', '--network-rm', 'STACK_back'], 'TaskTemplate.Networks'],
  ])('detects %s as drift on its field, and deploy corrects it', async (_what, command, field) => {
    expect((await docker([...command.map((arg) => arg.replace('STACK', stack)), `${stack}_api`])).code).toBe(0);
    const before = await diff();
    expect(before.code).toBe(2);
    const api = changed(before.json).find((c) => c.name === `${stack}_api`);
    expect(api?.action).toBe('update');
    expect(api?.reason).toMatch(/drift/);
    expect(api?.fields.map((f) => f.path).some((p) => p.startsWith(field))).toBe(true);
    expect((await deploy()).code).toBe(0);
    expect(changed((await diff()).json)).toEqual([]);
  });

  it('detects a secret detached by hand, and deploy attaches it again', async () => {
    const secret = (await docker(['service', 'inspect', `${stack}_api`, '--format', '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}}{{end}}'])).stdout.trim();
    expect(secret).toMatch(new RegExp(`^${stack}_token_[0-9a-f]{10}$`));
    expect((await docker(['service', 'update', '-d', '--secret-rm', secret, `${stack}_api`])).code).toBe(0);
    const api = changed((await diff()).json).find((c) => c.name === `${stack}_api`);
    expect(api?.action).toBe('update');
    expect(api?.reason).toMatch(/drift/);
    expect(api?.fields.map((f) => f.path).some((p) => p.startsWith('TaskTemplate.ContainerSpec.Secrets'))).toBe(true);
    expect((await deploy()).code).toBe(0);
    expect(changed((await diff()).json)).toEqual([]);
    const attached = (await docker(['service', 'inspect', `${stack}_api`, '--format', '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}}{{end}}'])).stdout.trim();
    expect(attached).toBe(secret);
  });

  it('detects a service removed by hand, and deploy recreates it', async () => {
    expect((await docker(['service', 'rm', `${stack}_cache`])).code).toBe(0);
    const result = await diff();
    expect(changed(result.json)).toContainEqual(expect.objectContaining({ type: 'service', name: `${stack}_cache`, action: 'create' }));
    expect((await deploy()).code).toBe(0);
    expect(changed((await diff()).json)).toEqual([]);
  });

  it('never prints secret values or secret-looking environment values', async () => {
    // A drifted env makes the diff print the Env list, DB_PASSWORD included (masked).
    expect((await docker(['service', 'update', '-d', '--env-add', 'EXTRA=2', `${stack}_api`])).code).toBe(0);
    const text = await cli(['diff', '-c', 'compose.yaml', stack]);
    expect(text.stdout).toContain('DB_PASSWORD=******');
    expect(outputs.join('\n')).not.toContain(SECRET_VALUE);
    const shown = await stackc(['diff', '-c', 'compose.yaml', '--show-sensitive', stack], { cwd: dir, dockerHost });
    expect(shown.stdout).toContain(`DB_PASSWORD=${SECRET_VALUE}`);
    expect((await deploy()).code).toBe(0);
  });

  it('serializes two concurrent deploys of the same stack', async () => {
    writeFileSync(path.join(dir, 'compose.yaml'), STACK.replace('LOG_LEVEL: info', 'LOG_LEVEL: debug'));
    const [a, b] = await Promise.all([deploy(), deploy()]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // Either the second waited for the lock and then found nothing left to do, or it planned
    // after the first had already applied: the service is updated exactly once either way.
    const updates = `${a.stdout}${b.stdout}`.split('\n').filter((l) => l.startsWith(`Service ${stack}_api`) && /\bUpdated\b/.test(l));
    expect(updates).toHaveLength(1);
    expect(changed((await diff()).json)).toEqual([]);
  });

  it('rolls a failing update back to the previous spec', async () => {
    const failing = STACK.replace('LOG_LEVEL: info', 'LOG_LEVEL: broken').replace(
      `    command: ${serve('sleep 3600')}\n    environment:`,
      `    command: ["sh", "-c", "exit 1"]\n    environment:`,
    );
    writeFileSync(path.join(dir, 'compose.yaml'), failing.replace('      endpoint_mode: dnsrr\n  cache', '      endpoint_mode: dnsrr\n      restart_policy: {condition: none}\n  cache'));
    const result = await deploy('--rollback-on-failure');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Rolled back');
    const env = (await docker(['service', 'inspect', `${stack}_api`, '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}'])).stdout;
    expect(env).toContain('LOG_LEVEL=debug');
    writeFileSync(path.join(dir, 'compose.yaml'), STACK);
  });
});

describe.skipIf(Boolean(skip))('a killed up is finished by the next run', () => {
  const project = `kill${process.pid}`;
  const services = Array.from({ length: 6 }, (_, i) => `  s${i}:\n    image: ${BUSYBOX}\n    command: ["sleep", "3600"]\n    init: true\n${i ? `    depends_on: [s${i - 1}]\n` : ''}`).join('');
  const dir = scratch({ 'compose.yaml': `services:\n${services}volumes:\n  data: {}\n` });

  afterAll(async () => {
    await purgeProject(project, docker);
    await docker(['rm', '-f', `${project}-stackc-lock`]);
    removeScratch(dir);
  });

  it.each([150, 400, 800, 1500])('SIGKILL after %i ms, then a clean re-run reaches the desired state', async (delay) => {
    await purgeProject(project, docker);
    const child = spawn(path.join(ROOT, 'bin', 'stackc'), ['-p', project, 'up', '-d', '--progress', 'quiet'], { cwd: dir, env: { ...process.env, DOCKER_HOST: dockerHost }, stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, delay));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const rerun = await stackc(['-p', project, 'up', '-d', '--progress', 'quiet', '--lock-timeout', '30'], { cwd: dir, dockerHost });
    expect(rerun.code, rerun.stderr).toBe(0);
    const running = (await docker(['ps', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}'])).stdout.split('\n').filter(Boolean).sort();
    expect(running).toEqual([0, 1, 2, 3, 4, 5].map((i) => `${project}-s${i}-1`));
    const again = await stackc(['-p', project, 'diff', '--format', 'json', '--exit-code'], { cwd: dir, dockerHost });
    expect(again.code, again.stdout).toBe(0);
  });
});

describe.skipIf(Boolean(skip))('two first deploys of a new stack at once', () => {
  const stack = `first${process.pid}`;
  const file = (level: string) =>
    `services:\n  api:\n    image: ${BUSYBOX}\n    command: ${serve('sleep 3600')}\n    environment:\n      LOG_LEVEL: ${level}\n    deploy:\n      endpoint_mode: dnsrr\n  cache:\n    image: ${BUSYBOX}\n    command: ${serve('sleep 3600')}\n    deploy:\n      endpoint_mode: dnsrr\n`;
  const one = scratch({ 'compose.yaml': file('one'), 'lock.txt': 'held by the test\n' });
  const two = scratch({ 'compose.yaml': file('two') });
  stackLifecycle(dockerHost, stack, one);
  afterAll(() => removeScratch(two));

  /** A deploy whose stderr can be watched while it runs. */
  function startDeploy(cwd: string) {
    const child = spawn(path.join(ROOT, 'bin', 'stackc'), ['deploy', '--detach', '--progress', 'plain', '-c', 'compose.yaml', stack], { cwd, env: { ...process.env, DOCKER_HOST: dockerHost } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
    const waitingForLock = async () => {
      for (let i = 0; i < 300 && !stderr.includes('waiting for the lock'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      return stderr;
    };
    return { done, waitingForLock };
  }

  it('both succeed: the one that gets the lock second runs into what the first created, plans again and updates it to its file', async () => {
    // Both observe the stack absent while the test holds its lock, so the second to get the lock
    // holds a plan made before the first created anything.
    const held = ['dev.stackc.lock=true', `dev.stackc.lock.host=${hostname()}`, `dev.stackc.lock.pid=${process.pid}`, `dev.stackc.lock.since=${new Date().toISOString()}`, `dev.stackc.lock.expires=${new Date(Date.now() + 600_000).toISOString()}`];
    expect((await docker(['config', 'create', ...held.flatMap((l) => ['--label', l]), `${stack}_stackc-lock`, path.join(one, 'lock.txt')])).code).toBe(0);
    const [x, y] = [startDeploy(one), startDeploy(two)];
    expect(await x.waitingForLock()).toContain('waiting for the lock');
    expect(await y.waitingForLock()).toContain('waiting for the lock');
    expect((await docker(['config', 'rm', `${stack}_stackc-lock`])).code).toBe(0);
    const [a, b] = await Promise.all([x.done, y.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);

    const lines = (r: Run, pattern: RegExp) => r.stdout.split('\n').filter((l) => pattern.test(l));
    const [first, second, secondDir] = lines(a, /^Service \S+_api +Created/).length ? [a, b, two] : [b, a, one];
    expect(lines(first, /^Service \S+ +Created/)).toHaveLength(2);
    expect(lines(second, /^Service \S+_api +Updated/)).toHaveLength(1);
    expect(lines(second, /^Service \S+_cache +(Created|Updated)/)).toEqual([]);
    const env = (await docker(['service', 'inspect', `${stack}_api`, '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}'])).stdout;
    expect(env).toContain(`LOG_LEVEL=${secondDir === two ? 'two' : 'one'}`);
    const after = await stackc(['diff', '-c', 'compose.yaml', '--exit-code', stack], { cwd: secondDir, dockerHost });
    expect(after.code, after.stdout).toBe(0);
    expect((await docker(['config', 'ls', '--filter', `name=${stack}_stackc-lock`, '-q'])).stdout.trim()).toBe('');
  });
});
