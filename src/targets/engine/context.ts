/**
 * What every lowering helper may read: the project, the options of this run, the replica count
 * of every service (links and `service:` references need the other services' container names),
 * and the list warnings are collected into.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode, type JsonPath } from '../../parse/diagnostics.js';
import type { Project } from '../../normalize/model.js';

export interface EngineLowerOptions {
  /** `--scale SERVICE=N`: wins over `deploy.replicas` and `scale`. */
  readonly scale?: Readonly<Record<string, number>>;
  /** Absolute project working directory (the `project.working_dir` label). */
  readonly workingDir: string;
  /** Absolute compose files (the `project.config_files` label). */
  readonly configFiles: readonly string[];
  /** `--env-file` files (the `project.environment_file` label, set only when given). */
  readonly environmentFiles?: readonly string[];
}

export interface LowerContext {
  readonly project: Project;
  readonly options: EngineLowerOptions;
  readonly replicas: ReadonlyMap<string, number>;
  readonly diagnostics: Diagnostic[];
}

/** W0701: the key is set but a single engine cannot honour it. */
export function unsupported(ctx: LowerContext, path: JsonPath, message: string, hint?: string): void {
  report(ctx, 'W0701', message, path, hint);
}

export function report(ctx: LowerContext, code: DiagnosticCode, message: string, path: JsonPath, hint?: string): void {
  ctx.diagnostics.push(diagnostic(code, message, { path, ...(hint ? { hint } : {}) }));
}

/** A path under `services.<name>`. */
export function servicePath(service: string, ...rest: (string | number)[]): JsonPath {
  return ['services', service, ...rest];
}
