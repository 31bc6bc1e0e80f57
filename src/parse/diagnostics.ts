/**
 * Diagnostics are data, never exceptions: every stage collects them and the CLI renders them.
 * A diagnostic points into a document by JSON path; the source map turns that path into
 * file:line:col only when it is printed, so positions survive merges, extends and include.
 */

export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

export type Severity = 'error' | 'warning';

/**
 * The closed catalogue of diagnostic codes. Codes are stable (tests and users match on them);
 * the short name after the code is what the text renderer prints beside it.
 * E = error, W = warning. Hundreds group by stage: 00 inputs (files, project name), 01 YAML + schema, 02 interpolation,
 * 03 merge/extends/include, 04 version, 05 value syntax, 06 cross-references and semantics,
 * 07 target support, 08 what the engine refused while applying.
 */
export const CODES = {
  E0001: 'file-not-found',
  E0002: 'file-unreadable',
  E0003: 'no-config-file',
  E0004: 'invalid-project-name',
  E0101: 'yaml-syntax',
  E0102: 'unknown-key',
  E0103: 'tab-indentation',
  E0104: 'full-width-punctuation',
  E0105: 'duplicate-key',
  E0106: 'not-a-mapping',
  E0110: 'wrong-type',
  E0111: 'invalid-value',
  E0112: 'missing-key',
  E0113: 'invalid-format',
  E0114: 'schema-violation',
  E0201: 'required-variable',
  E0202: 'interpolation-syntax',
  W0203: 'unset-variable',
  E0204: 'invalid-env-file',
  E0301: 'extends-cycle',
  E0302: 'extends-unknown-service',
  E0303: 'include-conflict',
  E0304: 'include-cycle',
  W0401: 'obsolete-version',
  E0402: 'feature-newer-than-version',
  E0403: 'invalid-version',
  E0501: 'invalid-port',
  E0502: 'invalid-volume',
  E0503: 'invalid-duration',
  E0504: 'invalid-size',
  E0505: 'invalid-number',
  E0506: 'invalid-entry',
  E0601: 'undefined-service',
  E0602: 'undefined-network',
  E0603: 'undefined-volume',
  E0604: 'undefined-secret',
  E0605: 'undefined-config',
  E0606: 'dependency-cycle',
  E0607: 'network-mode-conflict',
  E0608: 'address-outside-subnet',
  E0609: 'port-conflict',
  E0610: 'container-name-with-replicas',
  E0611: 'missing-file',
  E0612: 'invalid-placement-constraint',
  W0701: 'unsupported-by-target',
  E0702: 'invalid-swarm-name',
  W0703: 'missing-bind-source',
  E0801: 'engine-refused',
} as const;

export type DiagnosticCode = keyof typeof CODES;

/** A resolved place in a source file. Lines and columns are 1-based. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  /** An extra line telling the user how to fix it ("did you mean `services`?"). */
  readonly hint?: string;
  /** Path into the document the diagnostic is about, when it is about a node. */
  readonly path?: JsonPath;
  /** Point at the mapping key (unknown or misplaced keys) rather than at its value. */
  readonly target?: 'key' | 'value';
  /** Resolved position; set directly by the YAML stage, otherwise filled from `path`. */
  readonly span?: Span;
  /** File the diagnostic belongs to when it has no span (e.g. a file that cannot be read). */
  readonly file?: string;
}

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  extra: Omit<Diagnostic, 'code' | 'message' | 'severity'> = {},
): Diagnostic {
  return { severity: code.startsWith('W') ? 'warning' : 'error', code, message, ...extra };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function formatPath(path: JsonPath): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

/** Orders diagnostics by file, then position, then code, so output never depends on discovery order. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => {
    const fa = a.span?.file ?? a.file ?? '';
    const fb = b.span?.file ?? b.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.span?.line ?? 0;
    const lb = b.span?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.span?.col ?? 0;
    const cb = b.span?.col ?? 0;
    if (ca !== cb) return ca - cb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
