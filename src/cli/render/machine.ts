/**
 * Machine-readable diagnostics: a stable JSON array, SARIF 2.1.0 for code scanning, and GitHub
 * Actions workflow commands. All positions are 1-based; files are relative to the working dir.
 */
import { CODES, formatPath, type Diagnostic, type DiagnosticCode } from '../../parse/diagnostics.js';
import { displayFile, fileOf } from './location.js';

export interface JsonDiagnostic {
  readonly severity: Diagnostic['severity'];
  readonly code: DiagnosticCode;
  readonly name: string;
  readonly message: string;
  readonly hint: string | null;
  readonly file: string | null;
  readonly line: number | null;
  readonly col: number | null;
  readonly endLine: number | null;
  readonly endCol: number | null;
  readonly path: string | null;
}

export function toJson(list: readonly Diagnostic[], cwd: string): JsonDiagnostic[] {
  return list.map((d) => ({
    severity: d.severity,
    code: d.code,
    name: CODES[d.code],
    message: d.message,
    hint: d.hint ?? null,
    file: displayFile(fileOf(d), cwd) ?? null,
    line: d.span?.line ?? null,
    col: d.span?.col ?? null,
    endLine: d.span?.endLine ?? null,
    endCol: d.span?.endCol ?? null,
    path: d.path ? formatPath(d.path) : null,
  }));
}

export function toSarif(list: readonly Diagnostic[], cwd: string, version: string): object {
  const rules = [...new Set(list.map((d) => d.code))].sort();
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'stackc',
            version,
            rules: rules.map((code) => ({ id: code, name: CODES[code], shortDescription: { text: CODES[code].replace(/-/g, ' ') } })),
          },
        },
        results: list.map((d) => ({
          ruleId: d.code,
          ruleIndex: rules.indexOf(d.code),
          level: d.severity,
          message: { text: d.hint ? `${d.message} (${d.hint})` : d.message },
          locations: locationOf(d, cwd),
        })),
      },
    ],
  };
}

function locationOf(d: Diagnostic, cwd: string): object[] {
  const file = displayFile(fileOf(d), cwd);
  if (!file) return [];
  const region = d.span
    ? { region: { startLine: d.span.line, startColumn: d.span.col, endLine: d.span.endLine, endColumn: d.span.endCol } }
    : {};
  return [{ physicalLocation: { artifactLocation: { uri: file }, ...region } }];
}

/** `::error file=…,line=…,col=…,title=…::message`, escaped as the runner requires. */
export function toGithub(list: readonly Diagnostic[], cwd: string): string {
  return list
    .map((d) => {
      const props = [
        ['file', displayFile(fileOf(d), cwd)],
        ['line', d.span?.line],
        ['col', d.span?.col],
        ['endLine', d.span?.endLine],
        ['endColumn', d.span?.endCol],
        ['title', `${d.code} ${CODES[d.code]}`],
      ]
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
        .join(',');
      const text = d.hint ? `${d.message} (hint: ${d.hint})` : d.message;
      return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(text)}\n`;
    })
    .join('');
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
