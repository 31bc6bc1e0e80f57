/**
 * One compose file: read → YAML → version check → interpolate → schema → absolute paths →
 * include → extends. What comes out is a document whose origins all point into real files.
 */
import { readFileSync } from 'node:fs';
import { diagnostic, hasErrors, type Diagnostic } from './diagnostics.js';
import { resolveExtends } from './extends.js';
import { resolveIncludes } from './include.js';
import { interpolateDocument, type Variables } from './interpolate.js';
import { isObject, type JsonObject } from './json.js';
import { originsOf, type Origins } from './origins.js';
import { resolveRelativePaths } from './paths.js';
import { validateSchema } from './schema-validate.js';
import type { SourceFiles } from './source-files.js';
import { checkVersion } from './version-check.js';
import { parseYaml } from './yaml-source.js';

export interface LoadContext {
  /** Variables for interpolation: the process environment over the project's env files. */
  readonly vars: Variables;
  /** The process environment alone, which included projects combine with their own .env. */
  readonly env: Variables;
  readonly sources: SourceFiles;
  readonly diagnostics: Diagnostic[];
  /** Files being loaded through `include`, outermost first, to detect cycles. */
  readonly including: readonly string[];
  /** Text for `-` (standard input), read once by the caller. */
  readonly stdin?: string;
}

export interface LoadedFile {
  readonly file: string;
  readonly doc: JsonObject;
  readonly origins: Origins;
}

export const STDIN = '-';

/** Reads, decodes, interpolates and validates one file; undefined when it cannot be used. */
export function decodeFile(file: string, ctx: LoadContext): JsonObject | undefined {
  const text = readText(file, ctx);
  if (text === undefined) return undefined;
  const yaml = parseYaml(text, file);
  // The decoded top-level keys let a position be found in its top-level entry alone (source-files.ts).
  ctx.sources.add(file, text, isObject(yaml.value) ? Object.keys(yaml.value) : []);
  ctx.diagnostics.push(...yaml.diagnostics);
  if (hasErrors(yaml.diagnostics)) return undefined;
  if (yaml.value === undefined || yaml.value === null) return {};
  if (!isObject(yaml.value)) {
    ctx.diagnostics.push(diagnostic('E0106', 'a compose file must be a mapping of top-level keys', { file, path: [] }));
    return undefined;
  }
  const local = (list: Diagnostic[]) => list.map((d) => ({ ...d, file }));
  const versionIssues = local(checkVersion(yaml.value));
  const interpolated = interpolateDocument(yaml.value, ctx.vars, file);
  const schemaIssues = local(validateSchema(interpolated.value));
  ctx.diagnostics.push(...versionIssues, ...interpolated.diagnostics, ...schemaIssues);
  if (hasErrors(interpolated.diagnostics)) return undefined;
  // The rest of the file is still checked (values, references), so that one run reports all it
  // can; compile drops what follows from the parts taken out (see withoutSchemaFailures).
  return hasErrors(schemaIssues) ? withoutSchemaFailures(interpolated.value as JsonObject, schemaIssues) : (interpolated.value as JsonObject);
}

/**
 * The document without the nodes the schema refused: an unknown key goes, a list item becomes
 * null (removing it would shift the positions of the items after it), an entry of a top-level
 * section or a section itself becomes {} (so that references to it do not fail too), any other
 * value goes. A missing key leaves nothing to take out.
 */
function withoutSchemaFailures(doc: JsonObject, failures: readonly Diagnostic[]): JsonObject {
  const copy = structuredClone(doc) as Record<string, unknown>;
  for (const failure of failures) {
    const at = failure.path;
    if (failure.severity !== 'error' || !at?.length || failure.code === 'E0112') continue;
    let parent: unknown = copy;
    for (const segment of at.slice(0, -1)) parent = isObject(parent) || Array.isArray(parent) ? (parent as Record<string | number, unknown>)[segment] : undefined;
    const last = at[at.length - 1]!;
    if (Array.isArray(parent) && typeof last === 'number') parent[last] = null;
    else if (isObject(parent) && Object.hasOwn(parent, last)) {
      if (failure.target !== 'key' && at.length <= 2) (parent as Record<string, unknown>)[last] = {};
      else delete (parent as Record<string, unknown>)[last];
    }
  }
  return copy as JsonObject;
}

/** A whole file with its `include`s and `extends` resolved; relative paths against `baseDir`. */
export function loadFile(file: string, baseDir: string, ctx: LoadContext): LoadedFile | undefined {
  const decoded = decodeFile(file, ctx);
  if (!decoded) return undefined;
  const doc = resolveRelativePaths(decoded, baseDir);
  const origins = originsOf(file);
  const withIncludes = resolveIncludes({ file, doc, origins }, ctx, loadFile);
  return resolveExtends(withIncludes, ctx);
}

function readText(file: string, ctx: LoadContext): string | undefined {
  if (file === STDIN) return ctx.stdin ?? '';
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    ctx.diagnostics.push(
      diagnostic(missing ? 'E0001' : 'E0002', missing ? `file not found: ${file}` : `cannot read ${file}: ${code ?? error}`, {
        file,
      }),
    );
    return undefined;
  }
}
