import { describe, expect, it } from 'vitest';
import type { ServiceNetwork } from '../../../src/normalize/model.js';
import { lower, lowerOne, network, project, service, warnings } from './helpers.js';

const attach = (extra: Partial<ServiceNetwork> = {}): ServiceNetwork => ({ aliases: [], link_local_ips: [], driver_opts: {}, ...extra });

describe('swarm networks', () => {
  it('creates `<stack>_default` as a swarm-scoped overlay with the namespace label', () => {
    const { desired } = lower(project([service('web')]));
    expect(desired.networks).toEqual([
      {
        key: 'default',
        name: 'app_default',
        external: false,
        create: {
          Name: 'app_default',
          Driver: 'overlay',
          Scope: 'swarm',
          Options: {},
          IPAM: { Driver: 'default', Config: [], Options: {} },
          Internal: false,
          Attachable: false,
          CheckDuplicate: true,
          Labels: { 'com.docker.stack.namespace': 'app' },
        },
      },
    ]);
    expect(desired.services[0]!.spec.TaskTemplate.Networks).toEqual([{ Target: 'app_default', Aliases: ['web'] }]);
  });

  it('scopes names with the stack, not the project, but keeps `name:` and external names', () => {
    const p = project([service('web', { networks: { front: null, back: null, ext: null } })], {
      networks: { front: network('app_front'), back: network('backend-net'), ext: network('shared', { external: true }) },
    });
    const { desired } = lower(p, { stack: 'prod' });
    expect(desired.networks.map((n) => [n.key, n.name, n.external, n.create?.Labels])).toEqual([
      ['back', 'backend-net', false, { 'com.docker.stack.namespace': 'prod' }],
      ['ext', 'shared', true, undefined],
      ['front', 'prod_front', false, { 'com.docker.stack.namespace': 'prod' }],
    ]);
    expect(desired.services[0]!.spec.TaskTemplate.Networks!.map((n) => n.Target)).toEqual(['backend-net', 'prod_front', 'shared']);
  });

  it('creates only the networks services join', () => {
    const p = project([service('web')], { networks: { default: network('app_default'), unused: network('app_unused') } });
    expect(lower(p).desired.networks.map((n) => n.key)).toEqual(['default']);
  });

  it('puts the file aliases first, then the service name, and passes attachment driver_opts', () => {
    const p = project([service('api', { networks: { back: attach({ aliases: ['api.backend', 'api'], driver_opts: { mtu: '1400' } }) } })], {
      networks: { back: network('app_back') },
    });
    expect(lower(p).desired.services[0]!.spec.TaskTemplate.Networks).toEqual([{ Target: 'app_back', Aliases: ['api.backend', 'api'], DriverOpts: { mtu: '1400' } }]);
  });

  it('gives no alias on the predefined host network', () => {
    const p = project([service('a', { networks: { hostnet: null } })], { networks: { hostnet: network('host', { external: true }) } });
    expect(lower(p).desired.services[0]!.spec.TaskTemplate.Networks).toEqual([{ Target: 'host' }]);
  });

  it('joins `default` under network_mode (with a warning), creating it if normalize did not', () => {
    const { desired, diagnostics } = lower(project([service('a', { network_mode: 'host' })], { networks: {} }));
    expect(desired.networks.map((n) => n.name)).toEqual(['app_default']);
    expect(desired.services[0]!.spec.TaskTemplate.Networks).toEqual([{ Target: 'app_default', Aliases: ['a'] }]);
    expect(warnings(diagnostics)).toEqual([['W0701', ['services', 'a', 'network_mode']]]);
  });

  it('keeps driver options, IPAM, internal, attachable and ipv6; warns for a non-overlay driver', () => {
    const back = network('app_back', {
      driver: 'bridge',
      driver_opts: { 'com.docker.network.mtu': '1400' },
      internal: true,
      attachable: true,
      enable_ipv6: true,
      labels: { team: 'db' },
      ipam: { driver: 'default', config: [{ subnet: '172.28.0.0/16', ip_range: '172.28.5.0/24', gateway: '172.28.5.254', aux_addresses: { host1: '172.28.1.5' } }], options: {} },
    });
    const { desired, diagnostics } = lower(project([service('db', { networks: { back: null } })], { networks: { back } }));
    expect(desired.networks[0]!.create).toEqual({
      Name: 'app_back',
      Driver: 'bridge',
      Scope: 'swarm',
      Options: { 'com.docker.network.mtu': '1400' },
      IPAM: { Driver: 'default', Config: [{ Subnet: '172.28.0.0/16', IPRange: '172.28.5.0/24', Gateway: '172.28.5.254', AuxiliaryAddresses: { host1: '172.28.1.5' } }], Options: {} },
      Internal: true,
      Attachable: true,
      EnableIPv6: true,
      CheckDuplicate: true,
      Labels: { 'com.docker.stack.namespace': 'app', team: 'db' },
    });
    expect(warnings(diagnostics)).toEqual([['W0701', ['networks', 'back', 'driver']]]);
  });

  it('warns about static addresses and other endpoint options at their path', () => {
    const s = service('r', { networks: { default: attach({ ipv4_address: '10.0.0.5', ipv6_address: 'fd00::5', mac_address: '02:42:ac:11:00:02' }) } });
    expect(lowerOne(s).warnings).toEqual([
      ['W0701', ['services', 'r', 'networks', 'default', 'ipv4_address']],
      ['W0701', ['services', 'r', 'networks', 'default', 'ipv6_address']],
      ['W0701', ['services', 'r', 'networks', 'default', 'mac_address']],
    ]);
  });
});
