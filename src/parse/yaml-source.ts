/**
 * YAML → plain values, with positions only on demand.
 *
 * Valid files take the fast path: js-yaml decodes values about seven times faster than the
 * `yaml` package builds its CST (measured on a 30k-line file: ~35 ms vs ~250 ms), and a valid
 * file needs no positions unless a later stage reports something. Positions come from the
 * `yaml` package, parsed lazily per file (see source-files.ts), which is also the slow path that
 * explains a broken file with every error it finds.
 */
import jsyaml from 'js-yaml';
import { diagnostic, type Diagnostic, type Span } from './diagnostics.js';
import type { JsonValue } from './json.js';
import { yamlCst } from './yaml-cst.js';

// js-yaml exports its built-in types at runtime; its type declarations omit them.
const builtin = (jsyaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float' | 'merge', jsyaml.Type> }).types;

// Tried on every plain scalar: one RegExp object here, not a new one per call in resolve().
const LEGACY_OCTAL = /^[-+]?0[0-7]+$/;

/**
 * `mode: 0440` means octal to every compose tool (Go's yaml.v3 reads YAML 1.1 octals), while the
 * YAML 1.2 core schema would read 440. This type runs before the core int type to agree with them.
 */
// A tag of its own: js-yaml keeps one implicit type per tag, so sharing int's would drop this one.
const legacyOctal = new jsyaml.Type('tag:stackc.dev,2026:legacy-octal', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && LEGACY_OCTAL.test(data),
  construct: (data: string) => parseInt(data, 8),
});

/** YAML 1.2 core schema plus merge keys (`<<`) and legacy octals, as compose files use them. No timestamps. */
const FAST_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtin.null, builtin.bool, legacyOctal, builtin.int, builtin.float, builtin.merge],
});

export interface YamlResult {
  readonly value: JsonValue | undefined;
  readonly diagnostics: Diagnostic[];
}

export function parseYaml(text: string, file: string): YamlResult {
  const punctuation = text.includes('\uFF1A') ? fullWidthColons(text, file) : [];
  try {
    const value = jsyaml.load(text, { schema: FAST_SCHEMA, filename: file }) as JsonValue | undefined;
    // Without a `*` the text has no alias, so the value is a tree no larger than the text: no
    // need to walk it (~8 ms of a 37k-line file).
    const shape = text.includes('*') || text.length > MAX_NODES ? checkShape(value) : undefined;
    if (shape) {
      const span = shape.kind === 'cycle' ? selfAliasSpan(text, file) : undefined;
      return { value: undefined, diagnostics: [...punctuation, diagnostic('E0101', shape.message, { file, hint: shape.hint, ...(span ? { span } : {}) })] };
    }
    return { value, diagnostics: punctuation };
  } catch (error) {
    const explained = explainYamlErrors(text, file, error);
    // A full-width colon derails the parser in confusing ways; the colon is the real cause.
    const rest = punctuation.length ? explained.filter((d) => d.code !== 'E0101') : explained;
    return { value: undefined, diagnostics: [...punctuation, ...rest] };
  }
}

const HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'a tab character is used for indentation; YAML allows only spaces',
  DUPLICATE_KEY: 'each key may appear once per mapping; remove or rename one of them',
  BAD_INDENT: 'check that entries of the same mapping or list are indented alike',
  MISSING_CHAR: 'a quote or bracket is not closed',
};

/** The slow path: collect every error the `yaml` parser sees, each at its own position. */
function explainYamlErrors(text: string, file: string, fastError: unknown): Diagnostic[] {
  const { LineCounter, parseDocument } = yamlCst();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, merge: true, prettyErrors: false });
  const found = doc.errors.map((err) => {
    const code = err.code === 'TAB_AS_INDENT' ? 'E0103' : err.code === 'DUPLICATE_KEY' ? 'E0105' : 'E0101';
    const [start, end] = err.code === 'MISSING_CHAR' ? openingQuote(text, err.pos) : err.pos;
    const hint = HINTS[err.code];
    return diagnostic(code, firstLine(err.message), {
      span: spanOf(lines, file, start, Math.max(end, start + 1)),
      ...(hint ? { hint } : {}),
    });
  });
  if (found.length) return dedupeByLine(found);
  // The two parsers disagree (rare): trust the fast one's mark.
  if (fastError instanceof jsyaml.YAMLException && fastError.mark) {
    const { line, column } = fastError.mark;
    const isTab = /tab/i.test(fastError.reason);
    return [
      diagnostic(isTab ? 'E0103' : 'E0101', fastError.reason, {
        span: { file, line: line + 1, col: column + 1, endLine: line + 1, endCol: column + 2 },
        ...(isTab ? { hint: HINTS.TAB_AS_INDENT } : {}),
      }),
    ];
  }
  return [diagnostic('E0101', String(fastError), { file })];
}

/** One cause often yields several parser errors on the same line; the first explains it. */
function dedupeByLine(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.span?.line}:${d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The parser reports an unclosed quote where it gave up; the user needs the quote that opened it. */
function openingQuote(text: string, pos: readonly [number, number]): [number, number] {
  const lineStart = text.lastIndexOf('\n', pos[0] - 1) + 1;
  const match = /["']/.exec(text.slice(lineStart, pos[0]));
  return match ? [lineStart + match.index, lineStart + match.index + 1] : [pos[0], pos[1]];
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/** Line and column (both from 1) of an offset: yaml's LineCounter, or SourceFiles' own line starts. */
export interface LinePositions {
  linePos(offset: number): { readonly line: number; readonly col: number };
}

export function spanOf(lines: LinePositions, file: string, start: number, end: number): Span {
  const a = lines.linePos(start);
  const b = lines.linePos(end);
  return { file, line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}

/**
 * Full-width colons (U+FF1A) come from CJK input methods and look like ':' but are plain text to
 * YAML, so `services：` silently becomes a string. Report each one used where a key ends.
 */
function fullWidthColons(text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /^(\s*(?:-\s+)?)([^\s#'"][^#'"]*?)\uFF1A/.exec(line);
    if (!match) return;
    const col = (match[1]?.length ?? 0) + (match[2]?.length ?? 0) + 1;
    out.push(
      diagnostic('E0104', `full-width colon after \`${match[2]}\``, {
        span: { file, line: index + 1, col, endLine: index + 1, endCol: col + 1 },
        hint: "'：' (U+FF1A) is not a YAML separator; type an ASCII ':' followed by a space",
      }),
    );
  });
  return out;
}

/** Aliases expanded beyond this many nodes make a document too large to process (an "alias bomb"). */
const MAX_NODES = 1_000_000;

/**
 * Aliases make the decoded value a graph: an alias inside its own anchor is a cycle, and nested
 * aliases can multiply a small file into billions of nodes. Every later stage walks the value as
 * a tree, so both are refused here, before anything walks it.
 */
function checkShape(root: JsonValue | undefined): { kind: 'cycle' | 'too-large'; message: string; hint: string } | undefined {
  let nodes = 0;
  const onPath = new Set<object>();
  const walk = (node: JsonValue | undefined): string | undefined => {
    if (++nodes > MAX_NODES) return 'too-large';
    if (node === null || typeof node !== 'object') return undefined;
    if (onPath.has(node)) return 'cycle';
    onPath.add(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      const problem = walk(child);
      if (problem) return problem;
    }
    onPath.delete(node);
    return undefined;
  };
  const problem = walk(root);
  if (problem === 'cycle') return { kind: problem, message: 'an alias refers to the anchor that contains it', hint: 'an anchored node cannot include an alias of itself' };
  if (problem === 'too-large') return { kind: problem, message: `the document expands to more than ${MAX_NODES} nodes through aliases`, hint: 'reduce nested aliases' };
  return undefined;
}

/** Where an alias sits inside the very node its anchor names. */
function selfAliasSpan(text: string, file: string): Span | undefined {
  const { LineCounter, parseDocument, visit } = yamlCst();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  let range: [number, number] | undefined;
  visit(doc, {
    Alias(_key, node, path) {
      if (!path.some((ancestor) => (ancestor as { anchor?: string }).anchor === node.source)) return undefined;
      range = node.range ? [node.range[0], node.range[1]] : undefined;
      return visit.BREAK;
    },
  });
  return range && spanOf(lines, file, range[0], range[1]);
}
