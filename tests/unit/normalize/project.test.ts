import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

describe('project', () => {
  it('carries name, directory and files, and sorts services', () => {
    const { project, diagnostics } = run('services:\n  web: {image: a}\n  api: {image: b}');
    expect(diagnostics).toEqual([]);
    expect(project.name).toBe('demo');
    expect(project.project_directory).toBe('/proj');
    expect(project.config_files).toEqual(['/proj/compose.yaml']);
    expect(Object.keys(project.services)).toEqual(['api', 'web']);
    expect(project.services.api?.name).toBe('api');
  });

  it('adds the implicit default network when a service uses it', () => {
    const { project } = run('services:\n  web: {image: a}');
    expect(project.networks).toEqual({
      default: { name: 'demo_default', driver_opts: {}, ipam: { config: [], options: {} }, external: false, labels: {}, extensions: {} },
    });
    expect(run('services:\n  web: {image: a, network_mode: host}').project.networks).toEqual({});
  });

  it('lets the user customize the default network', () => {
    const { project } = run('services:\n  web: {image: a}\nnetworks:\n  default: {name: shared, external: true}');
    expect(project.networks.default).toMatchObject({ name: 'shared', external: true });
  });

  it('names networks and volumes as the engine sees them', () => {
    const { project, diagnostics } = run(
      [
        'services: {}',
        'networks:',
        '  front:',
        '  named: {name: custom}',
        '  ext: {external: true}',
        '  legacy: {external: {name: old}}',
        '  sub:',
        '    driver: bridge',
        '    driver_opts: {com.docker.network.bridge.name: br0}',
        '    internal: "true"',
        '    attachable: true',
        '    enable_ipv6: true',
        '    labels: [a=b]',
        '    ipam:',
        '      driver: default',
        '      config: [{subnet: 172.38.0.0/16, gateway: 172.38.0.1, ip_range: 172.38.5.0/24, aux_addresses: {host1: 172.38.1.5}}]',
        '      options: {foo: bar}',
        '    x-meta: 1',
        'volumes:',
        '  data:',
        '  named: {name: my-data, driver: local, driver_opts: {type: nfs, o: "addr=10.0.0.1"}, labels: {a: b}}',
        '  ext: {external: true}',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(project.networks.front?.name).toBe('demo_front');
    expect(project.networks.named?.name).toBe('custom');
    expect(project.networks.ext).toMatchObject({ name: 'ext', external: true });
    expect(project.networks.legacy).toMatchObject({ name: 'old', external: true });
    expect(project.networks.sub).toEqual({
      name: 'demo_sub',
      driver: 'bridge',
      driver_opts: { 'com.docker.network.bridge.name': 'br0' },
      ipam: {
        driver: 'default',
        config: [{ subnet: '172.38.0.0/16', gateway: '172.38.0.1', ip_range: '172.38.5.0/24', aux_addresses: { host1: '172.38.1.5' } }],
        options: { foo: 'bar' },
      },
      external: false,
      internal: true,
      attachable: true,
      enable_ipv6: true,
      labels: { a: 'b' },
      extensions: { 'x-meta': 1 },
    });
    expect(project.volumes).toEqual({
      data: { name: 'demo_data', driver_opts: {}, external: false, labels: {}, extensions: {} },
      ext: { name: 'ext', driver_opts: {}, external: true, labels: {}, extensions: {} },
      named: { name: 'my-data', driver: 'local', driver_opts: { o: 'addr=10.0.0.1', type: 'nfs' }, external: false, labels: { a: 'b' }, extensions: {} },
    });
    expect(project.networks.front).not.toHaveProperty('driver');
  });

  it('normalizes secrets and configs', () => {
    const { project, diagnostics } = run(
      [
        'services: {}',
        'secrets:',
        '  pw: {file: /proj/password.txt}',
        '  tok: {environment: TOKEN}',
        '  ext: {external: true, name: real}',
        'configs:',
        '  conf: {content: "a=1", labels: {x: y}}',
      ].join('\n'),
      { fs: { files: ['/proj/password.txt'] } },
    );
    expect(diagnostics).toEqual([]);
    expect(project.secrets).toEqual({
      ext: { name: 'real', external: true, labels: {}, driver_opts: {}, extensions: {} },
      pw: { name: 'demo_pw', file: '/proj/password.txt', external: false, labels: {}, driver_opts: {}, extensions: {} },
      tok: { name: 'demo_tok', environment: 'TOKEN', external: false, labels: {}, driver_opts: {}, extensions: {} },
    });
    expect(project.configs.conf).toEqual({ name: 'demo_conf', content: 'a=1', external: false, labels: { x: 'y' }, driver_opts: {}, extensions: {} });
  });

  it('reports a secret without a source as E0506', () => {
    const { diagnostics } = run('services: {}\nsecrets:\n  pw: {labels: {a: b}}');
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['E0506', ['secrets', 'pw']]]);
  });

  it('keeps top-level extensions and models', () => {
    const { project } = run('services: {}\nx-common: &c {a: 1}\nmodels: {llm: {model: ai/smollm2}}\nversion: "3.8"\nname: ignored');
    expect(project.extensions).toEqual({ 'x-common': { a: 1 } });
    expect(project.models).toEqual({ llm: { model: 'ai/smollm2' } });
  });
});
