import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildContext } from '../../../src/deploy/build-context.js';
import { readAll } from '../../../src/deploy/engine-http.js';
import { pullQuery } from '../../../src/deploy/docker-engine.js';

/** The file names in a tar (ustar: 512-byte headers, name in the first 100 bytes, size in octal at 124). */
function tarNames(tar: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString().replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString().replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString().replace(/\0.*$/s, '').trim() || '0', 8);
    if (header[156] === 48 || header[156] === 0) names.push(prefix ? `${prefix}/${name}` : name);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names.sort();
}

describe('build context', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  const context = (files: Record<string, string>) => {
    dir = mkdtempSync(path.join(tmpdir(), 'stackc-ctx-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  };

  it('sends every file when there is no .dockerignore', async () => {
    const ctx = context({ Dockerfile: 'FROM x', 'a/b.txt': 'b', 'c.txt': 'c' });
    expect(tarNames(await readAll(await buildContext(ctx, 'Dockerfile')))).toEqual(['Dockerfile', 'a/b.txt', 'c.txt']);
  });

  it('leaves out what .dockerignore excludes, with ** and ! exceptions under an excluded directory', async () => {
    const ctx = context({
      '.dockerignore': '# comment\n*.log\nnode_modules\n**/tmp\nlogs/\n!logs/keep.txt\n',
      'Dockerfile': 'FROM x',
      'app.log': 'l',
      'src/main.ts': 'm',
      'src/deep/tmp/x': 'x',
      'node_modules/dep/index.js': 'd',
      'logs/keep.txt': 'k',
      'logs/drop.txt': 'd',
    });
    expect(tarNames(await readAll(await buildContext(ctx, 'Dockerfile')))).toEqual(['.dockerignore', 'Dockerfile', 'logs/keep.txt', 'src/main.ts']);
  });

  it('always sends the Dockerfile and .dockerignore, even when the patterns exclude them', async () => {
    const ctx = context({ '.dockerignore': '*\n', 'build/app.Dockerfile': 'FROM x', 'other.txt': 'o' });
    expect(tarNames(await readAll(await buildContext(ctx, 'build/app.Dockerfile')))).toEqual(['.dockerignore', 'build/app.Dockerfile']);
  });
});

describe('pullQuery', () => {
  it.each([
    ['busybox', { fromImage: 'busybox', tag: 'latest' }],
    ['busybox:1.36', { fromImage: 'busybox', tag: '1.36' }],
    ['localhost:5000/team/app', { fromImage: 'localhost:5000/team/app', tag: 'latest' }],
    ['localhost:5000/team/app:2.0', { fromImage: 'localhost:5000/team/app', tag: '2.0' }],
    ['app@sha256:abc', { fromImage: 'app', tag: 'sha256:abc' }],
    ['registry:5000/app:1@sha256:abc', { fromImage: 'registry:5000/app:1', tag: 'sha256:abc' }],
  ])('%s', (ref, expected) => expect(pullQuery(ref)).toEqual(expected));
});
