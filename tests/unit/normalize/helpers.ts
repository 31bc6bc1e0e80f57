/** Shared test helpers: normalize a YAML snippet with an in-memory host. */
import { parse } from 'yaml';
import type { Diagnostic } from '../../../src/parse/diagnostics.js';
import type { JsonObject } from '../../../src/parse/json.js';
import { normalize, type NormalizeHost } from '../../../src/normalize/index.js';
import type { Project, Service } from '../../../src/normalize/model.js';

export interface FakeFiles {
  /** Env files: path → variables, or a string for a file that fails to parse. */
  readonly envFiles?: Record<string, Record<string, string> | string>;
  /** Other files that exist. */
  readonly files?: readonly string[];
}

export function fakeHost(fs: FakeFiles = {}): NormalizeHost {
  return {
    readEnvFile(path) {
      const entry = fs.envFiles?.[path];
      if (entry === undefined) return { error: `${path}: not found`, missing: true };
      if (typeof entry === 'string') return { error: entry, missing: false };
      return { vars: entry };
    },
    fileExists: (path) => fs.files?.includes(path) === true || fs.envFiles?.[path] !== undefined,
  };
}

export function run(
  yaml: string | JsonObject,
  opts: { env?: Record<string, string>; fs?: FakeFiles; disabledServices?: readonly string[] | Record<string, readonly string[]> } = {},
): { project: Project; diagnostics: Diagnostic[] } {
  const doc = typeof yaml === 'string' ? (parse(yaml) as JsonObject) : yaml;
  return normalize(doc, {
    projectName: 'demo',
    projectDirectory: '/proj',
    configFiles: ['/proj/compose.yaml'],
    environment: opts.env ?? {},
    host: fakeHost(opts.fs),
    ...(opts.disabledServices === undefined ? {} : { disabledServices: opts.disabledServices }),
  });
}

/** Normalizes `services: {web: <body>}` and returns the service and diagnostics. */
export function service(body: string, opts: { env?: Record<string, string>; fs?: FakeFiles } = {}): { svc: Service; diagnostics: Diagnostic[] } {
  const indented = body.replace(/^/gm, '    ');
  const result = run(`services:\n  web:\n${indented}`, opts);
  const svc = result.project.services.web;
  if (svc === undefined) throw new Error('no service');
  return { svc, diagnostics: result.diagnostics };
}

/** Code, path and target (key or value) of every diagnostic. */
export function locations(
  diagnostics: readonly Diagnostic[],
): { code: string; path: readonly (string | number)[] | undefined; target: 'key' | 'value' | undefined }[] {
  return diagnostics.map((d) => ({ code: d.code, path: d.path, target: d.target }));
}

/** Code and path of every diagnostic: what tests assert (not wording). */
export function codes(diagnostics: readonly Diagnostic[]): { code: string; path: readonly (string | number)[] | undefined }[] {
  return diagnostics.map((d) => ({ code: d.code, path: d.path }));
}
