import { describe, expect, it } from 'vitest';
import type { Secret } from '../../../src/normalize/model.js';
import { contentSources, digestContent, type ContentSource } from '../../../src/targets/swarm/index.js';
import { lower, lowerOne, project, service } from './helpers.js';

const def = (name: string, extra: Partial<Secret> = {}): Secret => ({ name, external: false, labels: {}, driver_opts: {}, extensions: {}, ...extra });

/** Digests keyed by what the file says the content is, as deploy would compute them. */
const contents: Record<string, string> = { '/srv/app/password.txt': 's3cret', API_KEY: 'k-1' };
const digestOf = (source: ContentSource) =>
  digestContent('file' in source ? contents[source.file]! : 'environment' in source ? contents[source.environment]! : source.content);

const short = (text: string) => digestContent(text).slice(0, 10);

describe('swarm secrets and configs', () => {
  it('names secrets `<stack>_<key>_<10 hex digits of the content sha256>`', () => {
    const p = project([service('db', { secrets: [{ source: 'db_password', target: 'db-pw', mode: 0o400 }] })], {
      secrets: { db_password: def('app_db_password', { file: '/srv/app/password.txt', labels: { kind: 'db' } }) },
    });
    const { desired } = lower(p, { stack: 'blog', contentDigest: digestOf });
    const name = `blog_db_password_${short('s3cret')}`;
    expect(desired.secrets).toEqual([
      {
        key: 'db_password',
        name,
        external: false,
        source: { file: '/srv/app/password.txt' },
        create: { Name: name, Labels: { 'com.docker.stack.namespace': 'blog', kind: 'db' } },
      },
    ]);
    expect(desired.services[0]!.spec.TaskTemplate.ContainerSpec.Secrets).toEqual([
      { File: { Name: 'db-pw', UID: '0', GID: '0', Mode: 0o400 }, SecretName: name },
    ]);
  });

  it('renames the secret when its content changes, and only then', () => {
    const p = project([service('db', { secrets: [{ source: 'pw', target: 'pw' }] })], { secrets: { pw: def('app_pw', { file: '/srv/app/password.txt' }) } });
    const nameWith = (text: string) => lower(p, { contentDigest: () => digestContent(text) }).desired.secrets[0]!.name;
    expect(nameWith('a')).toBe(nameWith('a'));
    expect(nameWith('a')).not.toBe(nameWith('b'));
  });

  it('uses the content sources file, environment and content; external ones keep their name', () => {
    const p = project([service('a')], {
      secrets: {
        api_key: def('app_api_key', { environment: 'API_KEY' }),
        ext: def('vault-pw', { external: true }),
        named: def('team-token', { content: 'tok' }),
      },
    });
    const { desired } = lower(p, { contentDigest: digestOf });
    expect(desired.secrets.map((s) => [s.key, s.name, s.external, s.source])).toEqual([
      ['api_key', `app_api_key_${short('k-1')}`, false, { environment: 'API_KEY' }],
      ['ext', 'vault-pw', true, undefined],
      ['named', `team-token_${short('tok')}`, false, { content: 'tok' }],
    ]);
    expect(desired.secrets[1]!.create).toBeUndefined();
    expect(contentSources(p)).toEqual([
      { kind: 'secrets', key: 'api_key', source: { environment: 'API_KEY' } },
      { kind: 'secrets', key: 'named', source: { content: 'tok' } },
    ]);
  });

  it('keeps a driver-backed secret unversioned, with its driver; templating for both kinds', () => {
    const p = project([service('a')], {
      secrets: { vault: def('app_vault', { driver: 'vault-driver', driver_opts: { path: 'x' } }) },
      configs: { tpl: def('app_tpl', { content: 'x={{.Service.Name}}', template_driver: 'golang' }) },
    });
    const { desired } = lower(p);
    expect(desired.secrets).toEqual([
      { key: 'vault', name: 'app_vault', external: false, create: { Name: 'app_vault', Labels: { 'com.docker.stack.namespace': 'app' }, Driver: { Name: 'vault-driver', Options: { path: 'x' } } } },
    ]);
    expect(desired.configs[0]!.create).toEqual({ Name: desired.configs[0]!.name, Labels: { 'com.docker.stack.namespace': 'app' }, Templating: { Name: 'golang' } });
  });

  it('mounts configs at their target (default /<source>) and sorts references by name', () => {
    const s = service('api', {
      configs: [
        { source: 'z_conf', target: '/z_conf' },
        { source: 'a_conf', target: '/etc/a.toml', uid: '1000', gid: '1000', mode: 0o440 },
      ],
    });
    const p = project([s], { configs: { a_conf: def('app_a_conf', { content: 'a' }), z_conf: def('app_z_conf', { content: 'z' }) } });
    const { desired } = lower(p, { contentDigest: digestOf });
    expect(desired.services[0]!.spec.TaskTemplate.ContainerSpec.Configs).toEqual([
      { File: { Name: '/etc/a.toml', UID: '1000', GID: '1000', Mode: 0o440 }, ConfigName: `app_a_conf_${short('a')}` },
      { File: { Name: '/z_conf', UID: '0', GID: '0', Mode: 0o444 }, ConfigName: `app_z_conf_${short('z')}` },
    ]);
  });

  it('refers to an external secret by its name, and warns about a driver on a config', () => {
    const s = service('a', { secrets: [{ source: 'ext', target: 'ext' }] });
    const { container, warnings: w } = lowerOne(s, {
      secrets: { ext: def('ext', { external: true }) },
      configs: { c: def('app_c', { file: '/srv/app/c', driver: 'x' }) },
    });
    expect(container.Secrets).toEqual([{ File: { Name: 'ext', UID: '0', GID: '0', Mode: 0o444 }, SecretName: 'ext' }]);
    expect(w).toEqual([['W0701', ['configs', 'c', 'driver']]]);
  });

  it('digests content as sha256 hex', () => {
    expect(digestContent('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(digestContent(new TextEncoder().encode('abc'))).toBe(digestContent('abc'));
  });
});
