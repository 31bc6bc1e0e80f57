import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/targets/engine/hash.js';
import { COMPOSE_VERSION, LABELS, dependsOnLabel } from '../../../src/targets/engine/labels.js';
import { lower, lowerOne, project, service } from './helpers.js';

const hashOf = (...args: Parameters<typeof lower>) => lower(...args).desired.services[0]!.configHash;

describe('container labels', () => {
  it('sets the labels docker compose sets, over the user labels', () => {
    const s = service('web', { labels: { 'com.example': 'x', [LABELS.project]: 'spoofed' }, depends_on: { db: { condition: 'service_healthy', restart: true, required: true } } });
    const { desired } = lower(project([service('db'), s]), { environmentFiles: ['/srv/app/.env.prod'] });
    const web = desired.services.find((d) => d.name === 'web')!;
    expect(web.containers[0]!.create.Labels).toEqual({
      'com.example': 'x',
      [LABELS.configHash]: web.configHash,
      [LABELS.containerNumber]: '1',
      [LABELS.dependsOn]: 'db:service_healthy:true',
      [LABELS.environmentFile]: '/srv/app/.env.prod',
      [LABELS.oneoff]: 'False',
      [LABELS.project]: 'app',
      [LABELS.configFiles]: '/srv/app/compose.yaml',
      [LABELS.workingDir]: '/srv/app',
      [LABELS.service]: 'web',
      [LABELS.version]: COMPOSE_VERSION,
    });
  });

  it('writes depends_on as svc:condition:restart, sorted, and empty when there are none', () => {
    expect(
      dependsOnLabel({ redis: { condition: 'service_started', restart: false }, db: { condition: 'service_healthy', restart: true } }),
    ).toBe('db:service_healthy:true,redis:service_started:false');
    expect(lowerOne(service('a')).container.create.Labels[LABELS.dependsOn]).toBe('');
  });

  it('numbers containers from 1 and names them <project>-<service>-<n>', () => {
    const web = lower(project([service('web', { scale: 3 })])).desired.services[0]!;
    expect(web.containers.map((c) => [c.name, c.number, c.create.Labels[LABELS.containerNumber]])).toEqual([
      ['app-web-1', 1, '1'],
      ['app-web-2', 2, '2'],
      ['app-web-3', 3, '3'],
    ]);
  });
});

describe('config hash', () => {
  const base = () => project([service('web', { environment: { A: '1', B: '2' }, ports: [{ target: 80, published: '8080', protocol: 'tcp', mode: 'ingress' }] })]);

  it('is the same for the same input, across runs and key order', () => {
    const reordered = project([service('web', { ports: base().services.web!.ports, environment: { B: '2', A: '1' } })]);
    expect(hashOf(base())).toBe(hashOf(base()));
    expect(hashOf(reordered)).toBe(hashOf(base()));
    expect(hashOf(base())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any environment change', () => {
    const changed = (environment: Record<string, string | null>) => hashOf(project([service('web', { ...base().services.web!, environment })]));
    const original = hashOf(base());
    expect(changed({ A: '1', B: '3' })).not.toBe(original);
    expect(changed({ A: '1', B: '2', C: '' })).not.toBe(original);
    expect(changed({ A: '1' })).not.toBe(original);
  });

  it('does not change with the replica count, the config files or the working directory', () => {
    const original = hashOf(base());
    expect(hashOf(base(), { scale: { web: 5 } })).toBe(original);
    expect(hashOf(project([{ ...base().services.web!, scale: 2 }]))).toBe(original);
    expect(hashOf(base(), { configFiles: ['/elsewhere/compose.yaml', '/elsewhere/override.yaml'], workingDir: '/elsewhere' })).toBe(original);
  });

  it('changes with the image and the container_name', () => {
    const original = hashOf(base());
    expect(hashOf(project([{ ...base().services.web!, image: 'busybox:1.36' }]))).not.toBe(original);
    expect(hashOf(project([{ ...base().services.web!, container_name: 'web' }]))).not.toBe(original);
  });

  it('serializes with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
  });
});
