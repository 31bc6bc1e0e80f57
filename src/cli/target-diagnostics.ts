/**
 * `validate --target`: what lowering for a target finds (keys the target ignores, names a swarm
 * refuses, bind sources missing here), positioned like every other diagnostic, without an
 * engine. The same lowering `up` and `deploy` run, so CI sees what they would stop on.
 */
import type { Diagnostic } from '../parse/diagnostics.js';
import { lowerEngine } from '../targets/engine/index.js';
import type { Compiled } from './compile.js';
import { engineLowerOptions } from './engine-project.js';
import { positioned } from './lowered.js';
import { lowerStack } from './swarm.js';

export type Target = 'engine' | 'swarm';

/** The target's diagnostics for a compiled project (none when it did not compile: its errors say why). */
export function targetDiagnostics(compiled: Compiled, target: Target): Diagnostic[] {
  const { project, loaded } = compiled;
  if (!project) return [];
  let found: Diagnostic[];
  if (target === 'engine') {
    found = lowerEngine(project, engineLowerOptions(compiled)).diagnostics;
  } else {
    // A content deploy cannot read (an unset variable) stops it as lowering's errors do.
    found = lowerStack(project, loaded.variables, loaded.name).diagnostics;
  }
  return positioned(compiled, found);
}
