import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/parse/diagnostics.js';
import type { JsonObject } from '../../src/parse/json.js';
import { checkVersion } from '../../src/parse/version-check.js';

const brief = (list: Diagnostic[]) => list.map((d) => ({ code: d.code, path: d.path, target: d.target }));
const obsolete = { code: 'W0401', path: ['version'], target: 'key' };

/** Only the feature diagnostics, as `code path` strings. */
const tooNew = (doc: JsonObject) =>
  checkVersion(doc)
    .filter((d) => d.code === 'E0402')
    .map((d) => (d.path ?? []).join('.'));

describe('checkVersion: the version itself', () => {
  it('says nothing without a version', () => {
    expect(checkVersion({ services: { web: { image: 'x' } } })).toEqual([]);
  });

  it('warns that version is obsolete, at the key', () => {
    const list = checkVersion({ version: '3.8', services: {} });
    expect(brief(list)).toEqual([obsolete]);
    expect(list[0]?.severity).toBe('warning');
  });

  it('accepts every real format, as string or number', () => {
    for (const version of ['1', '2', '2.0', '2.4', '3', '3.0', '3.9', 2, 2.1, 3, 3.8]) {
      expect(brief(checkVersion({ version })), String(version)).toEqual([obsolete]);
    }
  });

  it('rejects versions that never existed, at the value', () => {
    for (const version of ['', 'abc', '4.0', '2.5', '3.10', '3.8.1', 4, 1.5]) {
      expect(brief(checkVersion({ version })), String(version)).toEqual([
        obsolete,
        { code: 'E0403', path: ['version'], target: 'value' },
      ]);
    }
  });

  it('leaves an uninterpolated or non-scalar version to later stages', () => {
    expect(brief(checkVersion({ version: '${COMPOSE_VERSION}', secrets: {} }))).toEqual([obsolete]);
    expect(brief(checkVersion({ version: ['3'] }))).toEqual([obsolete]);
    expect(brief(checkVersion({ version: null }))).toEqual([obsolete]);
  });

  it('checks no features when the version is invalid', () => {
    expect(tooNew({ version: '', secrets: { s: { file: 'f' } } })).toEqual([]);
  });
});

describe('checkVersion: features newer than the declared format', () => {
  it('reports top-level and service secrets before 3.1, at the key', () => {
    const doc = { version: '3', services: { web: { image: 'x', secrets: ['pw'] } }, secrets: { pw: { file: 'pw.txt' } } };
    const list = checkVersion(doc).filter((d) => d.code === 'E0402');
    expect(brief(list)).toEqual([
      { code: 'E0402', path: ['secrets'], target: 'key' },
      { code: 'E0402', path: ['services', 'web', 'secrets'], target: 'key' },
    ]);
    expect(list.every((d) => d.severity === 'error')).toBe(true);
    expect(tooNew({ ...doc, version: '3.1' })).toEqual([]);
  });

  it('reports configs before 3.3', () => {
    const doc = { version: '3.2', services: { web: { configs: ['c'] } }, configs: { c: { file: 'c' } } };
    expect(tooNew(doc)).toEqual(['configs', 'services.web.configs']);
    expect(tooNew({ ...doc, version: '3.3' })).toEqual([]);
  });

  it('reports each long-syntax port and volume before 3.2, at the item', () => {
    const doc = {
      version: '3.1',
      services: { web: { ports: ['80:80', { target: 443 }], volumes: ['a:/a', { type: 'volume', source: 'b', target: '/b' }] } },
    };
    const list = checkVersion(doc).filter((d) => d.code === 'E0402');
    expect(brief(list)).toEqual([
      { code: 'E0402', path: ['services', 'web', 'ports', 1], target: 'value' },
      { code: 'E0402', path: ['services', 'web', 'volumes', 1], target: 'value' },
    ]);
    expect(tooNew({ ...doc, version: '3.2' })).toEqual([]);
  });

  it('knows 2.x formats had long volumes from 2.3 but never long ports', () => {
    const doc = { version: '2.3', services: { web: { ports: [{ target: 443 }], volumes: [{ type: 'bind', source: '.', target: '/b' }] } } };
    expect(tooNew(doc)).toEqual(['services.web.ports.0']);
    expect(tooNew({ ...doc, version: '2.2' })).toEqual(['services.web.ports.0', 'services.web.volumes.0']);
  });

  it('reports deploy in 2.x files once, without its parts', () => {
    const doc = {
      version: '2.4',
      services: { web: { deploy: { replicas: 2, rollback_config: {}, update_config: { order: 'start-first' } } } },
    };
    expect(tooNew(doc)).toEqual(['services.web.deploy']);
    expect(tooNew({ ...doc, version: '3.0' })).toEqual([
      'services.web.deploy.rollback_config',
      'services.web.deploy.update_config.order',
    ]);
  });

  it('reports extension fields before 3.4 wherever compose keys are, but not in free-form maps', () => {
    const doc = {
      version: '3.3',
      'x-common': { image: 'x' },
      services: { web: { 'x-note': 1, labels: { 'x-label': 'fine' }, environment: { 'x-var': 'fine' }, deploy: { 'x-d': 1 } } },
    };
    expect(tooNew(doc)).toEqual(['x-common', 'services.web.x-note', 'services.web.deploy.x-d']);
    expect(tooNew({ ...doc, version: '3.4' })).toEqual([]);
    // 2.x formats had extension fields from 2.1 (and never `deploy`).
    expect(tooNew({ ...doc, version: '2.1' })).toEqual(['services.web.deploy']);
    expect(tooNew({ ...doc, version: '2.0' })).toEqual([
      'services.web.deploy',
      'x-common',
      'services.web.x-note',
      'services.web.deploy.x-d',
    ]);
  });

  it('reports healthcheck start_period before 3.4 (2.3 for 2.x)', () => {
    const doc = { version: '3.3', services: { web: { healthcheck: { test: 'true', start_period: '5s' } } } };
    expect(tooNew(doc)).toEqual(['services.web.healthcheck.start_period']);
    expect(tooNew({ ...doc, version: '3.4' })).toEqual([]);
    expect(tooNew({ ...doc, version: '2.2' })).toEqual(['services.web.healthcheck.start_period']);
    expect(tooNew({ ...doc, version: '2.3' })).toEqual([]);
  });

  it('reports init before 3.7, and before 2.2 in 2.x files', () => {
    const doc = { version: '3.6', services: { web: { init: true } } };
    expect(tooNew(doc)).toEqual(['services.web.init']);
    expect(tooNew({ ...doc, version: '3.7' })).toEqual([]);
    expect(tooNew({ ...doc, version: '2.2' })).toEqual([]);
    expect(tooNew({ ...doc, version: '2.1' })).toEqual(['services.web.init']);
  });

  it('reports attachable networks before 3.2', () => {
    const doc = { version: '3.1', networks: { front: { driver: 'overlay', attachable: true }, back: null } };
    expect(tooNew(doc)).toEqual(['networks.front.attachable']);
    expect(tooNew({ ...doc, version: '3.2' })).toEqual([]);
  });

  it('reports deploy parts newer than the declared 3.x format', () => {
    const service = {
      deploy: {
        rollback_config: { parallelism: 1 },
        update_config: { order: 'start-first' },
        placement: { preferences: [{ spread: 'node.id' }], max_replicas_per_node: 1 },
      },
    };
    const doc = (version: string) => ({ version, services: { web: service } });
    expect(tooNew(doc('3.2'))).toEqual([
      'services.web.deploy.rollback_config',
      'services.web.deploy.update_config.order',
      'services.web.deploy.placement.preferences',
      'services.web.deploy.placement.max_replicas_per_node',
    ]);
    expect(tooNew(doc('3.3'))).toEqual([
      'services.web.deploy.rollback_config',
      'services.web.deploy.update_config.order',
      'services.web.deploy.placement.max_replicas_per_node',
    ]);
    expect(tooNew(doc('3.7'))).toEqual(['services.web.deploy.placement.max_replicas_per_node']);
    expect(tooNew(doc('3.8'))).toEqual([]);
  });

  it('accepts a numeric version', () => {
    expect(tooNew({ version: 3, secrets: {} })).toEqual(['secrets']);
    expect(tooNew({ version: 3.1, secrets: {} })).toEqual([]);
  });

  it('does not trip over documents of the wrong shape', () => {
    const doc = { version: '3.0', services: ['web'], networks: 'x', secrets: null } as unknown as JsonObject;
    expect(tooNew(doc)).toEqual(['secrets']);
    expect(tooNew({ version: '3.0', services: { web: null, db: { ports: 'x', healthcheck: [] } } })).toEqual([]);
  });
});
