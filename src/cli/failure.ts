/**
 * Expected failures (engine errors, unreachable engines, unmet dependencies) are reported as one
 * clear line and exit 1; anything else is a bug and is left to main's internal-error handler.
 * A plan's errors and warnings are reported here too.
 */
import { ConnectionError } from '../deploy/connection.js';
import { EngineError } from '../deploy/engine-api.js';
import { DependencyError } from '../deploy/engine/conditions.js';
import { LockTimeoutError } from '../deploy/lock.js';

export function isUserFacing(error: unknown): error is Error {
  return error instanceof EngineError || error instanceof ConnectionError || error instanceof DependencyError || error instanceof LockTimeoutError;
}

export function reportFailure(error: unknown): number {
  if (!isUserFacing(error)) throw error;
  process.stderr.write(`stackc: ${error.message}\n`);
  return 1;
}

/** Prints what a plan found on the engine; true when it has errors, and then nothing may be written. */
export function reportPlanProblems(plan: { readonly errors: readonly string[]; readonly warnings: readonly string[] }): boolean {
  for (const error of plan.errors) process.stderr.write(`stackc: ${error}\n`);
  for (const warning of plan.warnings) process.stderr.write(`warning: ${warning}\n`);
  return plan.errors.length > 0;
}
