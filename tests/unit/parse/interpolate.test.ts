import { describe, expect, it } from 'vitest';
import { interpolateDocument, interpolateString } from '../../../src/parse/interpolate.js';

const vars = { NAME: 'web', EMPTY: '', PORT: '8080', NESTED: 'inner' };
const run = (s: string, v: Record<string, string> = vars) => interpolateString(s, v);

describe('interpolateString', () => {
  it.each([
    ['$NAME', 'web'],
    ['${NAME}', 'web'],
    ['x-${NAME}-y', 'x-web-y'],
    ['$NAME.example', 'web.example'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${MISSING-fallback}', 'fallback'],
    ['${NAME:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${MISSING+alt}', ''],
    ['${MISSING:-${NESTED}}', 'inner'],
    ['${MISSING:-${ALSO_MISSING:-deep}}', 'deep'],
    ['$$NAME', '$NAME'],
    ['$${NAME}', '${NAME}'],
    ['cost: 5$', 'cost: 5$'],
    ['${PORT}:80', '8080:80'],
    ['no dollars', 'no dollars'],
  ])('%s → %s', (input, expected) => {
    const result = run(input);
    expect(result.value).toBe(expected);
    expect(result.problems.filter((p) => p.kind !== 'unset')).toEqual([]);
  });

  it('warns about an unset variable without a default, naming it', () => {
    const result = run('${MISSING}');
    expect(result.value).toBe('');
    expect(result.problems).toMatchObject([{ kind: 'unset', variable: 'MISSING' }]);
  });

  it('reports a missing required variable with its message', () => {
    expect(run('${MISSING:?set it please}').problems).toMatchObject([{ kind: 'required', variable: 'MISSING' }]);
    expect(run('${MISSING:?set it please}').problems[0]?.message).toContain('set it please');
    expect(run('${EMPTY:?x}').problems).toMatchObject([{ kind: 'required' }]);
    expect(run('${EMPTY?x}').problems).toEqual([]);
    expect(run('${MISSING?x}').problems).toMatchObject([{ kind: 'required' }]);
  });

  it('reports syntax errors', () => {
    expect(run('${NAME').problems).toMatchObject([{ kind: 'syntax' }]);
    expect(run('${}').problems).toMatchObject([{ kind: 'syntax' }]);
    expect(run('${NAME!x}').problems).toMatchObject([{ kind: 'syntax' }]);
    expect(run('${1abc}').problems).toMatchObject([{ kind: 'syntax' }]);
  });
});

describe('interpolateDocument', () => {
  it('interpolates values, not keys, and reports paths', () => {
    const doc = { services: { $NAME: { image: 'app:${TAG}', ports: ['${PORT}:80'] } } };
    const result = interpolateDocument(doc, { PORT: '9000' }, 'compose.yaml');
    expect(result.value).toEqual({ services: { $NAME: { image: 'app:', ports: ['9000:80'] } } });
    expect(result.diagnostics).toMatchObject([
      { code: 'W0203', file: 'compose.yaml', path: ['services', '$NAME', 'image'], severity: 'warning' },
    ]);
  });

  it('leaves numbers, booleans and nulls alone', () => {
    const doc = { a: 1, b: true, c: null, d: [2, '$X'] };
    expect(interpolateDocument(doc, { X: 'y' }, 'f').value).toEqual({ a: 1, b: true, c: null, d: [2, 'y'] });
  });

  it('interpolates a node shared by aliases in each place, with each path', () => {
    const shared = { image: '$IMG' };
    const result = interpolateDocument({ a: shared, b: [shared] }, {}, 'f');
    expect(result.value).toEqual({ a: { image: '' }, b: [{ image: '' }] });
    expect(result.diagnostics.map((d) => d.path)).toEqual([
      ['a', 'image'],
      ['b', 0, 'image'],
    ]);
  });

  it('maps required to E0201 and syntax to E0202', () => {
    const result = interpolateDocument({ a: '${A:?needed}', b: '${B' }, {}, 'f');
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ['E0201', ['a']],
      ['E0202', ['b']],
    ]);
  });
});
