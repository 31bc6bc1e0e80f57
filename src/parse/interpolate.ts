/**
 * Variable interpolation in string values, as the compose specification defines it:
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`,
 * `${VAR:+alternative}`, `${VAR+alternative}`, `$$` for a literal `$`; defaults and
 * alternatives are themselves interpolated, so they nest. Keys are not interpolated.
 */
import { diagnostic, type Diagnostic, type JsonPath, type PathSegment } from './diagnostics.js';
import { isObject, type JsonValue } from './json.js';

export type Variables = Readonly<Record<string, string | undefined>>;

export interface InterpolationResult {
  readonly value: string;
  /** Problems found in this string; `path` is left for the caller to fill in. */
  readonly problems: readonly Problem[];
}

export interface Problem {
  readonly kind: 'required' | 'syntax' | 'unset';
  readonly message: string;
  readonly variable?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolateString(input: string, vars: Variables): InterpolationResult {
  if (!input.includes('$')) return { value: input, problems: [] };
  const problems: Problem[] = [];
  const value = expand(input, vars, problems);
  return { value, problems };
}

function expand(input: string, vars: Variables, problems: Problem[]): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const dollar = input.indexOf('$', i);
    if (dollar < 0) return out + input.slice(i);
    out += input.slice(i, dollar);
    const next = input[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(input, dollar + 2);
      if (close < 0) {
        problems.push({ kind: 'syntax', message: `unclosed \`\${\` in "${input}"` });
        return out + input.slice(dollar);
      }
      out += substitute(input.slice(dollar + 2, close), vars, problems);
      i = close + 1;
    } else {
      const name = NAME.exec(input.slice(dollar + 1))?.[0];
      if (name) {
        out += lookup(name, vars, problems);
        i = dollar + 1 + name.length;
      } else {
        // A lone `$` (e.g. at the end, or before a space) is kept, as compose does.
        out += '$';
        i = dollar + 1;
      }
    }
  }
  return out;
}

/** Index of the `}` closing a `${` whose body starts at `from`, honouring nested `${…}`. */
function matchingBrace(input: string, from: number): number {
  let depth = 1;
  for (let i = from; i < input.length; i++) {
    const ch = input[i];
    if (ch === '$' && input[i + 1] === '$') i++;
    else if (ch === '$' && input[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}

const OPERATORS = [':-', ':?', ':+', '-', '?', '+'] as const;

function substitute(body: string, vars: Variables, problems: Problem[]): string {
  const name = NAME.exec(body)?.[0];
  if (!name) {
    problems.push({ kind: 'syntax', message: `invalid variable name in "\${${body}}"` });
    return '';
  }
  const rest = body.slice(name.length);
  if (rest === '') return lookup(name, vars, problems);
  const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
  if (!op) {
    problems.push({ kind: 'syntax', message: `invalid interpolation format "\${${body}}"`, variable: name });
    return '';
  }
  const arg = rest.slice(op.length);
  const value = vars[name];
  // With a colon, an empty value counts as unset; without it, only an absent one does.
  const missing = op.startsWith(':') ? value === undefined || value === '' : value === undefined;
  switch (op) {
    case ':-':
    case '-':
      return missing ? expand(arg, vars, problems) : (value ?? '');
    case ':+':
    case '+':
      return missing ? '' : expand(arg, vars, problems);
    default: {
      if (!missing) return value ?? '';
      const reason = expand(arg, vars, problems);
      problems.push({
        kind: 'required',
        variable: name,
        message: `required variable ${name} is ${value === '' ? 'empty' : 'not set'}${reason ? `: ${reason}` : ''}`,
      });
      return '';
    }
  }
}

function lookup(name: string, vars: Variables, problems: Problem[]): string {
  const value = vars[name];
  if (value === undefined) {
    problems.push({ kind: 'unset', variable: name, message: `variable ${name} is not set; using an empty string` });
    return '';
  }
  return value;
}

/**
 * Interpolates every string value of a document (not keys), returning a new value and the
 * problems as diagnostics at their paths in `file`. `x-` extension fields are interpolated too,
 * as compose does.
 */
export function interpolateDocument(
  value: JsonValue,
  vars: Variables,
  file: string,
): { value: JsonValue; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // Where the walk is. A path is needed only when a string has a problem, so one stack serves
  // the whole walk and is copied then, instead of a new array for every node of the document.
  const path: PathSegment[] = [];
  const walk = (node: JsonValue): JsonValue => {
    if (typeof node === 'string') {
      if (!node.includes('$')) return node;
      const result = interpolateString(node, vars);
      for (const p of result.problems) diagnostics.push(toDiagnostic(p, file, [...path]));
      return result.value;
    }
    if (Array.isArray(node)) {
      return node.map((item, i) => {
        path.push(i);
        const out = walk(item);
        path.pop();
        return out;
      });
    }
    if (isObject(node)) {
      const out: Record<string, JsonValue> = {};
      for (const key of Object.keys(node)) {
        path.push(key);
        out[key] = walk(node[key]!);
        path.pop();
      }
      return out;
    }
    return node;
  };
  return { value: walk(value), diagnostics };
}

function toDiagnostic(problem: Problem, file: string, path: JsonPath): Diagnostic {
  const code = problem.kind === 'required' ? 'E0201' : problem.kind === 'syntax' ? 'E0202' : 'W0203';
  const hint =
    problem.kind === 'unset' ? `set ${problem.variable} in the environment or in .env, or write \${${problem.variable}:-default}` : undefined;
  return diagnostic(code, problem.message, { file, path, ...(hint ? { hint } : {}) });
}
