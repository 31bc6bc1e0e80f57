/**
 * `include`: another compose application imported as a unit. Each entry is loaded as its own
 * project (its own project directory for relative paths, its own env file for interpolation),
 * and its services, networks, volumes, secrets and configs join the including file. A name
 * defined on both sides is a conflict, as the compose specification requires.
 */
import path from 'node:path';
import { diagnostic, type JsonPath } from './diagnostics.js';
import { loadVariables } from './environment.js';
import { isObject, type JsonObject, type JsonValue } from './json.js';
import type { LoadContext, LoadedFile } from './load-file.js';
import { mergeDocuments } from './merge.js';
import { graft } from './origins.js';

type LoadFile = (file: string, baseDir: string, ctx: LoadContext) => LoadedFile | undefined;

export const RESOURCE_SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;

interface IncludeEntry {
  readonly paths: string[];
  readonly projectDirectory?: string;
  readonly envFiles?: string[];
}

export function resolveIncludes(loaded: LoadedFile, ctx: LoadContext, loadFile: LoadFile): LoadedFile {
  const entries = loaded.doc.include;
  if (!Array.isArray(entries)) return loaded;
  const dir = path.dirname(loaded.file);
  const doc: JsonObject = { ...loaded.doc };
  delete doc.include;
  entries.forEach((raw, index) => {
    const entry = parseEntry(raw, dir);
    const at: JsonPath = ['include', index];
    const cyclic = entry.paths.find((p) => p === loaded.file || ctx.including.includes(p));
    if (cyclic) {
      ctx.diagnostics.push(diagnostic('E0304', `include cycle: ${[...ctx.including, loaded.file, cyclic].map((f) => path.basename(f)).join(' → ')}`, { file: loaded.file, path: at }));
      return;
    }
    const included = loadIncluded(entry, loaded, at, ctx, loadFile);
    if (included) adopt(doc, loaded, included, at, ctx);
  });
  return { ...loaded, doc };
}

function parseEntry(raw: JsonValue, dir: string): IncludeEntry {
  const list = (value: JsonValue | undefined): string[] =>
    value === undefined || value === null ? [] : (Array.isArray(value) ? value : [value]).map((v) => path.resolve(dir, String(v)));
  if (!isObject(raw)) return { paths: list(raw) };
  const envFiles = raw.env_file === undefined ? undefined : list(raw.env_file);
  return {
    paths: list(raw.path),
    ...(typeof raw.project_directory === 'string' ? { projectDirectory: path.resolve(dir, raw.project_directory) } : {}),
    ...(envFiles ? { envFiles } : {}),
  };
}

function loadIncluded(entry: IncludeEntry, parent: LoadedFile, at: JsonPath, ctx: LoadContext, loadFile: LoadFile): LoadedFile | undefined {
  const first = entry.paths[0];
  if (!first) return undefined;
  const projectDir = entry.projectDirectory ?? path.dirname(first);
  const vars = loadVariables(entry.envFiles ?? [path.join(projectDir, '.env')], ctx.env, ctx.diagnostics, entry.envFiles !== undefined, { file: parent.file, path: at });
  const sub: LoadContext = { ...ctx, vars, including: [...ctx.including, parent.file] };
  let result: LoadedFile | undefined;
  for (const file of entry.paths) {
    const before = ctx.diagnostics.length;
    const next = loadFile(file, projectDir, sub);
    pointMissingFileAt(ctx, before, parent.file, at);
    if (!next) return undefined;
    if (!result) {
      result = next;
      continue;
    }
    const merged = mergeDocuments({ value: result.doc, origins: result.origins, at: [] }, { value: next.doc, origins: next.origins, at: [] });
    result = { file: result.file, doc: merged.value, origins: merged.origins };
  }
  return result;
}

/** A missing or unreadable included file is the including file's mistake: point at its `include` entry. */
function pointMissingFileAt(ctx: LoadContext, from: number, file: string, at: JsonPath): void {
  for (let i = from; i < ctx.diagnostics.length; i++) {
    const d = ctx.diagnostics[i]!;
    if ((d.code === 'E0001' || d.code === 'E0002') && !d.path) ctx.diagnostics[i] = { ...d, file, path: at };
  }
}

function adopt(doc: JsonObject, parent: LoadedFile, included: LoadedFile, at: JsonPath, ctx: LoadContext): void {
  for (const section of RESOURCE_SECTIONS) {
    const theirs = included.doc[section];
    if (!isObject(theirs)) continue;
    const ours: JsonObject = isObject(doc[section]) ? { ...(doc[section] as JsonObject) } : {};
    for (const [name, value] of Object.entries(theirs)) {
      if (name in ours) {
        ctx.diagnostics.push(diagnostic('E0303', `${section.replace(/s$/, '')} "${name}" is defined both here and in included ${path.basename(included.file)}`, { file: parent.file, path: [section, name], target: 'key' }));
        continue;
      }
      ours[name] = value;
      graft(parent.origins, [section, name], included.origins, [section, name]);
    }
    doc[section] = ours;
  }
}
