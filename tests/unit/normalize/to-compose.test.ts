import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toCompose } from '../../../src/normalize/to-compose.js';
import { interpolateDocument } from '../../../src/parse/interpolate.js';
import type { JsonObject } from '../../../src/parse/json.js';
import { run } from './helpers.js';

/** The snippet as parse hands it to normalize: interpolated (`$$` is a literal `$`). */
function loaded(yaml: string | JsonObject): JsonObject {
  const doc = typeof yaml === 'string' ? (parse(yaml) as JsonObject) : yaml;
  const { value, diagnostics } = interpolateDocument(doc, {}, 'compose.yaml');
  expect(diagnostics).toEqual([]);
  return value as JsonObject;
}

/** The `web` service of `stackc config`'s output for a snippet, plus the whole output. */
function config(yaml: string): { web: Record<string, unknown>; doc: Record<string, unknown> } {
  const { project, diagnostics } = run(loaded(yaml));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const doc = toCompose(project) as Record<string, unknown>;
  return { web: (doc.services as Record<string, Record<string, unknown>>).web ?? {}, doc };
}

describe('toCompose', () => {
  it('prints links as compose strings', () => {
    const { web } = config('services:\n  db: {image: x}\n  web: {image: x, links: [db, "db:database", "db:db"]}');
    expect(web.links).toEqual(['db', 'db:database', 'db']);
  });

  it('prints volumes_from as compose strings, with :ro when read-only', () => {
    const { web } = config('services:\n  db: {image: x}\n  web: {image: x, volumes_from: [db, "db:ro", "db:rw", "container:c1", "container:c2:ro"]}');
    expect(web.volumes_from).toEqual(['db', 'db:ro', 'db', 'container:c1', 'container:c2:ro']);
  });

  it('escapes $ as $$ in every string value, not in keys', () => {
    const { web, doc } = config(
      [
        'services:',
        '  web:',
        '    image: x',
        '    environment: {PRICE: "$$9.99", "A$B": "1"}',
        '    command: ["sh", "-c", "echo $${HOME}"]',
        '    labels: {note: "a$$b"}',
        '    x-meta: {cost: "$$5", list: ["$$1"], empty: {}}',
        'x-top: "$$top"',
      ].join('\n'),
    );
    expect(web.environment).toEqual({ PRICE: '$$9.99', A$B: '1' });
    expect(web.command).toEqual(['sh', '-c', 'echo $${HOME}']);
    expect(web.labels).toEqual({ note: 'a$$b' });
    expect(web['x-meta']).toEqual({ cost: '$$5', list: ['$$1'], empty: {} });
    expect(doc['x-top']).toBe('$$top');
  });

  it('keeps null values in environment and build args', () => {
    const { web } = config('services:\n  web:\n    image: x\n    environment: {A: "1", B: null}\n    build: {context: /proj, args: [GIT_SHA, V=3]}');
    expect(web.environment).toEqual({ A: '1', B: null });
    expect((web.build as Record<string, unknown>).args).toEqual({ GIT_SHA: null, V: '3' });
  });

  it('still drops fields that are unset and empty collections', () => {
    const { web } = config('services:\n  web: {image: x, environment: {}, command: null}');
    expect(web).not.toHaveProperty('environment');
    expect(web).not.toHaveProperty('command');
    expect(web).not.toHaveProperty('links');
  });

  it('re-reads to the same project', () => {
    const yaml = [
      'services:',
      '  db: {image: x}',
      '  web:',
      '    image: x',
      '    links: ["db:database"]',
      '    volumes_from: ["db:ro", "container:c1"]',
      '    environment: {PRICE: "$$9.99", B: null}',
      '    build: {context: /proj, args: [GIT_SHA]}',
    ].join('\n');
    const first = run(loaded(yaml)).project;
    const again = run(loaded(toCompose(first))).project;
    expect(toCompose(again)).toEqual(toCompose(first));
    expect(again.services.web?.environment).toEqual({ B: null, PRICE: '$9.99' });
  });
});
