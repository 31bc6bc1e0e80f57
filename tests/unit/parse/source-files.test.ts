/**
 * SourceFiles.span with the top-level keys the file decoded to (so it may parse one top-level
 * entry) against SourceFiles.span without them (the whole document, as before), on every YAML
 * file under fixtures/, on tricky snippets and on texts the yaml package reports errors for, for
 * every path in each (and paths that do not exist), both targets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Document, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { JsonPath, PathSegment } from '../../../src/parse/diagnostics.js';
import { SourceFiles, topLevelEntries } from '../../../src/parse/source-files.js';
import { parseYaml } from '../../../src/parse/yaml-source.js';

/**
 * Every path that exists in the document, named both as the composed value names it (merge keys
 * applied) and as the node tree does (each key's String(value), `<<` included), plus paths that
 * do not exist: a missing key under each map, a number on each map, a string and an index past
 * the end on each sequence, one segment more under each leaf.
 */
function pathsOf(doc: Document): JsonPath[] {
  const out = new Map<string, JsonPath>();
  const add = (path: JsonPath) => out.set(JSON.stringify(path), path);
  const fromValue = (value: unknown, path: PathSegment[], depth: number): void => {
    add(path);
    if (depth > 12) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => fromValue(item, [...path, i], depth + 1));
      add([...path, 'x']);
      add([...path, value.length]);
    } else if (value instanceof Map) {
      for (const [k, v] of value) fromValue(v, [...path, String(k)], depth + 1);
      add([...path, 'no_such_key']);
      add([...path, 0]);
    } else {
      add([...path, 'deeper']);
      add([...path, 0]);
    }
  };
  const fromNode = (node: unknown, path: PathSegment[], depth: number): void => {
    add(path);
    if (depth > 12) return;
    if (isAlias(node)) return fromNode(node.resolve(doc), path, depth + 1);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        fromNode(pair.value, [...path, key], depth + 1);
        if (!isScalar(pair.key)) continue;
        if (typeof pair.key.source === 'string') add([...path, pair.key.source]);
        // The keys a merge brings in, found however broken the merge is.
        if (pair.key.source === '<<') {
          for (const source of isSeq(pair.value) ? pair.value.items : [pair.value]) {
            const merged = isAlias(source) ? source.resolve(doc) : source;
            if (isMap(merged)) for (const item of merged.items) if (isScalar(item.key)) fromNode(item.value, [...path, String(item.key.value)], depth + 1);
          }
        }
      }
      add([...path, 'no_such_key']);
      add([...path, 0]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => fromNode(item, [...path, i], depth + 1));
      add([...path, 'x']);
      add([...path, node.items.length]);
      add([...path, -1]);
    } else {
      add([...path, 'deeper']);
      add([...path, 0]);
    }
  };
  fromNode(doc.contents, [], 0);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: -1, mapAsMap: true });
  } catch {
    value = undefined; // an alias cycle or a merge of a non-map: the node paths still apply
  }
  fromValue(value, [], 0);
  return [...out.values()];
}

/** Asserts both lookups agree on every path, both targets; the number of paths. */
function expectSameSpans(text: string): number {
  const whole = new SourceFiles();
  whole.add('f.yaml', text);
  const sources = new SourceFiles();
  // As the loader adds a file: with the top-level keys it decoded to.
  const decoded = parseYaml(text, 'f.yaml').value;
  sources.add('f.yaml', text, decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded) ? Object.keys(decoded) : []);
  const paths = pathsOf(parseDocument(text, { merge: true, uniqueKeys: false }));
  for (const path of paths) {
    for (const target of ['key', 'value'] as const) {
      expect({ path, target, span: sources.span('f.yaml', path, target) }).toEqual({ path, target, span: whole.span('f.yaml', path, target) });
    }
  }
  return paths.length;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

function composeFile(services: number): string {
  let text = 'version: "3.8"\nservices:\n';
  for (let i = 0; i < services; i++) {
    text += `  s${i}:\n    image: "registry.example.com/app/s${i}:1.${i}"\n    command: ["node", "server.js", "--port", "${8000 + i}"]\n`;
    text += `    environment:\n      NODE_ENV: production\n      PORT: "${8000 + i}"\n`;
    text += `    deploy:\n      replicas: ${(i % 5) + 1}\n      resources:\n        limits:\n          cpus: "0.5"\n          memory: 256M\n`;
  }
  return text;
}

const SNIPPETS: Record<string, string> = {
  'anchors, aliases and merge keys': [
    'x-base: &base',
    '  image: busybox',
    '  environment: &env {A: "1", B: two}',
    'x-more: &more',
    '  restart: always',
    '  image: alpine',
    'services:',
    '  one:',
    '    <<: *base',
    '    image: nginx',
    '  two:',
    '    <<: [*more, *base]',
    '    command: [a, b]',
    '  three:',
    '    <<:',
    '      - *base',
    '      - *more',
    '    environment: *env',
    '  four: *base',
    '  five:',
    '    <<: {inline: true}',
    '    <<: *more',
  ].join('\n'),
  'merge keys that merge nothing': 'a:\n  <<: *nope\n  <<: [1, *nope]\n  <<:\n  k: v\n',
  'an anchor redefined: an alias takes the latest one before it': 'a: &x 1\nb: *x\nc: &x {k: v}\nd: *x\ne: *x\n',
  'alias to a sequence, alias as a key, unresolved alias': 'l: &l [1, 2, {m: 3}]\nr: *l\n*l : k\nu: *missing\ns: [*l, *l]\n',
  'block scalars with every chomping indicator': [
    'keep: |+',
    '  one',
    '',
    '',
    'strip: |-',
    '  two',
    '',
    'clip: |',
    '  three',
    'folded: >',
    '  four',
    '  five',
    '',
    'folded_keep: >+',
    '  six',
    '',
    'folded_strip: >- # comment',
    '  seven',
    'indented: |2',
    '    eight',
    'empty: |',
    'last: >-',
    '  nine',
    '',
    '',
  ].join('\n'),
  'block scalar at the very end without a newline': 'a: |\n  x',
  'flow collections, nested': 'a: {b: [1, 2, {c: d}], e: {f: g}}\nh: [[1, 2], [3, [4, 5]], {i: j}]\nk: [l: m, n, o: ]\np: {q, r: , s: t}\nu: { }\nv: []\n',
  'flow collection over lines with comments': 'a: [\n  1, # one\n  2,\n  # alone\n  {b: c}, # c\n]\nd: {\n  e: f, # f\n  g: h\n  }\n',
  'quoted keys and values': '"a": 1\n\'b\': 2\n"c d": \'e\'\n"esc\\tkey": x\n\'it\'\'s\': y\n"<<": {z: 1}\n"1": one\n1: uno\n',
  'keys the schema reads as other types': '1: a\n0x10: b\n0o7: c\n1.5: d\n1e3: e\n.inf: f\ntrue: g\nnull: h\n~: i\n"": j\nTrue: k\n-1: l\n+2: m\n.5: n\n',
  'tagged keys and values': '!!binary aGVsbG8=: bin\n!!str 1: a\n!!int "2": b\n!custom c: d\n? !!str\n: empty\ne: !!str 5\nf: !reset []\ng: !override {h: i}\n',
  'empty values': 'a:\nb: # comment\nc:\n  # only a comment\nd: &anchored\ne: !tagged\nf: &both !t\ng:\n',
  'empty values with comments, nested': 'a:\n  b: # comment\n  # more\nc:\n  - # item comment\n  - &x # anchored\nd: [&y # c\n  ]\ne: 1\n',
  'collections that end in a comment line': [
    'a:',
    '  b:',
    '    c: 1',
    '    # last in b',
    '  # last in a',
    'd:',
    '  f:',
    '    - g: 1',
    '      # in the item',
    '  e:',
    '    - 1',
    '    # last in e',
    '      # deeper',
    'h: 2',
  ].join('\n'),
  'keys without values and explicit keys': '? a\n? b\n: c\n? [x, y]\n: z\n? {p: q}\n? |\n  block key\n: v\nplain: 1\n',
  'comments everywhere': '# head\n\na: 1 # one\n# between\n\nb:\n  # inside\n  - 1 # item\n  # between items\n  - 2\n\n  - 3\n# tail\n',
  'document start': '---\na: 1\nb: [2]\n',
  'document start with props and comment': '--- &root # c\na: 1\n',
  'multiple documents': 'a: 1\nb: {c: 2}\n---\nd: 3\n---\ne: 4\n',
  'document end marker': 'a: 1\n...\n',
  'nested sequences of mappings': 'services:\n  - name: a\n    ports:\n      - 80\n      - target: 81\n        published: 8081\n  - name: b\n    deep:\n      - - x\n        - y\n      - - z\n  -\n  - - nested\n',
  'sequence at the root': '- a\n- b: c\n- [d]\n',
  'scalar at the root': 'just a string\n',
  'empty document': '',
  'comment only': '# nothing\n',
  'only a document start': '---\n',
  'multi-line plain and quoted scalars': 'a: one\n  two\n  three\nb: "x\n  y"\nc: \'p\n\n  q\'\nd: 1\n',
  'crlf line ends': 'a: 1\r\nb:\r\n  c: |\r\n    x\r\n  d: [1, 2]\r\n',
  'compact nested maps in sequences': 'a:\n- b: 1\n  c: 2\n- d: 3\n',
  'anchor on a map and its first key': '&m a: 1\nb: &n\n  c: 2\nd: *n\ne: *m\n',
  'alias inside its own anchor': 'a: &a\n  b: *a\n',
  'duplicate keys: the first wins': 'a: 1\na: 2\nb: {c: 1, c: 2}\n',
  'trailing spaces and tabs': 'a: 1   \nb:\t2\nc: [1 ,2 ]  \n',
  'fifty services': composeFile(50),
  'top-level entries with comments at column 0 between and after them': '# head\nversion: "3.8"\n# about services\nservices:\n  a:\n    image: x\n# trailing\n\nnetworks:\n  n: {}\n# end\n',
  'top-level keys quoted, numeric and with dots': '"services":\n  a: {image: x}\n\'x-one\': 1\nx.two: 2\n3: three\nname: p\n',
  'a top-level block scalar followed by an entry': 'x-text: |\n  one\n\n  two\n\nservices:\n  a:\n    command: >-\n      long\n      folded\nname: n\n',
  'a multi-line quoted scalar whose line at column 0 looks like an entry': 'x-a: "one\nname: two"\nservices: {}\n',
  'a flow mapping spread over lines at the top level': 'x-f: {a: 1,\n  b: 2}\nservices:\n  s: {image: x}\n',
  'an anchor without an alias': 'x-base: &base\n  image: x\nservices:\n  s:\n    image: y\n',
  'crlf top-level entries': 'version: "3"\r\nservices:\r\n  s:\r\n    image: x\r\n',
  'no newline at the end': 'version: "3"\nservices:\n  s:\n    image: x',
  'an empty top-level key beside the others': '"": empty\nservices:\n  s: {image: x}\n',
};

describe('SourceFiles.span: one top-level entry parsed gives the spans the whole document gives', () => {
  for (const [name, text] of Object.entries(SNIPPETS)) {
    it(name, () => {
      expectSameSpans(text);
    });
  }

  it('every YAML file under fixtures/', () => {
    let files = 0;
    let paths = 0;
    let sliced = 0;
    for (const file of yamlFiles('fixtures')) {
      const text = readFileSync(file, 'utf8');
      if (parseDocument(text, { merge: true, uniqueKeys: false }).errors.length) continue;
      const decoded = parseYaml(text, file).value;
      const keys = decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded) ? Object.keys(decoded) : [];
      if (keys.length && topLevelEntries(text, keys)) sliced++;
      try {
        paths += expectSameSpans(text);
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`);
      }
      files++;
    }
    expect(files).toBeGreaterThan(50);
    expect(paths).toBeGreaterThan(1000);
    // Most compose files take the single-entry path: the comparison above covers it.
    expect(sliced / files).toBeGreaterThan(0.6);
  });
});

describe('texts the yaml package reports errors for', () => {
  const BROKEN: Record<string, string> = {
    'unclosed flow sequence': 'a: [1, 2\nb: 3\n',
    'unclosed flow map with a comment': 'a: {b: 1, # c\n  &x\n',
    'flow sequence closed by the wrong bracket': 'a: [1, 2}\nb: 3\n',
    'key without a colon': 'a: 1\nb\nc: 2\n',
    'bad indentation': 'a:\n    b: 1\n  c: 2\nd: 3\n',
    'tab indentation': 'a:\n\tb: 1\nc: 2\n',
    'unclosed quote': 'a: "x\nb: 2\n',
    'empty key in a flow map after a comment': '{a: 1, # c\n : v, &k : w}\n',
    'sequence item without a dash': 'a:\n  - 1\n  2\nb: 3\n',
    'unclosed flow map with a comment before its first item': 'a: { # c\n  &x\n',
    'unclosed flow map after blank lines and a comment': 'a: {b: 1, # c\n\n\n  &x\n',
    'unclosed flow sequence ending in a comma': 'a: [b, c, # d\n',
    'unclosed flow sequence with empty items': 'a: [b, , , c\n',
    'unclosed nested flow collections': 'a: [b, {c: d\ne: f\n',
  };
  for (const [name, text] of Object.entries(BROKEN)) {
    it(name, () => {
      expect(parseDocument(text).errors.length).toBeGreaterThan(0);
      expectSameSpans(text);
    });
  }
});

describe('topLevelEntries: which files may be parsed one top-level entry at a time', () => {
  const file = 'version: "3.8"\n# c\nservices:\n  a:\n    image: x\nnetworks: {}\n';
  const keys = ['version', 'services', 'networks'];

  it('finds the entry from its line to the next entry, comments included, and where a plain key ends', () => {
    expect(topLevelEntries(file, keys)?.get('version')).toEqual({ start: 0, end: 19, keyEnd: 7 });
    expect(file.slice(0, 19)).toBe('version: "3.8"\n# c\n');
    expect(topLevelEntries(file, keys)?.get('networks')).toEqual({ start: file.indexOf('networks'), end: file.length, keyEnd: file.indexOf('networks') + 8 });
    // A quoted key's span is left to the parser.
    expect(topLevelEntries('"version" : "3"\nservices: {}\n', ['version', 'services'])?.get('version')).toEqual({ start: 0, end: 16 });
  });

  it('spans a plain top-level key, counting lines over the whole file', () => {
    const sources = new SourceFiles();
    sources.add('c.yaml', `# head\n${file}`, keys);
    expect(sources.span('c.yaml', ['networks'], 'key')).toEqual({ file: 'c.yaml', line: 7, col: 1, endLine: 7, endCol: 9 });
    expect(sources.span('c.yaml', ['version'], 'key')).toEqual({ file: 'c.yaml', line: 2, col: 1, endLine: 2, endCol: 8 });
  });

  it.each([
    ['a key the file does not have', file, 'name', keys],
    ['an alias anywhere', `${file}x: *a\n`, 'version', [...keys, 'x']],
    ['a directive', `%YAML 1.2\n---\n${file}`, 'version', keys],
    ['a document marker', `---\n${file}`, 'version', keys],
    ['a root sequence', '- a\n- b\n', 'a', []],
    ['an indented root mapping', '  version: "3"\n  services: {}\n', 'version', ['version', 'services']],
    ['a line at column 0 that starts no entry', 'x: [1,\n2]\nversion: "3"\n', 'version', ['x', 'version']],
    ['lines that pass for entries but are not keys of the document', 'x-a: "one\nname: two"\nservices: {}\n', 'services', ['x-a', 'services']],
    ['the key twice', 'a: 1\na: 2\n', 'a', ['a']],
  ])('parses the whole file for %s', (_what, text, key, documentKeys) => {
    expect(topLevelEntries(text, documentKeys)?.get(key)).toBeUndefined();
  });
});
