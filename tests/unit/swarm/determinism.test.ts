/**
 * Output never depends on the order of the file's keys or lists that are sets: the same project
 * with every record's keys reversed, and set-like lists shuffled, lowers to the same JSON.
 */
import { describe, expect, it } from 'vitest';
import type { Project, Service } from '../../../src/normalize/model.js';
import { deploy, lower, network, project, service, volume } from './helpers.js';

function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)])) as T;
  }
  return value;
}

const web = (order: 'a' | 'b'): Service => {
  const ports = [
    { target: 80, published: '80', protocol: 'tcp' as const, mode: 'ingress' as const },
    { target: 443, published: '443', protocol: 'tcp' as const, mode: 'ingress' as const },
  ];
  const volumes = [
    { type: 'volume' as const, source: 'data', target: '/data', read_only: false },
    { type: 'bind' as const, source: '/srv/conf', target: '/conf', read_only: true },
  ];
  const secrets = [
    { source: 'b', target: 'b' },
    { source: 'a', target: 'a' },
  ];
  const constraints = ['node.role == worker', 'node.labels.zone == a'];
  const flip = <T>(list: T[]) => (order === 'a' ? list : [...list].reverse());
  return service('web', {
    ports: flip(ports),
    volumes: flip(volumes),
    secrets: flip(secrets),
    cap_add: flip(['NET_ADMIN', 'CHOWN']),
    networks: { front: null, back: null },
    environment: { B: '2', A: '1' },
    labels: { z: '1', a: '2' },
    deploy: deploy({ labels: { y: '1', b: '2' }, placement: { constraints: flip(constraints), preferences: [] } }),
  });
};

function stackOf(order: 'a' | 'b'): Project {
  const def = (name: string) => ({ name, file: `/srv/${name}`, external: false, labels: {}, driver_opts: {}, extensions: {} });
  return project([web(order), service('db', { networks: { back: null } })], {
    networks: { front: network('app_front'), back: network('app_back', { labels: { b: '1', a: '2' } }) },
    volumes: { data: volume('app_data', { labels: { b: '1', a: '2' } }) },
    secrets: { a: def('app_a'), b: def('app_b') },
  });
}

describe('swarm lowering is deterministic', () => {
  it('does not depend on key order or on the order of set-like lists', () => {
    const a = JSON.stringify(lower(stackOf('a')));
    const b = JSON.stringify(lower(reversedKeys(stackOf('b'))));
    expect(b).toBe(a);
  });
});
