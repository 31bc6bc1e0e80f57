import { describe, expect, it } from 'vitest';
import type { ServicePort } from '../../../src/normalize/model.js';
import { deploy, lowerOne, service } from './helpers.js';

const port = (target: number, extra: Partial<ServicePort> = {}): ServicePort => ({ target, protocol: 'tcp', mode: 'ingress', ...extra });

describe('swarm endpoint spec', () => {
  it('is always present, in vip mode unless the file says dnsrr', () => {
    expect(lowerOne(service('a')).spec.EndpointSpec).toEqual({ Mode: 'vip' });
    expect(lowerOne(service('a', { deploy: deploy({ endpoint_mode: 'dnsrr' }) })).spec.EndpointSpec).toEqual({ Mode: 'dnsrr' });
  });

  it('publishes ports sorted by published port, then target, protocol and mode', () => {
    const ports = [
      port(443, { published: '8443' }),
      port(53, { published: '5353', protocol: 'udp' }),
      port(8404, { published: '18404', mode: 'host', name: 'stats' }),
      port(9000),
      port(80, { published: '80' }),
    ];
    expect(lowerOne(service('a', { ports })).spec.EndpointSpec).toEqual({
      Mode: 'vip',
      Ports: [
        { Protocol: 'tcp', TargetPort: 9000, PublishMode: 'ingress' },
        { Protocol: 'tcp', TargetPort: 80, PublishedPort: 80, PublishMode: 'ingress' },
        { Protocol: 'udp', TargetPort: 53, PublishedPort: 5353, PublishMode: 'ingress' },
        { Protocol: 'tcp', TargetPort: 443, PublishedPort: 8443, PublishMode: 'ingress' },
        { Name: 'stats', Protocol: 'tcp', TargetPort: 8404, PublishedPort: 18404, PublishMode: 'host' },
      ],
    });
  });

  it('warns about a host_ip (published on all interfaces) and leaves out published ranges', () => {
    const ports = [port(443, { published: '8443', host_ip: '127.0.0.1' }), port(80, { published: '8000-8010' })];
    const { spec, warnings } = lowerOne(service('a', { ports }));
    expect(spec.EndpointSpec.Ports).toEqual([{ Protocol: 'tcp', TargetPort: 443, PublishedPort: 8443, PublishMode: 'ingress' }]);
    expect(warnings).toEqual([
      ['W0701', ['services', 'a', 'ports']],
      ['W0701', ['services', 'a', 'ports']],
    ]);
  });

  it('warns that swarm rejects ingress ports on a dnsrr service, not host ones', () => {
    const dnsrr = deploy({ endpoint_mode: 'dnsrr' });
    expect(lowerOne(service('a', { deploy: dnsrr, ports: [port(80, { published: '80' })] })).warnings).toEqual([['W0701', ['services', 'a', 'deploy', 'endpoint_mode']]]);
    expect(lowerOne(service('a', { deploy: dnsrr, ports: [port(80, { published: '80', mode: 'host' })] })).warnings).toEqual([]);
  });
});
