/**
 * The one-host commands that stream: `logs` (framed stdout/stderr, --tail, -f until Ctrl-C),
 * `exec` (exit code, separate streams, stdin, a TTY of the terminal's size), `up --build` (build context without what
 * .dockerignore excludes, build args), `ps` and `stop/start/restart`, on a real dockerd.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteEngine } from './engine.js';
import { BUSYBOX, purgeProject, removeScratch, ROOT, run, scratch, stackc } from './harness.js';

const { skip, dockerHost, docker } = await suiteEngine();
if (skip) console.warn(`e2e commands: skipped: ${skip}`);

describe.skipIf(Boolean(skip))('stackc logs, exec, up --build, stop/start/restart', () => {
  const project = `e2e-cmds-${process.pid}`;
  const image = `${project}-built:latest`;
  const dir = scratch({
    'compose.yaml': `services:
  talker:
    image: ${BUSYBOX}
    command: ["sh", "-c", "echo out-1; echo err-1 >&2; echo out-2; i=0; while true; do i=$$((i+1)); echo tick-$$i; sleep 0.2; done"]
  built:
    image: ${image}
    build:
      context: ./app
      args: {GREETING: hello-from-args}
    command: ["sleep", "300"]
`,
    'app/Dockerfile': `FROM ${BUSYBOX}\nARG GREETING\nCOPY . /ctx\nRUN echo "$GREETING" > /greeting\n`,
    'app/.dockerignore': 'secret.txt\nlogs/\n!logs/keep.txt\n',
    'app/secret.txt': 'must not reach the engine\n',
    'app/logs/keep.txt': 'kept\n',
    'app/logs/drop.txt': 'dropped\n',
    'app/src/main.txt': 'main\n',
  });
  const cli = (args: string[], input?: string) => stackc(['-p', project, ...args], { cwd: dir, dockerHost, ...(input !== undefined ? { input } : {}) });
  const inspect = async (container: string) => JSON.parse((await docker(['inspect', container])).stdout)[0];

  beforeAll(async () => {
    const up = await cli(['up', '-d', '--build', '--progress', 'plain']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
  }, 240_000);

  afterAll(async () => {
    await purgeProject(project, docker);
    await docker(['image', 'rm', '-f', image]);
    removeScratch(dir);
  });

  it('builds with the build args and a context without what .dockerignore excludes', async () => {
    const files = await cli(['exec', '-T', 'built', 'sh', '-c', 'cat /greeting; cd /ctx && find . -type f | sort']);
    expect(files.code).toBe(0);
    expect(files.stdout.split('\n').filter(Boolean)).toEqual(['hello-from-args', './.dockerignore', './Dockerfile', './logs/keep.txt', './src/main.txt']);
  });

  it('prints the output of both streams, prefixed, and --tail limits it', async () => {
    const logs = await cli(['logs', 'talker']);
    expect(logs.code).toBe(0);
    const lines = logs.stdout.split('\n').filter(Boolean);
    for (const expected of ['out-1', 'err-1', 'out-2']) expect(lines).toContain(`${project}-talker-1 | ${expected}`);
    const tail = await cli(['logs', '--tail', '1', 'talker']);
    expect(tail.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(tail.stdout).toMatch(new RegExp(`^${project}-talker-1 \\| tick-\\d+\\n$`));
  });

  it('follows the output until interrupted, then exits 0', async () => {
    const child = spawn(path.join(ROOT, 'bin', 'stackc'), ['-p', project, 'logs', '-f', '--tail', '0', 'talker'], {
      cwd: dir,
      env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_CONTEXT: '', NO_COLOR: '1' },
    });
    let out = '';
    const enough = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if ((out.match(/tick-/g) ?? []).length >= 3) resolve();
      }),
    );
    await enough;
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    const ticks = out.match(/tick-(\d+)/g)!.map((t) => Number(t.slice(5)));
    // New lines only (--tail 0), in order, one after the other.
    expect(ticks.slice(1).every((n, i) => n === ticks[i]! + 1)).toBe(true);
  });

  /**
   * Runs stackc with `args` and closes its stdout after the first output, as `| head -1` does;
   * its exit code and stderr (killed after 20 s, which fails the caller's expectation).
   */
  async function withReaderGone(args: string[]): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(path.join(ROOT, 'bin', 'stackc'), ['-p', project, ...args], {
      cwd: dir,
      env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_CONTEXT: '', NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exit;
    clearTimeout(timer);
    return { code, stderr };
  }

  it('stops following when its reader goes away (logs -f | head), exits 0, and leaves the containers running', async () => {
    const { code, stderr } = await withReaderGone(['logs', '-f', '--tail', '0', 'talker']);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    const running = await docker(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`, '--filter', 'label=com.docker.compose.service=talker']);
    expect(running.stdout.trim()).not.toBe('');
  });

  it('exec ends with 141, as a shell sees docker exec end, when its reader goes away (exec svc cmd | head)', async () => {
    // A command that prints slowly for 30 s (it runs on in the container, as under docker exec).
    const { code, stderr } = await withReaderGone(['exec', '-T', 'talker', 'sh', '-c', 'for i in $(seq 300); do echo line; sleep 0.1; done']);
    expect(code, stderr).toBe(141);
    expect(stderr).toBe('');
  });

  it('exec passes the exit code, keeps stdout and stderr apart, and feeds stdin', async () => {
    const result = await cli(['exec', '-T', 'talker', 'sh', '-c', 'echo to-out; echo to-err >&2; exit 3']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('to-out\n');
    expect(result.stderr).toBe('to-err\n');
    const piped = await cli(['exec', '-T', 'talker', 'tr', 'a-z', 'A-Z'], 'shout this\n');
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe('SHOUT THIS\n');
    const missing = await cli(['exec', '-T', 'nosuch', 'true']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nosuch/);
  });

  it('exec on a terminal gets a TTY of the terminal\'s size', async () => {
    // script(1) runs the command on a pseudo-terminal of the size stty sets.
    const inner = `stty rows 33 cols 111; ${path.join(ROOT, 'bin', 'stackc')} -p ${project} exec talker sh -c 'sleep 0.3; tty; stty size'`;
    const result = await run('script', ['-qec', inner, '/dev/null'], { cwd: dir, env: { DOCKER_HOST: dockerHost, DOCKER_CONTEXT: '' } });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/\/dev\/pts\/\d+\r?\r?\n33 111/);
  });

  it('ps lists the project; with --target engine it takes service names; with names alone it means stacks', async () => {
    const all = JSON.parse((await cli(['ps', '--format', 'json'])).stdout) as { service: string }[];
    expect(all.map((r) => r.service).sort()).toEqual(['built', 'talker']);
    const one = JSON.parse((await cli(['ps', '--target', 'engine', 'talker', '--format', 'json'])).stdout) as { service: string }[];
    expect(one.map((r) => r.service)).toEqual(['talker']);
    // -q: whole container IDs, as docker compose ps -q prints them.
    const ids = (text: string) => text.split('\n').filter(Boolean).sort();
    const quiet = await cli(['ps', '-q']);
    expect(ids(quiet.stdout)).toEqual(ids((await docker(['ps', '-q', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`])).stdout));
    expect(ids(quiet.stdout)).toHaveLength(2);
    const two = await cli(['ps', 'talker', 'built']);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/ps for a swarm takes one stack name \(got 2\); for the project's containers use --target engine/);
  });

  it('stop, start and restart change the container state', async () => {
    const name = `${project}-talker-1`;
    const before = await inspect(name);
    expect((await cli(['stop', '-t', '1', 'talker'])).code).toBe(0);
    expect((await inspect(name)).State.Status).toBe('exited');
    expect((await cli(['start', 'talker'])).code).toBe(0);
    const started = await inspect(name);
    expect(started.State.Status).toBe('running');
    expect(started.Id).toBe(before.Id);
    expect((await cli(['restart', '-t', '1', 'talker'])).code).toBe(0);
    const restarted = await inspect(name);
    expect(restarted.State.Status).toBe('running');
    expect(Date.parse(restarted.State.StartedAt)).toBeGreaterThan(Date.parse(started.State.StartedAt));
  });
});
