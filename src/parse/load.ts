/**
 * The parse stage's entry point: from CLI options and the environment to one merged,
 * interpolated, validated compose document, its origins, and every diagnostic found on the way.
 */
import path from 'node:path';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { projectDirectory, projectName, selectFiles } from './discover.js';
import { loadVariables } from './environment.js';
import type { Variables } from './interpolate.js';
import type { ComposeDocument } from './json.js';
import { loadFile, type LoadContext, type LoadedFile } from './load-file.js';
import { mergeDocuments } from './merge.js';
import { originsOf, type Origins } from './origins.js';
import { activeProfiles, applyProfiles } from './profiles.js';
import { SourceFiles } from './source-files.js';

export interface ProjectOptions {
  readonly files?: readonly string[];
  readonly projectName?: string;
  /** The STACK given to deploy or diff: names the project as written (see projectName). */
  readonly stackName?: string;
  readonly projectDirectory?: string;
  readonly envFiles?: readonly string[];
  readonly profiles?: readonly string[];
  /** Services named on the command line are enabled whatever their profiles. */
  readonly services?: readonly string[];
  readonly cwd?: string;
  readonly env?: Variables;
  readonly stdin?: string;
}

export interface LoadedProject {
  /** Undefined when errors made the files unusable; diagnostics say why. */
  readonly document: ComposeDocument | undefined;
  readonly origins: Origins;
  readonly sources: SourceFiles;
  readonly diagnostics: Diagnostic[];
  readonly name: string;
  readonly projectDirectory: string;
  readonly configFiles: readonly string[];
  /** The process environment over the env files: what `${VAR}` sees. */
  readonly variables: Readonly<Record<string, string>>;
  readonly profiles: readonly string[];
  readonly disabledServices: readonly string[];
}

export function loadProject(options: ProjectOptions = {}): LoadedProject {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const diagnostics: Diagnostic[] = [];
  const sources = new SourceFiles();
  const selection = selectFiles(options.files ?? [], cwd, env);
  const dir = projectDirectory(selection.files, options.projectDirectory, cwd);
  const envFiles = options.envFiles?.map((f) => path.resolve(cwd, f)) ?? [path.join(dir, '.env')];
  const variables = loadVariables(envFiles, env, diagnostics, options.envFiles !== undefined);
  const naming = (declared: unknown) => ({ stack: options.stackName, explicit: options.projectName, env: variables, declared, projectDir: dir });
  const base = {
    origins: originsOf(selection.files[0] ?? cwd),
    sources,
    diagnostics,
    projectDirectory: dir,
    configFiles: selection.files,
    variables,
  };
  if (!selection.files.length) {
    diagnostics.push(
      diagnostic('E0003', `no compose file found in ${selection.searched ?? cwd} or its parents`, {
        hint: 'create compose.yaml or name a file with -f',
      }),
    );
    return { ...base, document: undefined, name: projectName(naming(undefined), diagnostics), profiles: [], disabledServices: [] };
  }
  const ctx: LoadContext = { vars: variables, env, sources, diagnostics, including: [], ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) };
  let merged: LoadedFile | undefined;
  let failed = false;
  for (const file of selection.files) {
    const loaded = loadFile(file, dir, ctx);
    if (!loaded) {
      failed = true;
      continue;
    }
    if (!merged) merged = loaded;
    else {
      const result = mergeDocuments({ value: merged.doc, origins: merged.origins, at: [] }, { value: loaded.doc, origins: loaded.origins, at: [] });
      merged = { file: merged.file, doc: result.value, origins: result.origins };
    }
  }
  const name = projectName(naming(merged?.doc.name), diagnostics);
  const profiles = activeProfiles(options.profiles ?? [], variables.COMPOSE_PROFILES);
  if (failed || !merged) return { ...base, document: undefined, name, profiles, disabledServices: [] };
  const enabled = applyProfiles(merged.doc, profiles, options.services ?? []);
  return { ...base, origins: merged.origins, document: enabled.doc, name, profiles, disabledServices: enabled.disabled };
}
