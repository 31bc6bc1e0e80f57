/**
 * --resolve-image: which images each mode looks up, the lookups (bounded, timed, with the
 * credentials --with-registry-auth sends), and the plan they lead to: a pinned spec for what is
 * created, an update for a moved tag, nothing for a tag that did not move, and an image no
 * registry answered for deployed as written with docker's warning. The registry is a recording
 * fake behind SwarmApi.distribution; the engine's stored specs come from swarm-fixtures.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fromSwarmPlan } from '../../../src/deploy/diff/change-set.js';
import { planSwarm, SPEC_HASH_LABEL, specHash, type SwarmAction, type SwarmObserved, type SwarmPlan } from '../../../src/deploy/swarm/plan.js';
import { digestWarning, imagesToResolve, resolveImages, withoutLocalOnly, type ResolveImage, type ResolvedImages } from '../../../src/deploy/swarm/resolve-image.js';
import type { RegistryAnswer, RegistryAuth, SwarmApi } from '../../../src/deploy/swarm/swarm-api.js';
import type { SwarmDesired } from '../../../src/targets/swarm/index.js';
import { cleanup, desiredOf, observedOf, PINNED } from './swarm-fixtures.js';

afterAll(cleanup);

const digest = (c: string) => `sha256:${c.repeat(64)}`;
/** What swarm-fixtures.ts pins every unpinned image to when it simulates the stored spec. */
const RUNNING = PINNED.slice(1);
const MOVED = digest('f');

const STACK = `services:
  web:
    image: registry.test:5000/team/web:1.0
    environment: {LOG_LEVEL: debug}
  api:
    image: registry.test:5000/team/web:1.0
  local:
    image: stackc-test/busybox:latest
  fixed:
    image: alpine@${digest('b')}
`;

interface FakeRegistry {
  readonly swarm: SwarmApi;
  readonly asked: { image: string; auth?: RegistryAuth }[];
  maxInFlight: number;
}

/** A registry that knows `digests`; any other image is refused, `hang` never answers. */
function fakeRegistry(digests: Record<string, string>, options: { hang?: readonly string[]; delayMs?: number } = {}): FakeRegistry {
  let inFlight = 0;
  const registry: FakeRegistry = {
    asked: [],
    maxInFlight: 0,
    swarm: {
      distribution: async (image: string, auth?: RegistryAuth): Promise<RegistryAnswer> => {
        registry.asked.push({ image, ...(auth ? { auth } : {}) });
        if (options.hang?.includes(image)) return new Promise<RegistryAnswer>(() => undefined);
        registry.maxInFlight = Math.max(registry.maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1));
        inFlight--;
        const found = digests[image];
        return found ? { digest: found } : { problem: `Get "https://${image.split('/')[0]}/v2/": no such host` };
      },
    } as SwarmApi,
  };
  return registry;
}

const NOTHING: SwarmObserved = { services: [], networks: [], secrets: [], configs: [], byName: new Set() };

async function planWith(mode: ResolveImage, desired: SwarmDesired, observed: SwarmObserved, registry: FakeRegistry): Promise<{ plan: SwarmPlan; resolved: ResolvedImages }> {
  const resolved = await resolveImages(registry.swarm, imagesToResolve(desired, observed, mode));
  return { plan: planSwarm(desired, observed, { digests: resolved.digests }), resolved };
}

const imageOf = (a: SwarmAction | undefined) => (a && 'spec' in a ? a.spec.TaskTemplate.ContainerSpec.Image : undefined);
const service = (plan: SwarmPlan, name: string) => plan.actions.find((a) => a.name === `s_${name}`);

describe('imagesToResolve: what each mode asks the registry about', () => {
  const desired = desiredOf(STACK);

  it('never asks nothing', () => {
    expect(imagesToResolve(desired, NOTHING, 'never')).toEqual(new Map());
    expect(imagesToResolve(desired, observedOf(desired), 'never')).toEqual(new Map());
  });

  it('always asks about every image once, naming its services, except one the file pins by digest', () => {
    const wanted = imagesToResolve(desired, observedOf(desired), 'always');
    expect(wanted).toEqual(
      new Map([
        ['registry.test:5000/team/web:1.0', ['s_api', 's_web']],
        ['stackc-test/busybox:latest', ['s_local']],
      ]),
    );
  });

  it('changed asks about new services and those whose image the file changed, not unchanged ones', () => {
    expect([...imagesToResolve(desired, NOTHING, 'changed').keys()]).toEqual(['registry.test:5000/team/web:1.0', 'stackc-test/busybox:latest']);
    expect(imagesToResolve(desired, observedOf(desired), 'changed')).toEqual(new Map());
    const edited = desiredOf(STACK.replace('image: stackc-test/busybox:latest', 'image: stackc-test/busybox:2'));
    expect(imagesToResolve(edited, observedOf(desired), 'changed')).toEqual(new Map([['stackc-test/busybox:2', ['s_local']]]));
    // An env-only change is an update, but not an image change: the running digest stays (below).
    const envOnly = desiredOf(STACK.replace('LOG_LEVEL: debug', 'LOG_LEVEL: info'));
    expect(imagesToResolve(envOnly, observedOf(desired), 'changed')).toEqual(new Map());
  });
});

describe('withoutLocalOnly: images made on this engine are not looked up', () => {
  it('drops an image the engine has without any repo digest, keeps pulled and absent ones', async () => {
    const wanted = new Map([
      ['built-here:1', ['s_a']],
      ['pulled:1', ['s_b']],
      ['absent:1', ['s_c', 's_d']],
    ]);
    const local: Record<string, readonly string[]> = { 'built-here:1': [], 'pulled:1': [`pulled@${digest('a')}`] };
    const kept = await withoutLocalOnly(wanted, async (image) => local[image]);
    expect([...kept]).toEqual([
      ['pulled:1', ['s_b']],
      ['absent:1', ['s_c', 's_d']],
    ]);
  });
});

describe('resolveImages: bounded, timed lookups', () => {
  it('returns the digests it got and one entry per image no registry answered for', async () => {
    const registry = fakeRegistry({ 'a:1': digest('1') });
    const resolved = await resolveImages(registry.swarm, new Map([['a:1', ['s_a']], ['b:1', ['s_b', 's_c']]]));
    expect(resolved.digests).toEqual(new Map([['a:1', digest('1')]]));
    expect(resolved.unresolved).toEqual([{ image: 'b:1', services: ['s_b', 's_c'], problem: 'Get "https://b:1/v2/": no such host' }]);
  });

  it('asks with the credentials --with-registry-auth would send for that image', async () => {
    const registry = fakeRegistry({});
    const auth = { username: 'u', password: 'p', serveraddress: 'registry.test:5000' };
    await resolveImages(registry.swarm, new Map([['registry.test:5000/x:1', ['s_x']], ['y:1', ['s_y']]]), { registryAuth: (image) => (image.startsWith('registry.test') ? auth : undefined) });
    expect(registry.asked).toEqual([{ image: 'registry.test:5000/x:1', auth }, { image: 'y:1' }]);
  });

  it('runs at most `concurrency` lookups at a time, and all of them', async () => {
    const registry = fakeRegistry({}, { delayMs: 5 });
    const wanted = new Map(Array.from({ length: 20 }, (_, i) => [`img${i}:1`, [`s_${i}`]] as [string, string[]]));
    const resolved = await resolveImages(registry.swarm, wanted, { concurrency: 4 });
    expect(registry.asked).toHaveLength(20);
    expect(registry.maxInFlight).toBe(4);
    expect(resolved.unresolved).toHaveLength(20);
  });

  it('a registry that does not answer in time is unresolved, and does not hold the others up', async () => {
    const registry = fakeRegistry({ 'a:1': digest('1') }, { hang: ['slow:1'] });
    const t0 = Date.now();
    const resolved = await resolveImages(registry.swarm, new Map([['slow:1', ['s_slow']], ['a:1', ['s_a']]]), { timeoutMs: 50 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(resolved.digests).toEqual(new Map([['a:1', digest('1')]]));
    expect(resolved.unresolved).toEqual([{ image: 'slow:1', services: ['s_slow'], problem: 'no answer within 0.05 s' }]);
  });

  it("the warning is docker's, on one line, naming the services", () => {
    const line = digestWarning({ image: 'b:1', services: ['s_b', 's_c'], problem: 'no such host' });
    expect(line).not.toContain('\n');
    expect(line).toBe(
      'image b:1 could not be accessed on a registry to record its digest (no such host; services s_b, s_c). Each node will access b:1 independently, possibly leading to different nodes running different versions of the image.',
    );
    const many = digestWarning({ image: 'b:1', services: ['s1', 's2', 's3', 's4', 's5', 's6', 's7'], problem: 'no such host' });
    expect(many).toContain('(no such host; services s1, s2, s3, s4, and 3 more). ');
    expect(digestWarning({ image: 'b:1', services: ['s1', 's2', 's3', 's4', 's5'], problem: 'x' })).toContain('services s1, s2, s3, s4, s5). ');
  });
});

describe('planSwarm with registry digests, per mode', () => {
  const WEB = 'registry.test:5000/team/web:1.0';
  const desired = desiredOf(STACK);

  it.each(['always', 'changed'] as const)('%s: a new stack is created pinned; an image no registry knows is created as written', async (mode) => {
    const registry = fakeRegistry({ [WEB]: RUNNING });
    const { plan, resolved } = await planWith(mode, desired, NOTHING, registry);
    expect(imageOf(service(plan, 'web'))).toBe(`${WEB}@${RUNNING}`);
    expect(imageOf(service(plan, 'api'))).toBe(`${WEB}@${RUNNING}`);
    expect(imageOf(service(plan, 'local'))).toBe('stackc-test/busybox:latest');
    expect(imageOf(service(plan, 'fixed'))).toBe(`alpine@${digest('b')}`);
    expect(resolved.unresolved.map((u) => [u.image, u.services])).toEqual([['stackc-test/busybox:latest', ['s_local']]]);
    const web = service(plan, 'web');
    // The label keeps the reference as written, the spec hash is of the file (unpinned).
    expect(web && 'spec' in web && web.spec.Labels).toMatchObject({ 'com.docker.stack.image': WEB, [SPEC_HASH_LABEL]: specHash(desired.services.find((s) => s.name === 's_web')!.spec) });
  });

  it('never: a new stack is created as written, and the registry is not asked', async () => {
    const registry = fakeRegistry({ [WEB]: RUNNING });
    const { plan } = await planWith('never', desired, NOTHING, registry);
    expect(imageOf(service(plan, 'web'))).toBe(WEB);
    expect(registry.asked).toEqual([]);
  });

  it.each(['always', 'changed', 'never'] as const)('%s: an unchanged stack whose tags did not move plans nothing', async (mode) => {
    const registry = fakeRegistry({ [WEB]: RUNNING, 'stackc-test/busybox:latest': RUNNING });
    const { plan } = await planWith(mode, desired, observedOf(desired), registry);
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toEqual(['s_api', 's_fixed', 's_local', 's_web']);
  });

  it('always: a moved tag updates the services that use it, with the new digest and reason `digest`', async () => {
    const registry = fakeRegistry({ [WEB]: MOVED, 'stackc-test/busybox:latest': RUNNING });
    const { plan } = await planWith('always', desired, observedOf(desired), registry);
    expect(plan.actions.map((a) => `${a.kind} ${a.name}`)).toEqual(['update-service s_api', 'update-service s_web']);
    for (const a of plan.actions) {
      expect(a).toMatchObject({ kind: 'update-service', reason: 'digest' });
      expect(imageOf(a)).toBe(`${WEB}@${MOVED}`);
      expect(a.kind === 'update-service' && a.fields).toEqual([{ path: 'TaskTemplate.ContainerSpec.Image', before: `${WEB}@${RUNNING}`, after: `${WEB}@${MOVED}` }]);
    }
    expect(fromSwarmPlan(plan).changes.find((c) => c.name === 's_web')?.reason).toMatch(/tag moved/);
  });

  it.each(['changed', 'never'] as const)('%s: a moved tag is not looked at; nothing is planned', async (mode) => {
    const registry = fakeRegistry({ [WEB]: MOVED });
    const { plan } = await planWith(mode, desired, observedOf(desired), registry);
    expect(plan.actions).toEqual([]);
  });

  it('always: a service running its tag unpinned is pinned (an update, reason `digest`)', async () => {
    const observed = observedOf(desired, (name, spec) => {
      if (name === 's_web') spec.TaskTemplate.ContainerSpec.Image = WEB;
    });
    const { plan } = await planWith('always', desired, observed, fakeRegistry({ [WEB]: RUNNING }));
    expect(plan.actions.map((a) => [a.name, a.kind === 'update-service' && a.reason, imageOf(a)])).toEqual([['s_web', 'digest', `${WEB}@${RUNNING}`]]);
  });

  it('always: a registry that cannot answer leaves running services as they are (no unpinning update)', async () => {
    const registry = fakeRegistry({});
    const { plan, resolved } = await planWith('always', desired, observedOf(desired), registry);
    expect(plan.actions).toEqual([]);
    expect(resolved.unresolved.map((u) => u.image)).toEqual([WEB, 'stackc-test/busybox:latest']);
  });

  it.each(['always', 'changed', 'never'] as const)('%s: an env-only file change keeps or refreshes the digest, never unpins', async (mode) => {
    const envOnly = desiredOf(STACK.replace('LOG_LEVEL: debug', 'LOG_LEVEL: info'));
    const { plan } = await planWith(mode, envOnly, observedOf(desired), fakeRegistry({ [WEB]: MOVED }));
    const web = service(plan, 'web');
    expect(web).toMatchObject({ kind: 'update-service', reason: 'changed' });
    // always asks again and takes the new digest; changed and never keep the one the service runs.
    expect(imageOf(web)).toBe(`${WEB}@${mode === 'always' ? MOVED : RUNNING}`);
  });

  it.each(['always', 'changed'] as const)('%s: a file that changes the tag deploys the new tag pinned', async (mode) => {
    const edited = desiredOf(STACK.replaceAll('web:1.0', 'web:1.1'));
    const NEXT = 'registry.test:5000/team/web:1.1';
    const { plan } = await planWith(mode, edited, observedOf(desired), fakeRegistry({ [NEXT]: MOVED }));
    expect(plan.actions.map((a) => [a.name, a.kind === 'update-service' && a.reason, imageOf(a)])).toEqual([
      ['s_api', 'changed', `${NEXT}@${MOVED}`],
      ['s_web', 'changed', `${NEXT}@${MOVED}`],
    ]);
  });

  it('never: a file that changes the tag deploys it as written (the old digest is not carried over)', async () => {
    const edited = desiredOf(STACK.replaceAll('web:1.0', 'web:1.1'));
    const { plan } = await planWith('never', edited, observedOf(desired), fakeRegistry({}));
    expect(imageOf(service(plan, 'web'))).toBe('registry.test:5000/team/web:1.1');
  });

  it('a hand-set image (docker service update --image) is still drift, and goes back to the file’s tag', async () => {
    const observed = observedOf(desired, (name, spec) => {
      if (name === 's_web') spec.TaskTemplate.ContainerSpec.Image = `registry.test:5000/team/web:0.9${PINNED}`;
    });
    const { plan } = await planWith('changed', desired, observed, fakeRegistry({}));
    expect(plan.actions.map((a) => [a.name, a.kind === 'update-service' && a.reason, imageOf(a)])).toEqual([['s_web', 'drift', WEB]]);
  });
});
