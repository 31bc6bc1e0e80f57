/**
 * What every e2e test needs: the built CLI run as a user runs it, a scratch project directory,
 * and cleanup of everything a project created, by its compose label, even when a test fails.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'stackc');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(cmd: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The e2e tests run the built CLI, as users do. */
export function requireBuild(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'stackc.cjs'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
}

export function stackc(args: readonly string[], options: { cwd: string; dockerHost: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<Run> {
  requireBuild();
  return run(BIN, args, { cwd: options.cwd, env: { DOCKER_HOST: options.dockerHost, DOCKER_CONTEXT: '', ...options.env }, ...(options.input !== undefined ? { input: options.input } : {}) });
}

/** A fresh directory holding `files`; removed by `removeScratch`. */
export function scratch(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackc-e2e-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Removes a project's containers, networks and volumes by label, whatever state a test left. */
export async function purgeProject(project: string, docker: (args: string[]) => Promise<Run>): Promise<void> {
  const label = `label=com.docker.compose.project=${project}`;
  // The project's containers, and its stackc lock (a container without compose labels) that a
  // test may have made, or a failed or killed run left behind.
  const lock = (await docker(['ps', '-aq', '--filter', `name=^${project}-stackc-lock$`, '--filter', 'label=dev.stackc.lock=true'])).stdout.split('\n');
  const ids = [...(await docker(['ps', '-aq', '--filter', label])).stdout.split('\n'), ...lock].filter(Boolean);
  if (ids.length) await docker(['rm', '-f', '-v', ...ids]);
  const networks = (await docker(['network', 'ls', '-q', '--filter', label])).stdout.split('\n').filter(Boolean);
  if (networks.length) await docker(['network', 'rm', ...networks]);
  const volumes = (await docker(['volume', 'ls', '-q', '--filter', label])).stdout.split('\n').filter(Boolean);
  if (volumes.length) await docker(['volume', 'rm', '-f', ...volumes]);
}

export const BUSYBOX = 'stackc-test/busybox:latest';
