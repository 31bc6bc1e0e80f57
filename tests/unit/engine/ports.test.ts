import { describe, expect, it } from 'vitest';
import { exposeKeys, exposedPorts, portBindings } from '../../../src/targets/engine/ports.js';
import { lower, lowerOne, project, service } from './helpers.js';

describe('ports', () => {
  it('binds one port with the host ip and port', () => {
    const s = service('web', { ports: [{ target: 80, published: '8000', protocol: 'tcp', mode: 'ingress' }] });
    expect(portBindings(s)).toEqual({ '80/tcp': [{ HostIp: '', HostPort: '8000' }] });
    expect(exposedPorts(s)).toEqual({ '80/tcp': {} });
  });

  it('keeps one binding per entry of an expanded short-syntax range', () => {
    const s = service('web', {
      ports: [
        { target: 80, published: '8000', protocol: 'tcp', mode: 'ingress' },
        { target: 81, published: '8001', protocol: 'tcp', mode: 'ingress' },
      ],
    });
    expect(portBindings(s)).toEqual({
      '80/tcp': [{ HostIp: '', HostPort: '8000' }],
      '81/tcp': [{ HostIp: '', HostPort: '8001' }],
    });
  });

  it('keeps a published range on a single target as one binding', () => {
    const s = service('web', { ports: [{ target: 80, published: '8000-8010', protocol: 'tcp', mode: 'ingress' }] });
    expect(portBindings(s)).toEqual({ '80/tcp': [{ HostIp: '', HostPort: '8000-8010' }] });
  });

  it('handles udp, IPv4 and IPv6 host addresses and unpublished ports', () => {
    const s = service('dns', {
      ports: [
        { target: 53, published: '53', host_ip: '127.0.0.1', protocol: 'udp', mode: 'ingress' },
        { target: 53, published: '53', host_ip: '::1', protocol: 'udp', mode: 'host' },
        { target: 9000, protocol: 'tcp', mode: 'ingress' },
      ],
    });
    expect(portBindings(s)).toEqual({
      '53/udp': [
        { HostIp: '127.0.0.1', HostPort: '53' },
        { HostIp: '::1', HostPort: '53' },
      ],
      '9000/tcp': [{ HostIp: '', HostPort: '' }],
    });
  });

  it('exposes `expose:` entries and ranges without binding them', () => {
    expect(exposeKeys('8000')).toEqual(['8000/tcp']);
    expect(exposeKeys('5000/udp')).toEqual(['5000/udp']);
    expect(exposeKeys('7000-7002')).toEqual(['7000/tcp', '7001/tcp', '7002/tcp']);
    const { container } = lowerOne(service('web', { expose: ['8000', '7000-7001/udp'] }));
    expect(container.create.ExposedPorts).toEqual({ '7000/udp': {}, '7001/udp': {}, '8000/tcp': {} });
    expect(container.create.HostConfig.PortBindings).toBeUndefined();
  });

  it('reports (E0609) replicas that would all bind the same fixed host port', () => {
    const fixed = service('web', { ports: [{ target: 80, published: '8080', protocol: 'tcp', mode: 'ingress' }] });
    expect(lower(project([fixed]), { scale: { web: 2 } }).diagnostics.map((d) => [d.code, d.path])).toEqual([['E0609', ['services', 'web', 'ports']]]);
    expect(lower(project([fixed])).diagnostics).toEqual([]);
    const ranged = service('web', { ports: [{ target: 80, published: '8080-8089', protocol: 'tcp', mode: 'ingress' }, { target: 81, protocol: 'tcp', mode: 'ingress' }] });
    expect(lower(project([ranged]), { scale: { web: 4 } }).diagnostics).toEqual([]);
  });
});
