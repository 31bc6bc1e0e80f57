/**
 * applySwarmChanges against a recording stand-in for the swarm API: the order of the writes and
 * the secret/config IDs it fills into the service specs. The e2e tests run it on a real swarm.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { applySwarmChanges } from '../../../src/deploy/swarm/apply.js';
import type { Contents } from '../../../src/deploy/swarm/content.js';
import { planSwarm } from '../../../src/deploy/swarm/plan.js';
import type { ObjectRef, SwarmApi } from '../../../src/deploy/swarm/swarm-api.js';
import type { ServiceSpec } from '../../../src/targets/swarm/index.js';
import { fakeEngine } from './fake-engine.js';
import { cleanup, desiredOf } from './swarm-fixtures.js';

afterAll(cleanup);

/** A swarm holding `existing` secrets and configs, recording each call and each created spec. */
function recordingSwarm(existing: { secrets?: ObjectRef[]; configs?: ObjectRef[] } = {}) {
  const calls: string[] = [];
  const created: ServiceSpec[] = [];
  const secrets = [...(existing.secrets ?? [])];
  const configs = [...(existing.configs ?? [])];
  const unused = (name: string) => async () => {
    throw new Error(`apply should not call ${name}`);
  };
  const swarm: SwarmApi = {
    listSecrets: async () => (calls.push('list secrets'), secrets),
    listConfigs: async () => (calls.push('list configs'), configs),
    createSecret: async (body) => {
      calls.push(`create secret ${body.Name}`);
      secrets.push({ id: `sid-${body.Name}`, name: body.Name, labels: {} });
      return `sid-${body.Name}`;
    },
    createConfig: async (body) => {
      calls.push(`create config ${body.Name}`);
      configs.push({ id: `cid-${body.Name}`, name: body.Name, labels: {} });
      return `cid-${body.Name}`;
    },
    createService: async (spec) => {
      calls.push(`create service ${spec.Name}`);
      created.push(spec);
      return `id-${spec.Name}`;
    },
    listServices: unused('listServices'),
    listServiceStatus: unused('listServiceStatus'),
    listTasks: unused('listTasks'),
    listNodes: unused('listNodes'),
    findSecret: unused('findSecret'),
    findConfig: unused('findConfig'),
    updateService: unused('updateService'),
    removeService: unused('removeService'),
    removeSecret: unused('removeSecret'),
    removeConfig: unused('removeConfig'),
    distribution: unused('distribution'),
  };
  return { swarm, calls, created };
}

const contents: Contents = { bytes: () => Buffer.from('s3cret'), digest: () => 'a'.repeat(64) };
const nothingObserved = { services: [], networks: [], secrets: [], configs: [], byName: new Set<string>() };

describe('applySwarmChanges', () => {
  it('creates networks, then services; with no secret or config named, it lists none', async () => {
    const desired = desiredOf('services:\n  web:\n    image: nginx\n  db:\n    image: postgres\n');
    const { swarm, calls } = recordingSwarm();
    const engine = fakeEngine();
    const changed = await applySwarmChanges(engine, swarm, planSwarm(desired, nothingObserved), { onEvent: () => {}, contents });
    expect(changed).toEqual(['s_db', 's_web']);
    expect(engine.writes()).toEqual(['create network s_default']);
    expect([...calls].sort()).toEqual(['create service s_db', 'create service s_web']);
  });

  it('creates networks, secrets and configs all at once, and services only once all of them exist', async () => {
    const desired = desiredOf(
      [
        'services:',
        '  web:',
        '    image: nginx',
        '    networks: [front, back]',
        '    secrets: [pw]',
        '    configs: [site]',
        'networks:',
        '  front: {}',
        '  back: {}',
        'secrets:',
        '  pw: {file: ./pw.txt}',
        'configs:',
        '  site: {file: ./site.conf}',
        '',
      ].join('\n'),
      { 'pw.txt': 'x', 'site.conf': 'y' },
    );
    // Every object write waits until all four have started: one after the other, none would finish.
    const started: string[] = [];
    let allStarted!: () => void;
    const gate = new Promise<void>((resolve) => (allStarted = resolve));
    const held = async (name: string) => {
      started.push(name);
      if (started.length === 4) allStarted();
      await gate;
    };
    const { swarm, calls } = recordingSwarm();
    const engine = fakeEngine();
    const createNetwork = engine.createNetwork.bind(engine);
    const createSecret = swarm.createSecret.bind(swarm);
    const createConfig = swarm.createConfig.bind(swarm);
    const gated: SwarmApi = { ...swarm, createSecret: async (body) => (await held(body.Name), createSecret(body)), createConfig: async (body) => (await held(body.Name), createConfig(body)) };
    engine.createNetwork = async (body) => (await held(body.Name), createNetwork(body));
    const applied = applySwarmChanges(engine, gated, planSwarm(desired, nothingObserved), { onEvent: () => {}, contents });
    const outcome = await Promise.race([applied.then(() => 'applied'), new Promise((resolve) => setTimeout(() => resolve('stuck'), 1000))]);
    expect(outcome).toBe('applied');
    expect(started.map((name) => name.replace(/_[0-9a-f]{10}$/, '')).sort()).toEqual(['s_back', 's_front', 's_pw', 's_site']);
    expect(calls.at(-1)).toBe('create service s_web');
  });

  it('creates the stack\'s secrets and configs first and fills every ID by name, external ones included', async () => {
    const desired = desiredOf(
      [
        'services:',
        '  web:',
        '    image: nginx',
        '    secrets: [pw, shared]',
        '    configs: [site]',
        'secrets:',
        '  pw: {file: ./pw.txt}',
        '  shared: {external: true}',
        'configs:',
        '  site: {file: ./site.conf}',
        '',
      ].join('\n'),
      { 'pw.txt': 'x', 'site.conf': 'y' },
    );
    const { swarm, calls, created } = recordingSwarm({ secrets: [{ id: 'sid-ext', name: 'shared', labels: {} }] });
    await applySwarmChanges(fakeEngine(), swarm, planSwarm(desired, { ...nothingObserved, byName: new Set(['secret:shared']) }), { onEvent: () => {}, contents });
    const [createdSecret, createdConfig] = [calls.find((c) => c.startsWith('create secret'))!, calls.find((c) => c.startsWith('create config'))!];
    expect(calls.indexOf(createdSecret)).toBeLessThan(calls.indexOf('create service s_web'));
    expect(calls.indexOf(createdConfig)).toBeLessThan(calls.indexOf('create service s_web'));
    const container = created[0]!.TaskTemplate.ContainerSpec;
    expect(Object.fromEntries(container.Secrets!.map((s) => [s.SecretName, s.SecretID]))).toEqual({
      [createdSecret.replace('create secret ', '')]: `sid-${createdSecret.replace('create secret ', '')}`,
      shared: 'sid-ext',
    });
    expect(container.Configs!.map((c) => c.ConfigID)).toEqual([`cid-${createdConfig.replace('create config ', '')}`]);
  });
});
