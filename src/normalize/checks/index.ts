/** The semantic checks, run in this order on a normalized project. */
import type { Diagnostic } from '../../parse/diagnostics.js';
import { checkStaticAddresses } from './addresses.js';
import { checkContainerName } from './container-name.js';
import type { Check, CheckContext } from './context.js';
import { checkDependencyCycles } from './cycles.js';
import { checkFiles } from './files.js';
import { checkNetworkMode } from './network-mode.js';
import { checkPlacement } from './placement.js';
import { checkPortConflicts } from './ports.js';
import { checkReferences } from './references.js';

export type { Check, CheckContext } from './context.js';

export const CHECKS: readonly Check[] = [
  checkReferences,
  checkDependencyCycles,
  checkNetworkMode,
  checkStaticAddresses,
  checkPortConflicts,
  checkContainerName,
  checkFiles,
  checkPlacement,
];

export function runChecks(ctx: CheckContext): Diagnostic[] {
  return CHECKS.flatMap((check) => check(ctx));
}
