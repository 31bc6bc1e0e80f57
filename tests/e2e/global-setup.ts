/**
 * vitest globalSetup for the e2e suite: brings up the Docker engine once, before any test file
 * runs, and stops it at the end if (and only if) this run started it.
 *
 * It does nothing when no e2e test file is selected (`vitest run tests/unit`, a single unit file),
 * so unit runs never install or start anything.
 *
 * Tests get the engine through `inject('stackcEngine')` (`{ dockerHost }` or `{ skip }`), or by
 * calling `ensureEngine()` themselves: this setup exports STACKC_TEST_DOCKER_HOST to the workers,
 * so that call finds the engine at once. With CI=true an unavailable engine fails the run here.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureEngine, runEngineScript, type EngineResult } from './engine.js';

const E2E_DIR = `${path.sep}tests${path.sep}e2e${path.sep}`;

/** Whether this run selected any test file under tests/e2e/, in any project, honouring CLI filters. */
async function e2eSelected(project: TestProject): Promise<boolean> {
  // The CLI's file filters (`vitest run tests/unit`) are kept on the Vitest instance; not part of
  // its typed API, hence the cast. Without filters every file of the projects is selected.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const projects = project.vitest.projects?.length ? project.vitest.projects : [project];
  for (const p of projects) {
    const { testFiles } = await p.globTestFiles(filters);
    if (testFiles.some((f) => path.resolve(f).includes(E2E_DIR))) return true;
  }
  return false;
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.STACKC_E2E === '0' || !(await e2eSelected(project))) return undefined;

  const t0 = Date.now();
  const engine: EngineResult = await ensureEngine(); // throws when CI=true and no engine can be had
  if ('skip' in engine) {
    process.stderr.write(`\n[e2e] SKIPPING the e2e tests: ${engine.skip}\n\n`);
    project.provide('stackcEngine', { skip: engine.skip });
    process.env.STACKC_E2E_SKIP = engine.skip;
    return undefined;
  }

  process.stderr.write(
    `[e2e] Docker engine ${engine.dockerHost} (${engine.started ? `started in ${Date.now() - t0} ms` : 'already running'})\n`,
  );
  project.provide('stackcEngine', { dockerHost: engine.dockerHost });
  // Workers are forked after this and inherit it; ensureEngine() in a test file then reuses it.
  process.env.STACKC_TEST_DOCKER_HOST = engine.dockerHost;

  if (!engine.started) return undefined;
  return async () => {
    const stop = await runEngineScript(['stop'], { timeoutMs: 120_000 });
    if (stop.code !== 0) process.stderr.write(`[e2e] scripts/engine.sh stop exited ${stop.code}\n`);
  };
}
