/**
 * `.env` and `env_file` parsing, following the dotenv dialect docker compose reads:
 * `KEY=value`, optional `export ` prefix, `#` comments (inline only after whitespace in unquoted
 * values), single quotes taken literally, double quotes with escapes and multi-line values, and
 * `${VAR}` interpolation in unquoted and double-quoted values from earlier lines or `lookup`.
 */
import { interpolateString, type Variables } from './interpolate.js';

export interface EnvFileResult {
  readonly vars: Record<string, string>;
  readonly errors: readonly { line: number; message: string }[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$$' };

export function parseEnvFile(text: string, lookup: Variables = {}): EnvFileResult {
  const vars: Record<string, string> = {};
  const errors: { line: number; message: string }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const body = raw.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    const key = (eq < 0 ? body : body.slice(0, eq)).trim();
    if (!KEY.test(key)) {
      errors.push({ line: lineNo, message: `invalid variable name "${key}"` });
      continue;
    }
    if (eq < 0) {
      // A bare name takes its value from the environment, or is skipped when unset there.
      const inherited = lookup[key];
      if (inherited !== undefined) vars[key] = inherited;
      continue;
    }
    let value = body.slice(eq + 1).trimStart();
    const quote = value[0];
    if (quote === '"' || quote === "'") {
      // Quoted values may span lines until the closing quote.
      let joined = value.slice(1);
      let end = closingQuote(joined, quote);
      while (end < 0 && i + 1 < lines.length) {
        joined += '\n' + lines[++i]!;
        end = closingQuote(joined, quote);
      }
      if (end < 0) {
        errors.push({ line: lineNo, message: `unterminated ${quote === '"' ? 'double' : 'single'}-quoted value for ${key}` });
        continue;
      }
      const inner = joined.slice(0, end);
      value = quote === "'" ? inner : expand(unescape(inner), vars, lookup);
    } else {
      value = expand(value.replace(/\s+#.*$/, '').trimEnd(), vars, lookup);
    }
    vars[key] = value;
  }
  return { vars, errors };
}

function closingQuote(text: string, quote: string): number {
  for (let i = 0; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, (all, ch: string) => ESCAPES[ch] ?? all);
}

function expand(value: string, own: Record<string, string>, lookup: Variables): string {
  // Most values have nothing to expand: spare them the copy of the whole environment.
  if (!value.includes('$')) return value;
  return interpolateString(value, { ...lookup, ...own }).value;
}
