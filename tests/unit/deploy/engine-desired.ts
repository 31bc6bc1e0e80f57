/** A compose text compiled and lowered for one host, as the planner sees it (project "p"). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compile } from '../../../src/cli/compile.js';
import type { EngineDesired } from '../../../src/targets/engine/desired.js';
import { lowerEngine } from '../../../src/targets/engine/index.js';

const dirs: string[] = [];

export function desiredOf(compose: string, scale: Record<string, number> = {}): EngineDesired {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackc-plan-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'compose.yaml'), compose);
  const { project, diagnostics } = compile({ cwd: dir, env: {}, projectName: 'p' });
  if (!project) throw new Error(JSON.stringify(diagnostics));
  return lowerEngine(project, { scale, workingDir: dir, configFiles: [path.join(dir, 'compose.yaml')] }).desired;
}

/** For afterAll: the scratch directories desiredOf made. */
export function removeDesiredDirs(): void {
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
}
