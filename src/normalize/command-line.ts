/**
 * `command:` / `entrypoint:` in string form are split into words the way docker compose does
 * (go-shellwords without variable or backtick expansion): whitespace separates words, single
 * quotes keep everything literally, double quotes group words, and a backslash outside single
 * quotes takes the next character literally. It is not a shell: `$VAR`, `|`, `;` and `&&` are
 * ordinary characters (interpolation already happened in parse).
 */
import type { JsonPath } from '../parse/diagnostics.js';
import type { JsonValue } from '../parse/json.js';
import { asString, report, show, type Sink } from './coerce.js';

const WHITESPACE = /\s/;

/** Splits a command line; returns the reason when quotes are unbalanced. */
export function splitCommandLine(text: string): string[] | string {
  const words: string[] = [];
  let word = '';
  let inWord = false; // distinguishes "" (an empty argument) from no argument
  let quote: "'" | '"' | undefined;
  let escaped = false;
  for (const ch of text) {
    if (escaped) {
      word += ch;
      escaped = false;
      inWord = true;
    } else if (ch === '\\' && quote !== "'") {
      escaped = true;
      inWord = true;
    } else if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (WHITESPACE.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) return `unterminated ${quote === '"' ? 'double' : 'single'} quote`;
  if (escaped) word += '\\'; // a trailing backslash escapes nothing: keep it
  if (inWord) words.push(word);
  return words;
}

/** command/entrypoint/healthcheck test: null when absent, a list stays a list (scalars as strings). */
export function normalizeCommand(value: JsonValue | undefined, path: JsonPath, sink: Sink): string[] | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (typeof value === 'string') {
    const words = splitCommandLine(value);
    if (typeof words !== 'string') return words;
    report(sink, 'E0506', `cannot split command \`${show(value)}\`: ${words}`, path, 'balance the quotes, or write the command as a list');
    return null;
  }
  if (Array.isArray(value)) {
    const out: string[] = [];
    value.forEach((item, i) => {
      const s = asString(item, [...path, i], sink);
      if (s !== undefined) out.push(s);
    });
    return out;
  }
  report(sink, 'E0506', `expected a command string or list, got \`${show(value)}\``, path);
  return null;
}
