import { describe, expect, it } from 'vitest';
import { SourceFiles } from '../../../src/parse/source-files.js';
import { parseYaml } from '../../../src/parse/yaml-source.js';

const at = (text: string) => parseYaml(text, 'f.yaml').diagnostics.map((d) => [d.code, d.span?.line, d.span?.col]);

describe('parseYaml', () => {
  it('decodes anchors, aliases, merge keys and multi-line strings', () => {
    const text = [
      'x-base: &base',
      '  image: busybox',
      '  environment: {A: "1"}',
      'services:',
      '  web:',
      '    <<: *base',
      '    command: |',
      '      echo one',
      '      echo two',
      '    image: nginx',
    ].join('\n');
    const { value, diagnostics } = parseYaml(text, 'f.yaml');
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({
      services: { web: { image: 'nginx', environment: { A: '1' }, command: 'echo one\necho two\n' } },
    });
  });

  it('keeps YAML 1.2 core types (no 1.1 booleans, no timestamps)', () => {
    expect(parseYaml('a: yes\nb: 2024-01-01\nc: 0o17\nd: true\n', 'f').value).toEqual({ a: 'yes', b: '2024-01-01', c: 15, d: true });
  });

  it('reports tab indentation at the tab, with a hint', () => {
    const result = parseYaml('services:\n\tweb:\n\t\timage: x\n', 'f.yaml');
    expect(result.diagnostics[0]).toMatchObject({ code: 'E0103', span: { line: 2, col: 1 } });
    expect(result.diagnostics[0]?.hint).toBeTruthy();
  });

  it('reports duplicate keys at the second one', () => {
    expect(at('services:\n  web:\n    image: a\n    image: b\n')).toEqual([['E0105', 4, 5]]);
  });

  it('reports a full-width colon where it stands', () => {
    expect(at('services：\n  web:\n    image: a\n')[0]).toEqual(['E0104', 1, 9]);
    expect(at('services:\n  web:\n    image： nginx\n')).toEqual([['E0104', 3, 10]]);
  });

  it('reports an unclosed quote', () => {
    expect(at('a: "open\nb: 1\n')[0]?.[0]).toBe('E0101');
  });
});

describe('SourceFiles.span', () => {
  const text = ['services:', '  web:', '    image: nginx', '    ports:', '      - "80:80"', '      - 443'].join('\n');
  const files = new SourceFiles();
  files.add('c.yaml', text);

  it('finds values and keys by path', () => {
    expect(files.span('c.yaml', ['services', 'web', 'image'])).toMatchObject({ line: 3, col: 12 });
    expect(files.span('c.yaml', ['services', 'web', 'image'], 'key')).toMatchObject({ line: 3, col: 5 });
    expect(files.span('c.yaml', ['services', 'web', 'ports', 1])).toMatchObject({ line: 6, col: 9 });
  });

  it('falls back to the deepest existing node', () => {
    expect(files.span('c.yaml', ['services', 'web', 'nope', 'deeper'])).toMatchObject({ line: 3 });
  });

  it('looks through merge keys to the anchored definition', () => {
    const files2 = new SourceFiles();
    files2.add('m.yaml', 'x: &a\n  image: busybox\nservices:\n  web:\n    <<: *a\n');
    expect(files2.span('m.yaml', ['services', 'web', 'image'])).toMatchObject({ line: 2, col: 10 });
  });
});

describe('numbers as compose tools read them', () => {
  it('reads a leading-zero number as octal (file modes), like yaml.v3', () => {
    expect(parseYaml('mode: 0440\nother: 0o17\nplain: 440\nzero: 0\nstr: "0440"\n', 'f').value).toEqual({ mode: 0o440, other: 15, plain: 440, zero: 0, str: '0440' });
  });
});
