/** compile → lower for one host: what every single-host command does before it touches the engine. */
import { lowerEngine } from '../targets/engine/index.js';
import type { EngineDesired } from '../targets/engine/desired.js';
import type { ConnectionFlags } from '../deploy/connection.js';
import type { ContainerSummary, EngineApi } from '../deploy/engine-api.js';
import { ApplyError } from '../deploy/engine/apply.js';
import { LABELS } from '../targets/engine/labels.js';
import { connectEngine } from './engine.js';
import { reportFailure } from './failure.js';
import { diagnostic } from '../parse/diagnostics.js';
import { compile, type Compiled } from './compile.js';
import { lowerAndReport, reportDiagnostics } from './lowered.js';
import { projectOptions, type ProjectFlags } from './options.js';

export interface Prepared {
  readonly compiled: Compiled;
  readonly desired: EngineDesired;
}

export function prepareEngineProject(
  flags: ProjectFlags,
  extra: { services?: readonly string[]; scale?: Readonly<Record<string, number>> } = {},
): Prepared | undefined {
  const compiled = compile(projectOptions(flags, extra.services ? { services: extra.services } : {}));
  const desired = lowerAndReport(compiled, (project) => lowerEngine(project, { ...(extra.scale ? { scale: extra.scale } : {}), ...engineLowerOptions(compiled) }));
  return desired && { compiled, desired };
}

/** Where the project's files are, for the compose labels every container carries. */
export function engineLowerOptions(compiled: Compiled): { workingDir: string; configFiles: string[] } {
  return { workingDir: compiled.loaded.projectDirectory, configFiles: [...compiled.loaded.configFiles] };
}

/**
 * What every single-host command that only reads or operates existing containers does: prepare
 * the project, connect, run `fn`; an expected failure is reported in one line with exit 1.
 */
export async function withEngineProject(flags: ProjectFlags & ConnectionFlags, fn: (prepared: Prepared, api: EngineApi) => Promise<number>): Promise<number> {
  const prepared = prepareEngineProject(flags);
  if (!prepared) return 1;
  try {
    return await fn(prepared, await connectEngine(flags));
  } catch (error) {
    return reportFailure(error);
  }
}

/** A container's place in the dependency order (desired.services is ordered): 0 starts first. */
export function dependencyRank(desired: EngineDesired): (c: ContainerSummary) => number {
  const order = desired.services.map((s) => s.name);
  return (c) => order.indexOf(c.labels[LABELS.service] ?? '');
}

/** `--scale web=3` (repeatable) → { web: 3 }; undefined entries are usage errors. */
export function parseScale(values: readonly string[] | undefined): Record<string, number> | string {
  const out: Record<string, number> = {};
  for (const value of values ?? []) {
    const match = /^([^=]+)=(\d+)$/.exec(value);
    if (!match) return `invalid --scale "${value}": expected SERVICE=NUMBER`;
    out[match[1]!] = Number(match[2]);
  }
  return out;
}

/**
 * An engine refusal during apply, shown like a compile diagnostic (E0801) at the compose object
 * it concerns, e.g. the service whose port is already allocated. Other failures pass through.
 */
export function reportApplyError(prepared: { compiled: Compiled }, error: unknown): number | undefined {
  if (!(error instanceof ApplyError)) return undefined;
  reportDiagnostics(prepared.compiled, [diagnostic('E0801', error.message, { path: error.path, target: 'key' })]);
  return 1;
}
