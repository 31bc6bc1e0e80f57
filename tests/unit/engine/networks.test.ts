import { describe, expect, it } from 'vitest';
import type { ServiceNetwork } from '../../../src/normalize/model.js';
import { lower, lowerOne, network, project, service, volume } from './helpers.js';

const attach = (extra: Partial<ServiceNetwork> = {}): ServiceNetwork => ({ aliases: [], link_local_ips: [], driver_opts: {}, ...extra });

describe('network_mode', () => {
  it.each(['host', 'none', 'bridge', 'container:some-db'])('passes `%s` through with no networks', (mode) => {
    const { container } = lowerOne(service('a', { network_mode: mode }));
    expect(container.create.HostConfig.NetworkMode).toBe(mode);
    expect(container.create.NetworkingConfig).toBeUndefined();
    expect(container.connect).toEqual([]);
  });

  it('turns `service:X` into the first container of X (or its container_name)', () => {
    const p = project([service('vpn'), service('app', { network_mode: 'service:vpn' }), service('named', { container_name: 'the-db' }), service('b', { network_mode: 'service:named' })]);
    const byName = Object.fromEntries(lower(p).desired.services.map((s) => [s.name, s.containers[0]!.create.HostConfig]));
    expect(byName.app!.NetworkMode).toBe('container:app-vpn-1');
    expect(byName.b!.NetworkMode).toBe('container:the-db');
  });

  it('resolves `service:` in ipc and pid too', () => {
    const p = project([service('x'), service('y', { ipc: 'service:x', pid: 'host' })]);
    const y = lower(p).desired.services.find((s) => s.name === 'y')!.containers[0]!.create.HostConfig;
    expect(y).toMatchObject({ IpcMode: 'container:app-x-1', PidMode: 'host' });
  });
});

describe('service networks', () => {
  it('attaches the first network at create, connects the rest, with aliases and static addresses', () => {
    const s = service('web', {
      networks: {
        back: attach({ aliases: ['api'], ipv4_address: '172.38.0.11' }),
        front: attach({ priority: 10, ipv6_address: 'fd00::11', mac_address: '02:42:ac:11:00:02' }),
      },
    });
    const { container } = lowerOne(s, { networks: { back: network('app_back'), front: network('app_front') } });
    expect(container.create.HostConfig.NetworkMode).toBe('app_front');
    expect(container.create.MacAddress).toBe('02:42:ac:11:00:02');
    expect(container.create.NetworkingConfig).toEqual({
      EndpointsConfig: { app_front: { Aliases: ['web'], IPAMConfig: { IPv6Address: 'fd00::11' }, MacAddress: '02:42:ac:11:00:02' } },
    });
    expect(container.connect).toEqual([{ network: 'app_back', endpoint: { Aliases: ['web', 'api'], IPAMConfig: { IPv4Address: '172.38.0.11' } } }]);
  });

  it('links every replica of the linked service on the shared network', () => {
    const p = project([service('web'), service('lb', { links: [{ service: 'web', alias: 'backend' }] })]);
    const { desired } = lower(p, { scale: { web: 3 } });
    const lb = desired.services.find((s) => s.name === 'lb')!.containers[0]!;
    expect(lb.create.NetworkingConfig?.EndpointsConfig.app_default?.Links).toEqual(['app-web-1:backend', 'app-web-2:backend', 'app-web-3:backend']);
    expect(lb.create.HostConfig.Links).toBeUndefined();
  });

  it('uses HostConfig.Links on the default bridge, and warns for links that share no network', () => {
    const bridged = project([service('db', { network_mode: 'bridge' }), service('app', { network_mode: 'bridge', links: [{ service: 'db', alias: 'db' }] })]);
    const app = lower(bridged).desired.services.find((s) => s.name === 'app')!.containers[0]!;
    expect(app.create.HostConfig.Links).toEqual(['app-db-1:db']);

    const apart = project([service('db', { networks: { back: null } }), service('app', { links: [{ service: 'db', alias: 'db' }] })], {
      networks: { default: network('app_default'), back: network('app_back') },
    });
    const { desired, diagnostics } = lower(apart);
    expect(desired.services.find((s) => s.name === 'app')!.containers[0]!.create.NetworkingConfig?.EndpointsConfig.app_default?.Links).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['W0701', ['services', 'app', 'links', 0]]]);
  });
});

describe('external links', () => {
  it('puts external_links on the first network, with the name as default alias', () => {
    const s = service('app', { external_links: ['legacy-db', 'cache-1:cache'] });
    expect(lowerOne(s).container.create.NetworkingConfig?.EndpointsConfig.app_default?.Links).toEqual(['legacy-db:legacy-db', 'cache-1:cache']);
  });

  it('warns for links under network_mode host', () => {
    const p = project([service('db'), service('app', { network_mode: 'host', links: [{ service: 'db', alias: 'db' }] })]);
    expect(lower(p).diagnostics.map((d) => [d.code, d.path])).toEqual([['W0701', ['services', 'app', 'links']]]);
  });
});

describe('networks and volumes', () => {
  it('warns that containers can only join an attachable overlay network', () => {
    const overlay = (attachable: boolean) =>
      lower(project([service('a')], { networks: { default: network('app_default', { driver: 'overlay', attachable }) } })).diagnostics.map((d) => [d.code, d.path]);
    expect(overlay(false)).toEqual([['W0701', ['networks', 'default', 'driver']]]);
    expect(overlay(true)).toEqual([]);
  });

  it('creates networks with compose labels, default drivers and IPAM, sorted by key; looks external ones up', () => {
    const p = project([service('a')], {
      networks: {
        default: network('app_default'),
        outside: network('shared', { external: true }),
        cluster: network('app_cluster', {
          driver_opts: { 'com.docker.network.bridge.name': 'br-cluster' },
          ipam: { config: [{ subnet: '172.38.0.0/16', gateway: '172.38.0.1', aux_addresses: {} }], options: {} },
          labels: { team: 'infra' },
        }),
      },
    });
    const { networks } = lower(p).desired;
    expect(networks.map((n) => n.key)).toEqual(['cluster', 'default', 'outside']);
    expect(networks[0]!.create).toEqual({
      Name: 'app_cluster',
      Driver: 'bridge',
      Options: { 'com.docker.network.bridge.name': 'br-cluster' },
      IPAM: { Driver: 'default', Config: [{ Subnet: '172.38.0.0/16', Gateway: '172.38.0.1' }], Options: {} },
      Internal: false,
      Attachable: false,
      EnableIPv6: false,
      CheckDuplicate: true,
      Labels: { 'com.docker.compose.network': 'cluster', 'com.docker.compose.project': 'app', 'com.docker.compose.version': '2.20.2', team: 'infra' },
    });
    expect(networks[2]).toEqual({ key: 'outside', name: 'shared', external: true });
  });

  it('creates volumes with compose labels and the local driver by default', () => {
    const p = project([service('a')], { volumes: { data: volume('app_data'), old: volume('legacy', { external: true }) } });
    expect(lower(p).desired.volumes).toEqual([
      {
        key: 'data',
        name: 'app_data',
        external: false,
        create: {
          Name: 'app_data',
          Driver: 'local',
          DriverOpts: {},
          Labels: { 'com.docker.compose.project': 'app', 'com.docker.compose.version': '2.20.2', 'com.docker.compose.volume': 'data' },
        },
      },
      { key: 'old', name: 'legacy', external: true },
    ]);
  });
});
