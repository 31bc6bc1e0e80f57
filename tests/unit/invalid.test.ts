/**
 * Bad inputs: every folder under fixtures/invalid/ holds a compose file (and whatever else the case
 * needs) and expected.json listing exactly the diagnostics it must produce, by code and
 * file:line:col. Wording is not asserted, only that every error says something.
 *
 * expected.json: { description, files?: string[] (default ["compose.yaml"]), env?: {}, stack?,
 *   diagnostics: [{ code, file, line, col, hint? }] } where `file` is relative to the case folder,
 *   line/col are 1-based (null for a diagnostic without a position), and `hint`, when given, is
 *   a substring the diagnostic's hint must contain. With `stack`, a project that compiles is also
 *   lowered for swarm as `stackc deploy STACK` lowers it (host facts read in the case folder, so
 *   a relative bind source that the folder lacks is missing everywhere), and its diagnostics count.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, type Compiled } from '../../src/cli/compile.js';
import { targetDiagnostics } from '../../src/cli/target-diagnostics.js';
import { CODES, sortDiagnostics, type Diagnostic } from '../../src/parse/diagnostics.js';

const INVALID = fileURLToPath(new URL('../../fixtures/invalid/', import.meta.url));

interface ExpectedDiagnostic {
  readonly code: string;
  readonly file: string;
  readonly line: number | null;
  readonly col: number | null;
  readonly hint?: string;
}

interface Expected {
  readonly description: string;
  readonly files?: string[];
  readonly env?: Record<string, string>;
  readonly stack?: string;
  readonly diagnostics: ExpectedDiagnostic[];
}

const cases = existsSync(INVALID)
  ? readdirSync(INVALID, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(path.join(INVALID, e.name, 'expected.json')))
      .map((e) => e.name)
      .sort()
  : [];

function brief(d: Diagnostic, dir: string): ExpectedDiagnostic {
  const file = d.span?.file ?? d.file;
  return {
    code: d.code,
    file: file === undefined ? '' : file === '-' ? '-' : path.relative(dir, file).split(path.sep).join('/'),
    line: d.span?.line ?? null,
    col: d.span?.col ?? null,
  };
}

/** The order compile promises: file, line, col, code (no position first). */
function sorted(list: readonly ExpectedDiagnostic[]): ExpectedDiagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

describe('invalid fixtures', () => {
  it('has at least 45 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  describe.each(cases)('%s', (name) => {
    const dir = path.join(INVALID, name);
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
    let result: { compiled: Compiled; diagnostics: readonly Diagnostic[] } | undefined;
    let thrown: unknown;
    try {
      const compiled = compile({ files: expected.files ?? ['compose.yaml'], cwd: dir, env: expected.env ?? {}, ...(expected.stack ? { stackName: expected.stack } : {}) });
      // What `deploy STACK` reports before it would talk to an engine, as `validate --target swarm` does.
      const lowered = expected.stack === undefined ? [] : targetDiagnostics(compiled, 'swarm');
      result = { compiled, diagnostics: sortDiagnostics([...compiled.diagnostics, ...lowered]) };
    } catch (error) {
      thrown = error;
    }

    it('compiles without throwing', () => {
      expect(thrown, String((thrown as Error | undefined)?.stack ?? thrown)).toBeUndefined();
    });

    it(`reports exactly the expected diagnostics (${expected.description})`, () => {
      if (!result) return expect.fail('compile threw');
      const actual = result.diagnostics.map((d) => brief(d, dir));
      const want = sorted(expected.diagnostics).map(({ hint: _hint, ...rest }) => rest);
      const messages = result.diagnostics.map((d) => `${d.code} ${brief(d, dir).line}:${brief(d, dir).col} ${d.message}`).join('\n');
      expect(actual, `diagnostics were:\n${messages}`).toEqual(want);
    });

    it('gives every diagnostic a known code and every error a message', () => {
      if (!result) return expect.fail('compile threw');
      for (const d of result.diagnostics) {
        expect(Object.keys(CODES)).toContain(d.code);
        if (d.severity === 'error') expect(d.message.trim(), `${d.code} has no message`).not.toBe('');
      }
      // Compile errors leave no project (lowering errors, with `stack`, come after a compiled one).
      if (expected.diagnostics.some((d) => d.code.startsWith('E')) && expected.stack === undefined) expect(result.compiled.project).toBeUndefined();
    });

    const withHints = expected.diagnostics.filter((d) => d.hint !== undefined);
    if (withHints.length) {
      it('hints at the fix', () => {
        if (!result) return expect.fail('compile threw');
        for (const want of withHints) {
          const match = result.diagnostics.find((d) => {
            const b = brief(d, dir);
            return b.code === want.code && b.file === want.file && b.line === want.line && b.col === want.col;
          });
          expect(match?.hint ?? '', `hint of ${want.code} at ${want.line}:${want.col}`).toContain(want.hint);
        }
      });
    }
  });
});
