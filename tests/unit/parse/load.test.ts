import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, type ProjectOptions } from '../../../src/parse/load.js';
import { resolveSpans } from '../../../src/parse/source-map.js';

const roots: string[] = [];
afterAll(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes the files into a fresh directory and loads the project there. */
function project(files: Record<string, string>, options: Partial<ProjectOptions> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackc-load-'));
  roots.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const loaded = loadProject({ cwd: dir, env: {}, ...options });
  const diagnostics = resolveSpans(loaded.diagnostics, loaded.origins, loaded.sources).map((d) => ({
    code: d.code,
    file: d.span ? path.relative(dir, d.span.file) : d.file && path.relative(dir, d.file),
    line: d.span?.line,
    col: d.span?.col,
  }));
  return { dir, loaded, doc: loaded.document as Record<string, any>, diagnostics };
}

describe('file discovery and project name', () => {
  it('finds compose.yaml and its override, and names the project after the directory', () => {
    const { loaded, doc, dir } = project({
      'compose.yaml': 'services:\n  web: {image: a}\n',
      'compose.override.yaml': 'services:\n  web: {user: me}\n',
    });
    expect(loaded.configFiles.map((f) => path.basename(f))).toEqual(['compose.yaml', 'compose.override.yaml']);
    expect(doc.services.web).toEqual({ image: 'a', user: 'me' });
    expect(loaded.name).toBe(path.basename(dir).toLowerCase().replace(/[^a-z0-9_-]/g, ''));
  });

  it('searches parent directories', () => {
    const { dir } = project({ 'compose.yaml': 'services: {}\n', 'sub/deeper/.keep': '' });
    const loaded = loadProject({ cwd: path.join(dir, 'sub', 'deeper'), env: {} });
    expect(loaded.configFiles).toEqual([path.join(dir, 'compose.yaml')]);
  });

  it('takes -p over COMPOSE_PROJECT_NAME over name: over the directory, and a stack name over all', () => {
    const files = { 'compose.yaml': 'name: declared\nservices: {}\n' };
    const named = (options: Partial<ProjectOptions>) => {
      const { loaded, diagnostics } = project(files, options);
      return { name: loaded.name, codes: diagnostics.map((d) => d.code) };
    };
    expect(named({})).toEqual({ name: 'declared', codes: [] });
    expect(named({ env: { COMPOSE_PROJECT_NAME: 'from-env' } })).toEqual({ name: 'from-env', codes: [] });
    expect(named({ env: { COMPOSE_PROJECT_NAME: 'from-env' }, projectName: 'given_1' })).toEqual({ name: 'given_1', codes: [] });
    // -p '' is no name, as in compose.
    expect(named({ env: { COMPOSE_PROJECT_NAME: 'from-env' }, projectName: '' })).toEqual({ name: 'from-env', codes: [] });
    expect(named({ env: { COMPOSE_PROJECT_NAME: 'from-env' }, projectName: 'given', stackName: 'MyStack' })).toEqual({ name: 'MyStack', codes: [] });
  });

  it('normalizes name: and the directory name as compose does', () => {
    const { loaded, diagnostics } = project({ 'compose.yaml': 'name: My.App\nservices: {}\n' });
    expect(loaded.name).toBe('myapp');
    expect(diagnostics).toEqual([]);
  });

  it('refuses a -p or COMPOSE_PROJECT_NAME that compose would refuse, instead of using another name', () => {
    const files = { 'compose.yaml': 'services: {}\n' };
    const fromFlag = project(files, { projectName: 'My.App' });
    expect(fromFlag.loaded.name).toBe('My.App');
    expect(fromFlag.loaded.diagnostics).toEqual([
      expect.objectContaining({ code: 'E0004', severity: 'error', message: expect.stringMatching(/^invalid project name "My\.App" \(from -p\)/), hint: 'use `myapp`' }),
    ]);
    const fromEnv = project(files, { env: { COMPOSE_PROJECT_NAME: '_x' } });
    expect(fromEnv.loaded.diagnostics).toEqual([expect.objectContaining({ code: 'E0004', message: expect.stringContaining('"_x" (from COMPOSE_PROJECT_NAME)'), hint: 'use `x`' })]);
    // Nothing valid is left of it: no hint to offer.
    expect(project(files, { projectName: '..' }).loaded.diagnostics).toEqual([expect.not.objectContaining({ hint: expect.anything() })]);
  });

  it('takes a stack name as written, mixed case included, and refuses one swarm cannot name services after', () => {
    const files = { 'compose.yaml': 'services: {}\n' };
    for (const stack of ['MyStack', 'a', '0-x_Y', 'trailing-']) {
      const { loaded } = project(files, { stackName: stack });
      expect({ stack, name: loaded.name, diagnostics: loaded.diagnostics }).toEqual({ stack, name: stack, diagnostics: [] });
    }
    for (const stack of ['my.stack', 'My Stack', '-x', '_x', 'a/b', 'é']) {
      const { loaded } = project(files, { stackName: stack });
      expect({ stack, codes: loaded.diagnostics.map((d) => d.code), message: loaded.diagnostics[0]?.message }).toEqual({
        stack,
        codes: ['E0004'],
        message: expect.stringContaining(`invalid stack name ${JSON.stringify(stack)}`),
      });
    }
  });

  it('reads COMPOSE_FILE with COMPOSE_PATH_SEPARATOR', () => {
    const { loaded } = project(
      { 'a.yml': 'services: {a: {image: x}}\n', 'b.yml': 'services: {b: {image: y}}\n' },
      { env: { COMPOSE_FILE: 'a.yml;b.yml', COMPOSE_PATH_SEPARATOR: ';' } },
    );
    expect(Object.keys((loaded.document as any).services)).toEqual(['a', 'b']);
  });

  it('reports a missing file and no file at all', () => {
    expect(project({}, { files: ['nope.yaml'] }).diagnostics).toMatchObject([{ code: 'E0001' }]);
    expect(project({}).diagnostics).toMatchObject([{ code: 'E0003' }]);
  });

  it('reads standard input for -f -', () => {
    const { doc } = project({}, { files: ['-'], stdin: 'services:\n  s: {image: x}\n' });
    expect(doc.services.s.image).toBe('x');
  });
});

describe('interpolation sources', () => {
  it('uses .env in the project directory, with the process environment winning', () => {
    const { doc } = project(
      { 'compose.yaml': 'services:\n  web: {image: "app:${TAG}", user: "${WHO}"}\n', '.env': 'TAG=1.0\nWHO=dotenv\n' },
      { env: { WHO: 'process' } },
    );
    expect(doc.services.web).toEqual({ image: 'app:1.0', user: 'process' });
  });

  it('uses --env-file instead of .env, and a missing one is an error', () => {
    const files = { 'compose.yaml': 'services:\n  web: {image: "app:${TAG}"}\n', '.env': 'TAG=dot\n', 'prod.env': 'TAG=prod\n' };
    expect(project(files, { envFiles: ['prod.env'] }).doc.services.web.image).toBe('app:prod');
    expect(project(files, { envFiles: ['missing.env'] }).diagnostics.map((d) => d.code)).toContain('E0001');
  });
});

describe('positions across files', () => {
  it('points an error in an override file at the override file', () => {
    const { diagnostics } = project({
      'compose.yaml': 'services:\n  web:\n    image: a\n',
      'compose.override.yaml': 'services:\n  web:\n    enviroment: {A: "1"}\n',
    });
    expect(diagnostics).toEqual([{ code: 'E0102', file: 'compose.override.yaml', line: 3, col: 5 }]);
  });

  it('warns about an unset variable where it is used', () => {
    const { diagnostics } = project({ 'compose.yaml': 'services:\n  web:\n    image: "x:${NOPE}"\n' });
    expect(diagnostics).toEqual([{ code: 'W0203', file: 'compose.yaml', line: 3, col: 12 }]);
  });
});

describe('extends', () => {
  it('merges a chain from the same file and another file, resolving that file\'s paths there', () => {
    const { doc, dir } = project({
      'compose.yaml': [
        'services:',
        '  web:',
        '    extends: {file: common/base.yaml, service: app}',
        '    environment: {B: "2"}',
        '  worker:',
        '    extends: web',
        '    command: work',
      ].join('\n'),
      'common/base.yaml': 'services:\n  app:\n    image: app\n    environment: [A=1]\n    env_file: ./app.env\n',
    });
    expect(doc.services.web).toEqual({ image: 'app', environment: { A: '1', B: '2' }, env_file: path.join(dir, 'common', 'app.env') });
    expect(doc.services.worker).toMatchObject({ image: 'app', command: 'work', environment: { A: '1', B: '2' } });
  });

  it('reports cycles and unknown services at the extends key', () => {
    const cycle = project({ 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n' });
    expect(cycle.diagnostics.map((d) => d.code)).toContain('E0301');
    const unknown = project({ 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: nope\n' });
    expect(unknown.diagnostics).toEqual([{ code: 'E0302', file: 'compose.yaml', line: 4, col: 14 }]);
  });

  it('traces a key inherited from another file to that file', () => {
    const { diagnostics } = project({
      'compose.yaml': 'services:\n  web:\n    extends: {file: base.yaml, service: app}\n',
      'base.yaml': 'services:\n  app:\n    image: "x:${UNSET}"\n',
    });
    expect(diagnostics).toEqual([{ code: 'W0203', file: 'base.yaml', line: 3, col: 12 }]);
  });
});

describe('include', () => {
  it('adds the included project\'s resources, with its own directory and .env', () => {
    const { doc, dir } = project({
      'compose.yaml': 'include:\n  - sub/compose.yaml\nservices:\n  web: {image: web, depends_on: [db]}\n',
      'sub/compose.yaml': 'services:\n  db:\n    image: "db:${DBTAG}"\n    volumes: [./data:/data]\nvolumes:\n  dbdata: {}\n',
      'sub/.env': 'DBTAG=15\n',
    });
    expect(doc.services.db).toEqual({ image: 'db:15', volumes: [`${path.join(dir, 'sub', 'data')}:/data`] });
    expect(doc.volumes).toEqual({ dbdata: {} });
    expect(doc.include).toBeUndefined();
  });

  it('reports a conflicting service at the including file', () => {
    const { diagnostics } = project({
      'compose.yaml': 'include: [other.yaml]\nservices:\n  db: {image: mine}\n',
      'other.yaml': 'services:\n  db: {image: theirs}\n',
    });
    expect(diagnostics).toEqual([{ code: 'E0303', file: 'compose.yaml', line: 3, col: 3 }]);
  });

  it('reports a missing included file at the include entry, and cycles', () => {
    expect(project({ 'compose.yaml': 'include:\n  - nope.yaml\nservices: {}\n' }).diagnostics).toEqual([
      { code: 'E0001', file: 'compose.yaml', line: 2, col: 5 },
    ]);
    const cyclic = project({ 'compose.yaml': 'include: [b.yaml]\nservices: {}\n', 'b.yaml': 'include: [compose.yaml]\nservices: {}\n' });
    expect(cyclic.diagnostics.map((d) => d.code)).toEqual(['E0304']);
  });
});

describe('profiles', () => {
  const files = { 'compose.yaml': 'services:\n  app: {image: a}\n  debug: {image: d, profiles: [debug]}\n  tools: {image: t, profiles: [tools, debug]}\n' };
  const names = (options: Partial<ProjectOptions>) => Object.keys((project(files, options).loaded.document as any).services);
  it('enables services without profiles, and those with an active profile', () => {
    expect(names({})).toEqual(['app']);
    expect(names({ profiles: ['tools'] })).toEqual(['app', 'tools']);
    expect(names({ env: { COMPOSE_PROFILES: 'debug' } })).toEqual(['app', 'debug', 'tools']);
    expect(names({ profiles: ['*'] })).toEqual(['app', 'debug', 'tools']);
    expect(names({ services: ['debug'] })).toEqual(['app', 'debug']);
  });
});
