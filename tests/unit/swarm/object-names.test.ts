import { describe, expect, it } from 'vitest';
import type { Secret } from '../../../src/normalize/model.js';
import { lower, network, project, service, warnings } from './helpers.js';

const def = (name: string, extra: Partial<Secret> = {}): Secret => ({ name, external: false, labels: {}, driver_opts: {}, extensions: {}, ...extra });
const chars = (n: number, c = 'x') => c.repeat(n);
const errors = (diagnostics: Parameters<typeof warnings>[0]) => warnings(diagnostics).filter(([code]) => code === 'E0702');

describe('swarm object names (E0702)', () => {
  it('accepts a service name of 63 characters and refuses 64, at the service key', () => {
    // `app_` + 59 = 63.
    const ok = lower(project([service(chars(59))]));
    expect(errors(ok.diagnostics)).toEqual([]);
    const { diagnostics } = lower(project([service(chars(60))]));
    expect(errors(diagnostics)).toEqual([['E0702', ['services', chars(60)]]]);
    const error = diagnostics.find((d) => d.code === 'E0702')!;
    expect(error).toMatchObject({ severity: 'error', target: 'key' });
    expect(error.message).toContain(`app_${chars(60)}`);
    expect(error.message).toContain('64');
    expect(error.message).toContain('63');
  });

  it('counts the stack name: a long stack makes every created name longer', () => {
    const { diagnostics } = lower(project([service('web')]), { stack: chars(56, 's') });
    // `<stack>_default` is 64 characters, `<stack>_web` 60.
    expect(errors(diagnostics)).toEqual([['E0702', ['networks', 'default']]]);
  });

  it('refuses service names swarm does not take as a DNS label', () => {
    const { diagnostics } = lower(project([service('web.api'), service('worker-')]));
    expect(errors(diagnostics)).toEqual([
      ['E0702', ['services', 'web.api']],
      ['E0702', ['services', 'worker-']],
    ]);
  });

  it('points at a network\'s `name:` when the file sets one; external networks are not checked', () => {
    const long = chars(64, 'n');
    const networks = { default: network('app_default'), front: network(long), outside: network(long, { external: true }) };
    const web = service('web', { networks: { front: null, outside: null } });
    const { diagnostics } = lower(project([web], { networks }));
    expect(errors(diagnostics)).toEqual([['E0702', ['networks', 'front', 'name']]]);
  });

  it('checks the content-addressed secret name: 64 characters pass, 65 do not', () => {
    // `app_` + key + `_` + 10 hex digits: a 49-character key makes 64.
    const p = (key: string) => project([service('db')], { secrets: { [key]: def(`app_${key}`, { content: 'x' }) } });
    expect(errors(lower(p(chars(49))).diagnostics)).toEqual([]);
    const { desired, diagnostics } = lower(p(chars(50)));
    expect(errors(diagnostics)).toEqual([['E0702', ['secrets', chars(50)]]]);
    expect(diagnostics[0]!.message).toContain(`\`${desired.secrets[0]!.name}\` is 65 characters long`);
    expect(diagnostics[0]!.message).toContain('at most 64');
  });

  it('points at a config\'s `name:`, allows dots in secret and config names, skips external ones', () => {
    const configs = { site: def(`${chars(60, 'c')}.conf`, { content: 'x' }), dotted: def('site.conf', { content: 'y' }) };
    const secrets = { outside: def(chars(80), { external: true }) };
    const { diagnostics } = lower(project([service('web')], { configs, secrets }));
    expect(errors(diagnostics)).toEqual([['E0702', ['configs', 'site', 'name']]]);
  });
});
