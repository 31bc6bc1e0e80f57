/**
 * networkDrift and volumeDrift: an existing network or volume against the body the file would
 * create it with. The live side is what engine 20.10 answered to GET /networks and GET /volumes
 * (ids, timestamps and mount points dropped), read as the clients read it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { networkDrift, volumeDrift } from '../../../src/deploy/drift.js';
import { networkSummary } from '../../../src/deploy/network-summary.js';
import { observeEngine } from '../../../src/deploy/engine/observe.js';
import { planEngine } from '../../../src/deploy/engine/plan.js';
import { planSwarm } from '../../../src/deploy/swarm/plan.js';
import type { EngineDesired } from '../../../src/targets/engine/desired.js';
import { LABELS } from '../../../src/targets/engine/labels.js';
import { desiredOf as engineDesiredOf, removeDesiredDirs } from './engine-desired.js';
import { fakeEngine, type FakeEngine } from './fake-engine.js';
import { cleanup, desiredOf, observedOf } from './swarm-fixtures.js';

afterAll(() => {
  cleanup();
  removeDesiredDirs();
});

const FILE = `services:
  a:
    image: busybox
    networks: [back, plain]
networks:
  back:
    driver_opts:
      com.docker.network.driver.mtu: "1400"
    attachable: true
    labels: {tier: back}
    ipam:
      config:
        - subnet: 10.55.0.0/24
  plain: {}
`;

/** Engine 20.10's answer for stack s deployed from FILE (a single-node swarm). */
const LIVE = {
  s_back: {
    Name: 's_back',
    Scope: 'swarm',
    Driver: 'overlay',
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: '10.55.0.0/24', Gateway: '10.55.0.1' }] },
    Internal: false,
    Attachable: true,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: null,
    Options: { 'com.docker.network.driver.mtu': '1400', 'com.docker.network.driver.overlay.vxlanid_list': '4188' },
    Labels: { 'com.docker.stack.namespace': 's', tier: 'back' },
  },
  s_plain: {
    Name: 's_plain',
    Scope: 'swarm',
    Driver: 'overlay',
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: '10.0.92.0/24', Gateway: '10.0.92.1' }] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: null,
    Options: { 'com.docker.network.driver.overlay.vxlanid_list': '4189' },
    Labels: { 'com.docker.stack.namespace': 's' },
  },
};

/** The drift of each network of the stack `compose` describes against LIVE (edited by `edit`). */
function drift(compose: string, edit: (live: typeof LIVE) => void = () => undefined): Record<string, string[]> {
  const live = structuredClone(LIVE);
  edit(live);
  const desired = desiredOf(compose);
  return Object.fromEntries(desired.networks.map((n) => [n.name, networkDrift(n.create!, networkSummary({ Id: n.name, ...live[n.name as keyof typeof LIVE] }))]));
}

describe('networkDrift', () => {
  it('finds nothing for the networks the file made: the pools, gateways and VXLAN ids the engine added are not differences', () => {
    expect(drift(FILE)).toEqual({ s_back: [], s_plain: [] });
  });

  it('names each setting the file changed, as live → file', () => {
    const changed = FILE.replace('"1400"', '"1450"').replace('attachable: true', 'attachable: false\n    internal: true').replace('10.55.0.0/24', '10.56.0.0/24').replace('tier: back', 'tier: data');
    expect(drift(changed).s_back).toEqual([
      'internal: false → true',
      'attachable: true → false',
      'driver option com.docker.network.driver.mtu: 1400 → 1450',
      'subnets: 10.55.0.0/24 → 10.56.0.0/24',
      'label tier: back → data',
    ]);
  });

  it('names what the file adds: a driver option, a gateway, another driver', () => {
    const added = FILE.replace('  plain: {}', '  plain:\n    driver_opts: {encrypted: "true"}\n    ipam:\n      config: [{subnet: 10.0.92.0/24, gateway: 10.0.92.254}]');
    expect(drift(added).s_plain).toEqual(['driver option encrypted: (none) → true', 'gateway of 10.0.92.0/24: 10.0.92.1 → 10.0.92.254']);
    expect(drift(FILE.replace('  plain: {}', '  plain: {driver: bridge}')).s_plain).toEqual(['driver: overlay → bridge']);
  });

  it('an IPv6 pool the engine added to the named one is not a difference', () => {
    expect(drift(FILE, (live) => live.s_back.IPAM.Config.push({ Subnet: 'fd00:55::/64', Gateway: 'fd00:55::1' })).s_back).toEqual([]);
  });

  it('compares no options or pools a manager does not report (a swarm-scoped bridge network), but the rest', () => {
    const bridge = FILE.replace('  back:\n', '  back:\n    driver: bridge\n');
    const unreported = (live: typeof LIVE) => {
      Object.assign(live.s_back, { Driver: 'bridge', Options: null, IPAM: { Driver: '', Options: null, Config: [] } });
    };
    expect(drift(bridge, unreported).s_back).toEqual([]);
    expect(drift(bridge.replace('attachable: true', 'attachable: false'), unreported).s_back).toEqual(['attachable: true → false']);
  });
});

describe('volumeDrift', () => {
  /** Engine 20.10's answer for a volume made with --opt type=tmpfs --opt device=tmpfs --opt o=size=10m --label a=b. */
  const live = { name: 'p_data', driver: 'local', labels: { a: 'b' }, options: { device: 'tmpfs', o: 'size=10m', type: 'tmpfs' } };
  const body = { Name: 'p_data', Driver: 'local', DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=10m' }, Labels: { a: 'b' } };

  it('finds nothing for the volume the file made', () => {
    expect(volumeDrift(body, live)).toEqual([]);
  });

  it('names options changed, added and removed (the engine adds none), the driver and labels', () => {
    const { o: _dropped, ...rest } = body.DriverOpts;
    expect(volumeDrift({ ...body, Driver: 'nfs', DriverOpts: { ...rest, device: 'ramfs', uid: '1000' }, Labels: { a: 'c' } }, live)).toEqual([
      'driver: local → nfs',
      'driver option device: tmpfs → ramfs',
      'driver option o: size=10m → (none)',
      'driver option uid: (none) → 1000',
      'label a: b → c',
    ]);
  });
});

describe('the plans warn about a network or volume that differs, and go on', () => {
  it('deploy: the warning names the network, what differs, and how to apply it', () => {
    const before = desiredOf(FILE);
    const after = desiredOf(FILE.replace('10.55.0.0/24', '10.56.0.0/24'));
    const plan = planSwarm(after, observedOf(before));
    expect(plan.errors).toEqual([]);
    expect(plan.actions).toEqual([]);
    expect(plan.warnings).toEqual([
      'network s_back differs from the file (subnets: 10.55.0.0/24 → 10.56.0.0/24); a network cannot be changed in place, so it keeps these settings until it is removed: stackc rm s, then deploy again',
    ]);
  });

  /** up's warnings for `compose` once `create` made its resources on an engine: as it is, and edited. */
  async function upWarnings(compose: string, edit: (text: string) => string, create: (engine: FakeEngine, desired: EngineDesired) => Promise<unknown>) {
    const engine = fakeEngine(['busybox']);
    const desired = engineDesiredOf(compose);
    await create(engine, desired);
    const observed = await observeEngine(engine, desired);
    return { unchanged: planEngine(desired, observed).warnings, edited: planEngine(engineDesiredOf(edit(compose)), observed).warnings };
  }

  it('up: a volume, whose remedy says that its data goes with it', async () => {
    const compose = 'services:\n  a: {image: busybox, volumes: [data:/d]}\nvolumes:\n  data: {driver_opts: {type: tmpfs, device: tmpfs}}\n';
    expect(await upWarnings(compose, (text) => text.replace('device: tmpfs', 'device: ramfs'), (engine, desired) => engine.createVolume(desired.volumes[0]!.create!))).toEqual({
      unchanged: [],
      edited: [
        'volume p_data differs from the file (driver option device: tmpfs → ramfs); a volume cannot be changed in place, so it keeps these settings until it is removed: stackc down -v, then up again (this deletes its data)',
      ],
    });
  });

  it('up: the same for a network, and one another compose version made is not different for that', async () => {
    const compose = 'services:\n  a: {image: busybox}\nnetworks:\n  default:\n    internal: true\n';
    const createdByCompose = (engine: FakeEngine, desired: EngineDesired) => {
      const body = desired.networks[0]!.create!;
      return engine.createNetwork({ ...body, Labels: { ...body.Labels, [LABELS.version]: '2.29.1' } });
    };
    expect(await upWarnings(compose, (text) => text.replace('internal: true', 'internal: false'), createdByCompose)).toEqual({
      unchanged: [],
      edited: [
        'network p_default differs from the file (internal: true → false); a network cannot be changed in place, so it keeps these settings until it is removed: stackc down, then up again',
      ],
    });
  });
});
