/**
 * parse → normalize, with every diagnostic resolved to a position and sorted. This is what
 * `validate` and `config` run, and what `up`/`deploy` run before they touch an engine.
 */
import { readFileSync, statSync } from 'node:fs';
import { normalize } from '../normalize/index.js';
import type { Project } from '../normalize/model.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../parse/diagnostics.js';
import { parseEnvFile } from '../parse/env-file.js';
import { loadProject, type LoadedProject, type ProjectOptions } from '../parse/load.js';
import { resolveSpans } from '../parse/source-map.js';

export interface Compiled {
  readonly loaded: LoadedProject;
  /** Undefined when there are errors. */
  readonly project: Project | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export function compile(options: ProjectOptions): Compiled {
  const loaded = loadProject(options);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  let project: Project | undefined;
  if (loaded.document) {
    const result = normalize(loaded.document, {
      projectName: loaded.name,
      projectDirectory: loaded.projectDirectory,
      configFiles: loaded.configFiles,
      environment: loaded.variables,
      disabledServices: loaded.disabledServices,
      host: fileHost(loaded.variables),
    });
    diagnostics.push(...result.diagnostics);
    project = result.project;
  }
  const resolved = dedupe(sortDiagnostics(resolveSpans(diagnostics, loaded.origins, loaded.sources)));
  return { loaded, project: hasErrors(resolved) ? undefined : project, diagnostics: resolved };
}

function fileHost(variables: Readonly<Record<string, string>>) {
  return {
    readEnvFile(path: string) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { error: `cannot read ${path}: ${code ?? String(error)}`, missing: code === 'ENOENT' };
      }
      const parsed = parseEnvFile(text, variables);
      const first = parsed.errors[0];
      return first ? { error: `${path}:${first.line}: ${first.message}`, missing: false } : { vars: parsed.vars };
    },
    fileExists: pathExists,
  };
}

/** Whether something (file, directory, socket ...) exists at the path on this machine. */
export function pathExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A base service extended twice yields the same finding twice, at the same place: say it once. */
function dedupe(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = JSON.stringify([d.code, d.message, d.span ?? d.file ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
