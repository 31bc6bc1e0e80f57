/**
 * normalize: ComposeDocument → Project IR, plus diagnostics. Short syntax becomes long syntax,
 * units become numbers, defaults are filled in, then semantic checks run on the result.
 * Never throws: a value it cannot read becomes an E05xx diagnostic and is left out.
 */
import type { Diagnostic } from '../parse/diagnostics.js';
import type { ComposeDocument } from '../parse/json.js';
import { runChecks } from './checks/index.js';
import type { Project } from './model.js';
import type { NormalizeOptions } from './options.js';
import { normalizeProject } from './project.js';

export type { NormalizeHost, NormalizeOptions } from './options.js';
export type * from './model.js';

/** The disabled services as name → profiles (empty when only the names are known). */
function disabledServices(value: NormalizeOptions['disabledServices']): ReadonlyMap<string, readonly string[]> {
  if (value === undefined) return new Map();
  if (Array.isArray(value)) return new Map((value as readonly string[]).map((name) => [name, []]));
  return new Map(Object.entries(value as Readonly<Record<string, readonly string[]>>));
}

export function normalize(doc: ComposeDocument, options: NormalizeOptions): { project: Project; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const project = normalizeProject(doc, options, diagnostics);
  diagnostics.push(...runChecks({ project, doc, host: options.host, disabledServices: disabledServices(options.disabledServices) }));
  return { project, diagnostics };
}
