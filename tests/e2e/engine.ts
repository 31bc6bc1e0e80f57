/**
 * The Docker engine the e2e tests run against.
 *
 * `ensureEngine()` finds an engine that answers — `STACKC_TEST_DOCKER_HOST` if set, else the
 * private engine of scripts/engine.sh (socket under `STACKC_ENGINE_DIR`, default
 * /tmp/stackc-engine) — or starts that private engine with `scripts/engine.sh install start images`.
 * When it cannot (not root, no apt-get, the start failed) it returns `{ skip: reason }` so the
 * suite can skip visibly; with `CI=true` it throws instead, since CI must run the e2e tests.
 *
 * `docker(args, dockerHost)` runs the docker CLI against that engine (for arranging state and for
 * checking what stackc did through a second, independent client).
 *
 * Dependency-free on purpose (node:child_process only): the global setup imports it before
 * anything else is loaded.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {} from 'vitest'; // type-only (erased): lets the augmentation below find 'vitest'

declare module 'vitest' {
  /** Set by tests/e2e/global-setup.ts: `inject('stackcEngine')` in a test file. */
  export interface ProvidedContext {
    stackcEngine: { dockerHost: string } | { skip: string };
  }
}

export type EngineResult = { dockerHost: string; started: boolean } | { skip: string };

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DockerOptions {
  /** Written to the command's stdin (e.g. `docker secret create NAME -`). */
  input?: string | Buffer;
  /** Kill the command after this long (default 120 s); the result then has code 124. */
  timeoutMs?: number;
  /** Extra environment. */
  env?: NodeJS.ProcessEnv;
}

/** The image scripts/engine.sh builds without a registry (busybox-static, CMD ["sh"]). */
export const BUSYBOX_IMAGE = 'stackc-test/busybox:latest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ENGINE_SCRIPT = path.join(REPO_ROOT, 'scripts', 'engine.sh');

export function engineDir(): string {
  return path.resolve(process.env.STACKC_ENGINE_DIR || '/tmp/stackc-engine');
}

/** DOCKER_HOST of the private engine started by scripts/engine.sh. */
export function privateDockerHost(): string {
  return `unix://${path.join(engineDir(), 'docker.sock')}`;
}

/** The socket path of a `unix://` DOCKER_HOST (e.g. for startApiProxy), else undefined. */
export function socketPathOf(dockerHost: string): string | undefined {
  return dockerHost.startsWith('unix://') ? dockerHost.slice('unix://'.length) : undefined;
}

function dockerEnv(dockerHost: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, DOCKER_HOST: dockerHost };
  // A docker context (env or the CLI's config) must not redirect the CLI elsewhere; TLS settings
  // belong to whatever engine the caller's DOCKER_HOST was, not necessarily to this one.
  delete env.DOCKER_CONTEXT;
  if (!extra?.DOCKER_TLS_VERIFY) delete env.DOCKER_TLS_VERIFY;
  if (!extra?.DOCKER_CERT_PATH) delete env.DOCKER_CERT_PATH;
  return env;
}

/** What an e2e file needs of the shared engine: why it skips (if it does), its address ('' then), docker against it. */
export interface SuiteEngine {
  readonly skip: string | undefined;
  readonly dockerHost: string;
  docker(args: string[], options?: DockerOptions): Promise<DockerResult>;
}

export async function suiteEngine(): Promise<SuiteEngine> {
  const engine = await ensureEngine();
  if ('skip' in engine) return { skip: engine.skip, dockerHost: '', docker: (args, options) => docker(args, '', options) };
  return { skip: undefined, dockerHost: engine.dockerHost, docker: (args, options) => docker(args, engine.dockerHost, options) };
}

/** Runs `docker ARGS...` against `dockerHost`. Never rejects for a non-zero exit: check `code`. */
export function docker(args: string[], dockerHost: string, options: DockerOptions = {}): Promise<DockerResult> {
  return new Promise((resolve) => {
    const child = spawn('docker', args, {
      env: dockerEnv(dockerHost, options.env),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    if (options.input !== undefined) {
      child.stdin!.on('error', () => {}); // the command may exit before reading all of it
      child.stdin!.end(options.input);
    }
    const finish = (code: number, extraErr = '') => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') + extraErr,
      });
    };
    child.on('error', (e) => finish(127, `${e.message}\n`)); // e.g. no docker CLI on PATH
    child.on('close', (code, signal) => {
      if (timedOut) finish(124, `docker ${args.join(' ')}: timed out after ${options.timeoutMs ?? 120_000} ms\n`);
      else finish(code ?? (signal ? 128 : 1));
    });
  });
}

/** True when an engine answers on `dockerHost` (server part of `docker version`). */
export async function engineAnswers(dockerHost: string): Promise<boolean> {
  const socket = socketPathOf(dockerHost);
  if (socket !== undefined && !existsSync(socket)) return false;
  const r = await docker(['version', '--format', '{{.Server.APIVersion}}'], dockerHost, { timeoutMs: 15_000 });
  return r.code === 0 && r.stdout.trim() !== '';
}

/** Runs scripts/engine.sh with progress on our stderr; resolves with its exit code and stdout. */
export function runEngineScript(
  subcommands: string[],
  { timeoutMs = 15 * 60_000, env }: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    // stdin ignored (apt-get must never wait for input); stderr inherited so a slow first install
    // shows what it is doing. dockerd itself is detached by the script and holds none of these.
    const child = spawn('bash', [ENGINE_SCRIPT, ...subcommands], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    const out: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.on('error', () => {
      clearTimeout(timer);
      resolve({ code: 127, stdout: '' });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

function unavailable(reason: string): { skip: string } {
  if (process.env.CI === 'true') throw new Error(`e2e: no Docker engine (required when CI=true): ${reason}`);
  return { skip: reason };
}

function commandExists(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, name)));
}

let pending: Promise<EngineResult> | undefined;

/**
 * An engine for the e2e tests: reuse one that answers, else start the private one. Memoized per
 * process. `started` tells whether this call started dockerd (the global setup stops only that).
 */
export function ensureEngine(): Promise<EngineResult> {
  pending ??= findOrStartEngine();
  return pending;
}

async function findOrStartEngine(): Promise<EngineResult> {
  const explicit = process.env.STACKC_TEST_DOCKER_HOST;
  const candidates = [...(explicit ? [explicit] : []), privateDockerHost()];
  if (!commandExists('docker')) return unavailable('no docker CLI on PATH');

  for (const host of candidates) {
    if (await engineAnswers(host)) {
      // The test images: a no-op when present, else built there (needs /bin/busybox, busybox-static).
      if (!(await imageExists(host))) {
        const images = await runEngineScript(['images'], { timeoutMs: 5 * 60_000, env: { STACKC_ENGINE_DOCKER_HOST: host } });
        if (images.code !== 0 || !(await imageExists(host))) {
          return unavailable(`the engine at ${host} answers but ${BUSYBOX_IMAGE} could not be built (scripts/engine.sh images)`);
        }
      }
      return { dockerHost: host, started: false };
    }
  }

  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return unavailable(
      `no Docker engine answers on ${candidates.join(' or ')}, and starting a private one needs root ` +
        `(run: sudo bash scripts/engine.sh install start images, then set STACKC_TEST_DOCKER_HOST=${privateDockerHost()} ` +
        `and make the socket readable, or point STACKC_TEST_DOCKER_HOST at an engine of yours)`,
    );
  }
  if (!commandExists('dockerd') && !commandExists('apt-get')) {
    return unavailable('no Docker engine answers, no dockerd installed, and no apt-get to install one');
  }

  const run = await runEngineScript(['install', 'start', 'images']);
  if (run.code !== 0) {
    return unavailable(`scripts/engine.sh install start images failed (exit ${run.code}); see its output above and ${engineDir()}/dockerd.log`);
  }
  const exported = /^export DOCKER_HOST=(\S+)$/m.exec(run.stdout)?.[1];
  const host = exported ?? privateDockerHost();
  if (!(await engineAnswers(host))) return unavailable(`scripts/engine.sh started an engine but ${host} does not answer`);
  return { dockerHost: host, started: true };
}

async function imageExists(dockerHost: string): Promise<boolean> {
  return (await docker(['image', 'inspect', BUSYBOX_IMAGE], dockerHost, { timeoutMs: 15_000 })).code === 0;
}

/** Makes the engine a single-node swarm manager (advertise 127.0.0.1) unless it already is one. */
export async function ensureSwarm(dockerHost: string): Promise<void> {
  const info = await docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'], dockerHost);
  if (info.code !== 0) throw new Error(`docker info failed: ${info.stderr.trim()}`);
  const state = info.stdout.trim();
  if (state === 'active true') return;
  if (!state.startsWith('inactive')) throw new Error(`engine at ${dockerHost} is in swarm state "${state}", not a manager`);
  const init = await docker(['swarm', 'init', '--advertise-addr', '127.0.0.1'], dockerHost);
  // Another worker may have initialized it in between.
  if (init.code !== 0 && !/already part of a swarm/.test(init.stderr)) throw new Error(`docker swarm init failed: ${init.stderr.trim()}`);
}
