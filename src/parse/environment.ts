/**
 * The variables a project interpolates with: its env files (`--env-file`, or `.env` in the
 * project directory), later files over earlier ones, and the process environment over all.
 */
import { readFileSync } from 'node:fs';
import { diagnostic, type Diagnostic, type JsonPath } from './diagnostics.js';
import { parseEnvFile } from './env-file.js';
import type { Variables } from './interpolate.js';

export interface Reference {
  readonly file: string;
  readonly path: JsonPath;
}

export function loadVariables(
  files: readonly string[],
  processEnv: Variables,
  diagnostics: Diagnostic[],
  required: boolean,
  ref?: Reference,
): Record<string, string> {
  const fromFiles: Record<string, string> = {};
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // The default `.env` is optional; an env file the user named must exist.
      if (required) diagnostics.push(diagnostic('E0001', `env file not found: ${file}`, ref ? { ...ref } : { file }));
      continue;
    }
    const parsed = parseEnvFile(text, { ...processEnv, ...fromFiles });
    for (const error of parsed.errors) {
      diagnostics.push(
        diagnostic('E0204', error.message, { span: { file, line: error.line, col: 1, endLine: error.line, endCol: 2 } }),
      );
    }
    Object.assign(fromFiles, parsed.vars);
  }
  return { ...fromFiles, ...definedOnly(processEnv) };
}

function definedOnly(env: Variables): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
