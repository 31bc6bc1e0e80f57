import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lowerEngine } from '../../../src/targets/engine/index.js';
import { cleanupTempDirs, compileFiles } from './helpers.js';

afterAll(cleanupTempDirs);

/** compile → lowerEngine on inline files, as `stackc up` does. */
function up(files: Record<string, string>, scale?: Record<string, number>) {
  const { dir, compiled } = compileFiles(files);
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lowered = lowerEngine(compiled.project!, {
    workingDir: compiled.loaded.projectDirectory,
    configFiles: [...compiled.loaded.configFiles],
    ...(scale ? { scale } : {}),
  });
  return { dir, ...lowered, name: compiled.loaded.name };
}

describe('compile → lowerEngine', () => {
  it('lowers short-syntax ports, volumes and environment from a file', () => {
    const { dir, desired, name } = up({
      'compose.yaml': [
        'services:',
        '  web:',
        '    image: nginx',
        '    ports: ["127.0.0.1:8000-8001:80-81", "9000:9000/udp"]',
        '    volumes: [data:/data, ./html:/usr/share/nginx/html:ro]',
        '    environment: [A=1, B]',
        'volumes:',
        '  data: {}',
      ].join('\n'),
    });
    const web = desired.services[0]!.containers[0]!;
    expect(web.name).toBe(`${name}-web-1`);
    expect(web.create.Env).toEqual(['A=1']);
    expect(web.create.HostConfig.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8000' }],
      '81/tcp': [{ HostIp: '127.0.0.1', HostPort: '8001' }],
      '9000/udp': [{ HostIp: '', HostPort: '9000' }],
    });
    expect(web.create.HostConfig.Binds).toEqual([`${path.join(dir, 'html')}:/usr/share/nginx/html:ro`]);
    expect(web.create.HostConfig.Mounts).toEqual([{ Type: 'volume', Source: `${name}_data`, Target: '/data' }]);
    expect(desired.volumes.map((v) => v.name)).toEqual([`${name}_data`]);
    expect(desired.networks.map((n) => n.name)).toEqual([`${name}_default`]);
  });

  it('positions W0701 warnings at the key in the document', () => {
    const { diagnostics } = up({
      'compose.yaml': ['services:', '  db:', '    image: mysql', '    deploy:', '      placement:', '        constraints: [node.role == manager]'].join('\n'),
    });
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['W0701', ['services', 'db', 'deploy', 'placement']]]);
  });

  it('scales a service without changing its config hash', () => {
    const { dir, compiled } = compileFiles({ 'compose.yaml': 'name: scaled\nservices:\n  web:\n    image: nginx\n    environment: {A: "1"}\n' });
    const options = { workingDir: dir, configFiles: [...compiled.loaded.configFiles] };
    const one = lowerEngine(compiled.project!, options).desired.services[0]!;
    const four = lowerEngine(compiled.project!, { ...options, scale: { web: 4 } }).desired.services[0]!;
    expect(four.containers).toHaveLength(4);
    expect(four.configHash).toBe(one.configHash);
    const other = compileFiles({ 'compose.yaml': 'name: scaled\nservices:\n  web:\n    image: nginx\n    environment: {A: "2"}\n' });
    expect(lowerEngine(other.compiled.project!, options).desired.services[0]!.configHash).not.toBe(one.configHash);
  });
});
