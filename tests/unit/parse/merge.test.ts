import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonObject } from '../../../src/parse/json.js';
import { mergeDocuments } from '../../../src/parse/merge.js';
import { locate, originsOf } from '../../../src/parse/origins.js';

/** Merge `over` onto `base` (both YAML), returning the result and a path → file lookup. */
function merge(base: string, over: string) {
  const result = mergeDocuments(
    { value: parse(base) as JsonObject, origins: originsOf('base.yaml'), at: [] },
    { value: parse(over) as JsonObject, origins: originsOf('over.yaml'), at: [] },
  );
  return { value: result.value, from: (...path: (string | number)[]) => locate(result.origins, path) };
}

const svc = (yaml: string) => `services:\n  web:\n${yaml.replace(/^/gm, '    ')}`;

describe('mergeDocuments', () => {
  it.each([
    ['scalars: later wins', 'image: a\nuser: me', 'image: b', { image: 'b', user: 'me' }],
    ['command is replaced', 'command: [a, b]', 'command: [c]', { command: ['c'] }],
    ['entrypoint is replaced', 'entrypoint: x', 'entrypoint: [y]', { entrypoint: ['y'] }],
    ['healthcheck.test is replaced', 'healthcheck: {test: [CMD, a], retries: 3}', 'healthcheck: {test: [CMD, b]}', { healthcheck: { test: ['CMD', 'b'], retries: 3 } }],
    ['environment list + map merge by name', 'environment: [A=1, B=2]', 'environment: {B: "3", C: "4"}', { environment: { A: '1', B: '3', C: '4' } }],
    ['environment lists merge by name', 'environment: [A=1]', 'environment: [A=2, D]', { environment: { A: '2', D: null } }],
    ['labels merge', 'labels: {a: "1"}', 'labels: [b=2]', { labels: { a: '1', b: '2' } }],
    ['volumes merge by target', 'volumes: [data:/data, /h:/logs]', 'volumes: [other:/data, {type: tmpfs, target: /tmp}]', { volumes: ['other:/data', '/h:/logs', { type: 'tmpfs', target: '/tmp' }] }],
    ['ports append, duplicates once', 'ports: ["80:80"]', 'ports: ["80:80", "443:443"]', { ports: ['80:80', '443:443'] }],
    ['secrets merge by target', 'secrets: [a, {source: b, target: t}]', 'secrets: [{source: c, target: t}]', { secrets: ['a', { source: 'c', target: 't' }] }],
    ['dns appends as a set', 'dns: [1.1.1.1]', 'dns: [1.1.1.1, 8.8.8.8]', { dns: ['1.1.1.1', '8.8.8.8'] }],
    ['networks list + map', 'networks: [front]', 'networks: {back: {aliases: [x]}}', { networks: { front: null, back: { aliases: ['x'] } } }],
    ['depends_on list + map', 'depends_on: [db]', 'depends_on: {cache: {condition: service_healthy}}', { depends_on: { db: null, cache: { condition: 'service_healthy' } } }],
    ['empty override keeps base', 'environment: {A: "1"}', 'environment:', { environment: { A: '1' } }],
    ['deploy merges deeply', 'deploy: {replicas: 2, resources: {limits: {memory: 1g}}}', 'deploy: {resources: {limits: {cpus: "0.5"}}}', { deploy: { replicas: 2, resources: { limits: { memory: '1g', cpus: '0.5' } } } }],
  ])('%s', (_name, base, over, expected) => {
    const { value } = merge(svc(base), svc(over));
    expect((value.services as JsonObject).web).toEqual(expected);
  });

  it('adds services and top-level sections from the override', () => {
    const { value } = merge('services:\n  a: {image: x}\n', 'services:\n  b: {image: y}\nvolumes:\n  data: {}\n');
    expect(value).toEqual({ services: { a: { image: 'x' }, b: { image: 'y' } }, volumes: { data: {} } });
  });

  it('traces every merged node to the file that wrote it', () => {
    const { from } = merge(
      svc('image: a\nenvironment: [A=1, B=2]\nports: ["80:80"]\nvolumes: [d:/data]'),
      svc('user: me\nenvironment: {B: "3"}\nports: ["443:443"]\nvolumes: [e:/data]'),
    );
    expect(from('services', 'web', 'image')).toEqual({ file: 'base.yaml', path: ['services', 'web', 'image'] });
    expect(from('services', 'web', 'user')).toEqual({ file: 'over.yaml', path: ['services', 'web', 'user'] });
    expect(from('services', 'web', 'environment', 'A')).toEqual({ file: 'base.yaml', path: ['services', 'web', 'environment', 0] });
    expect(from('services', 'web', 'environment', 'B')).toEqual({ file: 'over.yaml', path: ['services', 'web', 'environment', 'B'] });
    expect(from('services', 'web', 'ports', 1)).toEqual({ file: 'over.yaml', path: ['services', 'web', 'ports', 0] });
    expect(from('services', 'web', 'ports', 0)).toEqual({ file: 'base.yaml', path: ['services', 'web', 'ports', 0] });
    expect(from('services', 'web', 'volumes', 0)).toEqual({ file: 'over.yaml', path: ['services', 'web', 'volumes', 0] });
  });

  it('does not modify its inputs', () => {
    const base = parse(svc('environment: [A=1]')) as JsonObject;
    const copy = structuredClone(base);
    mergeDocuments({ value: base, origins: originsOf('a'), at: [] }, { value: parse(svc('environment: {B: "2"}')) as JsonObject, origins: originsOf('b'), at: [] });
    expect(base).toEqual(copy);
  });
});
