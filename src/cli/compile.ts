/**
 * parse → normalize, with every diagnostic resolved to a position and sorted. This is what
 * `validate` and `config` run, and what `up`/`deploy` run before they touch an engine.
 */
import { readFileSync, statSync } from 'node:fs';
import { normalize } from '../normalize/index.js';
import type { Project } from '../normalize/model.js';
import { hasErrors, sortDiagnostics, type Diagnostic, type JsonPath } from '../parse/diagnostics.js';
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
  const cascade = cascadeOf(loaded.diagnostics);
  // extends and include ran after the schema on what it left of the file.
  const diagnostics: Diagnostic[] = loaded.diagnostics.filter((d) => !(/^[EW]03/.test(d.code) && cascade(d)));
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
    diagnostics.push(...result.diagnostics.filter((d) => !cascade(d)));
    project = result.project;
  }
  const resolved = dedupe(sortDiagnostics(resolveSpans(diagnostics, loaded.origins, loaded.sources)));
  return { loaded, project: hasErrors(resolved) ? undefined : project, diagnostics: resolved };
}

/**
 * Whether a later stage's finding is about a node the schema refused, or what holds it or lies
 * in it: the parse stage took such nodes out (load-file.ts), so what is said there follows from
 * that (no image, an extends without its service) and the schema's diagnostic already explains it.
 */
function cascadeOf(parsed: readonly Diagnostic[]): (d: Diagnostic) => boolean {
  const refused = parsed.filter((d) => d.severity === 'error' && d.code.startsWith('E01') && d.path).map((d) => d.path!);
  const related = (a: JsonPath, b: JsonPath) => a.slice(0, Math.min(a.length, b.length)).every((segment, i) => segment === b[i]);
  return (d) => d.path !== undefined && refused.some((path) => related(path, d.path!));
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
