/**
 * planSwarm against what the engine stores: plan(x, x) is empty for realistic stacks (the rules
 * absorb everything the engine fills in), a hand edit is an update-service with reason `drift`
 * attributed to the edited field, a file edit is reason `changed`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { stackAbsent } from '../../../src/deploy/swarm/observe.js';
import { planSwarm, SPEC_HASH_LABEL, specHash, type SwarmAction, type SwarmPlan } from '../../../src/deploy/swarm/plan.js';
import { cleanup, desiredOf, networkId, observedOf, PINNED } from './swarm-fixtures.js';

afterAll(cleanup);

const APP = `services:
  web:
    image: nginx:1.25
    command: ["sh", "-c", "sleep 1000"]
    environment: {DB_PASSWORD: hunter2, LOG_LEVEL: debug}
    networks: [back, front]
    secrets: [db_password]
    configs: [app]
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
  worker:
    image: busybox
    deploy:
      resources: {limits: {memory: 64M}}
      placement: {constraints: [node.role==manager]}
networks:
  front: {}
  back: {}
secrets:
  db_password: {file: ./pw.txt}
configs:
  app: {content: hello}
`;

const API = `services:
  api:
    image: ghcr.io/acme/api:2.1
    entrypoint: ["/api"]
    stop_grace_period: 30s
    user: "1000"
    healthcheck: {test: ["CMD", "/api", "health"], interval: 10s, retries: 3}
    ports: ["8080:80", "9000:9000/udp"]
    deploy:
      replicas: 3
      labels: {team: core}
      update_config: {parallelism: 2, order: start-first, delay: 5s}
      rollback_config: {parallelism: 0}
      restart_policy: {condition: on-failure, max_attempts: 3}
    networks: [shared, backend]
networks:
  shared: {external: true}
  backend: {}
`;

const GLOBAL = `services:
  agent:
    image: alpine@sha256:${'b'.repeat(64)}
    dns: [1.1.1.1]
    deploy: {mode: global}
    volumes: ["/var/run/docker.sock:/var/run/docker.sock:ro"]
  cache:
    image: redis:7
    tmpfs: [/data]
    deploy:
      resources: {reservations: {cpus: "0.5"}}
`;

/** Network keys whose code-point order (lowering) and locale order differ. */
const MIXED_CASE = `services:
  web:
    image: nginx:1.25
    networks: [Frontend, backend]
networks:
  Frontend: {}
  backend: {}
`;

const files = { 'pw.txt': 'hunter2\n' };

function updates(plan: SwarmPlan): Extract<SwarmAction, { kind: 'update-service' }>[] {
  return plan.actions.filter((a): a is Extract<SwarmAction, { kind: 'update-service' }> => a.kind === 'update-service');
}

function driftOf(edit: (name: string, spec: Record<string, any>) => void) {
  const desired = desiredOf(APP, files);
  const plan = planSwarm(desired, observedOf(desired, edit));
  expect(plan.errors).toEqual([]);
  expect(plan.actions).toHaveLength(1);
  const [update] = updates(plan);
  expect(update).toBeDefined();
  return { plan, update: update! };
}

describe('planSwarm: an unchanged stack plans nothing (plan(x, x) is empty)', () => {
  it.each([
    ['replicated services with networks, secrets, configs, dnsrr, resources, placement', APP],
    ['update/rollback config, restart policy, ports, healthcheck, an external network', API],
    ['a global service pinned by digest, a tmpfs, a bind mount, reservations', GLOBAL],
  ])('%s', (_name, compose) => {
    const desired = desiredOf(compose, files);
    expect(desired.services.length).toBeGreaterThan(0);
    const plan = planSwarm(desired, observedOf(desired));
    expect(plan.errors).toEqual([]);
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toEqual(desired.services.map((s) => s.name).sort());
  });

  it('the simulated engine really rewrote the spec (the rules had work to do)', () => {
    const desired = desiredOf(APP, files);
    const live = observedOf(desired).services.find((s) => s.name === 's_web')!.spec;
    expect(live.TaskTemplate.ContainerSpec.Image).toBe(`nginx:1.25${PINNED}`);
    expect(live.TaskTemplate.Networks?.map((n) => n.Target)).toEqual([networkId('s_back'), networkId('s_front')]);
    expect(live.TaskTemplate.ContainerSpec.Secrets?.[0]?.SecretID).toBeDefined();
    expect(live.UpdateConfig?.Order).toBe('stop-first');
    expect(live.Labels[SPEC_HASH_LABEL]).toBe(specHash(desired.services.find((s) => s.name === 's_web')!.spec));
  });

  it('with network names whose code-point and locale orders differ (Frontend, backend)', () => {
    const desired = desiredOf(MIXED_CASE);
    const plan = planSwarm(desired, observedOf(desired));
    // Reported as the drifted paths, to keep the failure readable.
    expect(plan.actions.map((a) => (a.kind === 'update-service' ? `${a.reason}: ${a.fields.map((f) => f.path).join(', ')}` : a.kind))).toEqual([]);
  });

  it('a nothing-deployed stack creates every network, secret, config and service', () => {
    const desired = desiredOf(APP, files);
    const plan = planSwarm(desired, { services: [], networks: [], secrets: [], configs: [], byName: new Set() });
    expect(plan.actions.map((a) => `${a.kind} ${a.name}`)).toEqual([
      'create-network s_back',
      'create-network s_default',
      'create-network s_front',
      'create-object s_db_password_aaaaaaaaaa',
      'create-object s_app_aaaaaaaaaa',
      'create-service s_web',
      'create-service s_worker',
    ]);
  });
});

describe('planSwarm: hand edits are drift, attributed to the field', () => {
  it('an environment variable added (docker service update --env-add)', () => {
    const { update } = driftOf((name, spec) => {
      if (name === 's_web') spec.TaskTemplate.ContainerSpec.Env.push('ZZ_EXTRA=1');
    });
    expect(update).toMatchObject({ kind: 'update-service', name: 's_web', reason: 'drift' });
    expect(update.fields).toEqual([{ path: 'TaskTemplate.ContainerSpec.Env[2]', before: 'ZZ_EXTRA=1', after: undefined }]);
  });

  it('the image changed (docker service update --image)', () => {
    const { update } = driftOf((name, spec) => {
      if (name === 's_web') spec.TaskTemplate.ContainerSpec.Image = `nginx:1.26${PINNED}`;
    });
    expect(update).toMatchObject({ name: 's_web', reason: 'drift' });
    expect(update.fields).toEqual([{ path: 'TaskTemplate.ContainerSpec.Image', before: 'nginx:1.26', after: 'nginx:1.25' }]);
  });

  it('the replicas changed while the file sets replicas (docker service scale)', () => {
    const { update } = driftOf((name, spec) => {
      if (name === 's_web') spec.Mode.Replicated.Replicas = 5;
    });
    expect(update).toMatchObject({ name: 's_web', reason: 'drift' });
    expect(update.fields).toEqual([{ path: 'Mode.Replicated.Replicas', before: 5, after: 2 }]);
    expect(update.spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
  });

  it('a network removed (docker service update --network-rm)', () => {
    const { update } = driftOf((name, spec) => {
      if (name === 's_web') spec.TaskTemplate.Networks.pop();
    });
    expect(update).toMatchObject({ name: 's_web', reason: 'drift' });
    expect(update.fields.map((f) => f.path)).toEqual(['TaskTemplate.Networks[1]']);
    expect(update.fields[0]!.after).toMatchObject({ Target: 's_front' });
  });

  it('the first of two networks removed: every differing path is under TaskTemplate.Networks', () => {
    const { update } = driftOf((name, spec) => {
      if (name === 's_web') spec.TaskTemplate.Networks.shift();
    });
    expect(update.reason).toBe('drift');
    expect(update.fields.length).toBeGreaterThan(0);
    for (const f of update.fields) expect(f.path).toMatch(/^TaskTemplate\.Networks\[/);
  });

  it('a secret detached (docker service update --secret-rm)', () => {
    const { update } = driftOf((name, spec) => {
      if (name === 's_web') delete spec.TaskTemplate.ContainerSpec.Secrets;
    });
    expect(update.reason).toBe('drift');
    expect(update.fields.map((f) => f.path)).toEqual(['TaskTemplate.ContainerSpec.Secrets']);
  });

  it('a deleted secret object is created again', () => {
    const desired = desiredOf(APP, files);
    const observed = observedOf(desired);
    const plan = planSwarm(desired, { ...observed, secrets: [] });
    expect(plan.actions.map((a) => `${a.kind} ${a.name}`)).toEqual(['create-object s_db_password_aaaaaaaaaa']);
  });

  it('the drift update sends the file spec with the same spec-hash label', () => {
    const desired = desiredOf(APP, files);
    const { update } = driftOf((name, spec) => {
      if (name === 's_web') spec.Mode.Replicated.Replicas = 5;
    });
    const web = desired.services.find((s) => s.name === 's_web')!;
    expect(update.spec.Labels[SPEC_HASH_LABEL]).toBe(specHash(web.spec));
    expect(update).toMatchObject({ id: 'svc-s_web', version: 10 });
  });

  it('when the file sets no replicas, a live count of 5 (docker service scale) is not drift', () => {
    const desired = desiredOf(APP, files);
    const plan = planSwarm(
      desired,
      observedOf(desired, (name, spec) => {
        if (name === 's_worker') spec.Mode.Replicated.Replicas = 5;
      }),
    );
    expect(plan.actions).toEqual([]);
    expect(plan.unchanged).toContain('s_worker');
  });

  it('a drift in a service with an external network and explicit update config', () => {
    const desired = desiredOf(API);
    const plan = planSwarm(
      desired,
      observedOf(desired, (_name, spec) => {
        spec.UpdateConfig.Order = 'stop-first';
      }),
    );
    const [update] = updates(plan);
    expect(plan.actions).toHaveLength(1);
    expect(update).toMatchObject({ name: 's_api', reason: 'drift' });
    expect(update!.fields).toEqual([{ path: 'UpdateConfig.Order', before: 'stop-first', after: 'start-first' }]);
  });
});

describe('planSwarm: a file change is reason `changed`', () => {
  it('an edited environment value', () => {
    const before = desiredOf(APP, files);
    const after = desiredOf(APP.replace('LOG_LEVEL: debug', 'LOG_LEVEL: info'), files);
    const plan = planSwarm(after, observedOf(before));
    expect(plan.actions).toHaveLength(1);
    const [update] = updates(plan);
    expect(update).toMatchObject({ kind: 'update-service', name: 's_web', reason: 'changed' });
    expect(update!.fields).toEqual([{ path: 'TaskTemplate.ContainerSpec.Env[1]', before: 'LOG_LEVEL=debug', after: 'LOG_LEVEL=info' }]);
    expect(update!.spec.Labels[SPEC_HASH_LABEL]).toBe(specHash(after.services.find((s) => s.name === 's_web')!.spec));
  });

  it('a file change to a service without replicas keeps the live count', () => {
    const before = desiredOf(APP, files);
    const after = desiredOf(APP.replace('image: busybox', 'image: busybox:1.37'), files);
    const plan = planSwarm(
      after,
      observedOf(before, (name, spec) => {
        if (name === 's_worker') spec.Mode.Replicated.Replicas = 5;
      }),
    );
    const [update] = updates(plan);
    expect(plan.actions).toHaveLength(1);
    expect(update).toMatchObject({ name: 's_worker', reason: 'changed' });
    expect(update!.spec.Mode).toEqual({ Replicated: { Replicas: 5 } });
    expect(update!.fields.map((f) => f.path).sort()).toEqual(['Labels.com.docker.stack.image', 'TaskTemplate.ContainerSpec.Image']);
  });

  it('a service deployed by another tool (no spec hash) is left alone while it is what the file says, and updated (`unrecorded`) when not', () => {
    const desired = desiredOf(APP, files);
    const unhashed = (edit: (name: string, spec: Record<string, any>) => void = () => undefined) =>
      observedOf(desired, (name, spec) => {
        delete spec.Labels['dev.stackc.spec-hash'];
        // As docker stack deploy stores it: a Privileges of nulls, which stackc does not send.
        spec.TaskTemplate.ContainerSpec.Privileges = { CredentialSpec: null, SELinuxContext: null };
        edit(name, spec);
      });
    expect(planSwarm(desired, unhashed()).actions).toEqual([]);
    const edited = planSwarm(desired, unhashed((name, spec) => name === 's_worker' && (spec.TaskTemplate.ContainerSpec.Env = ['MODE=old'])));
    expect(updates(edited).map((u) => [u.name, u.reason, u.fields.map((f) => f.path)])).toEqual([['s_worker', 'unrecorded', ['TaskTemplate.ContainerSpec.Env']]]);
  });

  it('a file change that only touches a default-valued field is still an update (the hash differs)', () => {
    const before = desiredOf(APP, files);
    const after = desiredOf(APP.replace('image: busybox\n', 'image: busybox\n    stop_grace_period: 10s\n'), files);
    const plan = planSwarm(after, observedOf(before));
    const [update] = updates(plan);
    expect(update).toMatchObject({ name: 's_worker', reason: 'changed', fields: [] });
  });
});

describe('planSwarm: changes swarm refuses', () => {
  it.each([
    ['global', 'replicated', "mode: global", "mode: replicated"],
    ['replicated', 'global', "replicas: 2", "mode: global"],
    ['replicated', 'replicated-job', "replicas: 2", "mode: replicated-job"],
  ])('a %s service the file makes %s is an error, and nothing is written', (from, to, before, after) => {
    const text = `services:\n  a:\n    image: busybox\n    deploy: {${before}}\n  b:\n    image: busybox:1.36\n`;
    const live = desiredOf(text);
    const wanted = desiredOf(text.replace(before, after).replace('busybox:1.36', 'busybox:1.37'));
    const plan = planSwarm(wanted, observedOf(live));
    expect(plan.errors).toEqual([
      `service s_a runs in ${from} mode and the file asks for ${to}: swarm cannot change a service's mode; remove the service (docker service rm s_a) and deploy again`,
    ]);
    // b changed too; the caller writes nothing when the plan has errors, but b's update is still planned.
    expect(plan.actions.map((a) => `${a.kind} ${'name' in a ? a.name : ''}`)).toEqual(['update-service s_b']);
  });
});

describe('planSwarm: content versions no longer used', () => {
  const labelled = (name: string) => ({ id: `secret-${name}`, name, labels: { 'com.docker.stack.namespace': 's' } });
  const NAMED = `services:\n  a:\n    image: busybox\n    secrets: [tok, pw]\nsecrets:\n  tok: {name: fixed_token, file: ./t.txt}\n  pw: {file: ./t.txt}\n`;

  it('does not create a secret named by name: that another stack made from the same content', () => {
    const desired = desiredOf(NAMED, { 't.txt': 'x\n' });
    const nothing = { services: [], networks: [], secrets: [], configs: [] };
    const creates = (byName: string[]) => planSwarm(desired, { ...nothing, byName: new Set(byName) }).actions.filter((a) => a.kind === 'create-object').map((a) => a.name);
    expect(creates([])).toEqual(['s_pw_aaaaaaaaaa', 'fixed_token_aaaaaaaaaa']);
    expect(creates(['secret:fixed_token_aaaaaaaaaa'])).toEqual(['s_pw_aaaaaaaaaa']);
  });

  it('removes older versions of secrets named after their key or by name:, and leaves the rest to --prune', () => {
    const desired = desiredOf(NAMED, { 't.txt': 'x\n' });
    expect(desired.secrets.map((s) => s.name)).toEqual(['s_pw_aaaaaaaaaa', 'fixed_token_aaaaaaaaaa']);
    const observed = observedOf(desired);
    // s_pw and fixed_token: what docker stack deploy names the same keys, left from before stackc
    // took the stack over; s_tok_…: tok's content from before the file gave it a name:.
    const extra = ['fixed_token_0123456789', 's_pw_0123456789', 's_tok_0123456789', 'other_0123456789', 'fixed_token_extra', 's_pw', 'fixed_token', 's_other'];
    const removals = (prune: boolean) =>
      planSwarm(desired, { ...observed, secrets: [...observed.secrets, ...extra.map(labelled)] }, { prune }).actions.map((a) => (a.kind === 'remove-object' ? `${a.name} ${a.reason}` : a.kind));
    expect(removals(false)).toEqual(['fixed_token_0123456789 superseded', 's_pw_0123456789 superseded', 's_tok_0123456789 superseded', 's_pw superseded', 'fixed_token superseded']);
    expect(removals(true).sort()).toEqual([
      'fixed_token superseded',
      'fixed_token_0123456789 superseded',
      'fixed_token_extra pruned',
      'other_0123456789 pruned',
      's_other pruned',
      's_pw superseded',
      's_pw_0123456789 superseded',
      's_tok_0123456789 superseded',
    ]);
  });

  it('takes over a secret docker stack deploy made: the new version, one update of its user, the old one superseded', () => {
    const desired = desiredOf(NAMED, { 't.txt': 'x\n' });
    // As docker stack deploy leaves it: no spec hash, secrets named without a digest.
    const docker = observedOf(desired, (_name, spec) => {
      delete spec.Labels['dev.stackc.spec-hash'];
      for (const ref of spec.TaskTemplate.ContainerSpec.Secrets) {
        ref.SecretName = ref.SecretName.replace(/_a{10}$/, '');
        ref.SecretID = `sid-${ref.SecretName}`;
      }
    });
    const observed = { ...docker, secrets: ['s_pw', 'fixed_token'].map(labelled) };
    const plan = planSwarm(desired, observed);
    expect(plan.actions.map((a) => `${a.kind} ${'name' in a ? a.name : ''}${a.kind === 'update-service' ? ` ${a.reason}` : ''}${a.kind === 'remove-object' ? ` ${a.reason}` : ''}`)).toEqual([
      'create-object s_pw_aaaaaaaaaa',
      'create-object fixed_token_aaaaaaaaaa',
      'update-service s_a unrecorded',
      'remove-object s_pw superseded',
      'remove-object fixed_token superseded',
    ]);
    expect(updates(plan)[0]!.fields.map((f) => f.path)).toEqual(['TaskTemplate.ContainerSpec.Secrets[0].SecretName', 'TaskTemplate.ContainerSpec.Secrets[1].SecretName']);
  });

  it('leaves the versions of a key the file now takes from outside (external) to --prune', () => {
    const desired = desiredOf(`services:\n  a:\n    image: busybox\n    secrets: [pw]\nsecrets:\n  pw: {external: true}\n`);
    const secrets = ['s_pw', 's_pw_0123456789'].map(labelled);
    const removals = (prune: boolean) => planSwarm(desired, { ...observedOf(desired), secrets }, { prune }).actions.flatMap((a) => (a.kind === 'remove-object' ? [`${a.name} ${a.reason}`] : []));
    expect(removals(false)).toEqual([]);
    expect(removals(true)).toEqual(['s_pw pruned', 's_pw_0123456789 pruned']);
  });
});

describe('stackAbsent: a first deploy, whose plan only creates', () => {
  const desired = desiredOf(API);
  const nothing = { services: [], networks: [], secrets: [], configs: [], byName: new Set<string>() };

  it('holds when the engine has none of the stack, also when an external network it uses exists', () => {
    expect(stackAbsent(nothing, desired.stack)).toBe(true);
    const shared = observedOf(desired).networks.filter((n) => n.name === 'shared');
    expect(shared).toHaveLength(1);
    expect(stackAbsent({ ...nothing, networks: shared }, desired.stack)).toBe(true);
    expect(planSwarm(desired, { ...nothing, networks: shared }).actions.every((a) => a.kind.startsWith('create-'))).toBe(true);
  });

  it('does not hold once any of its own objects exists', () => {
    const all = observedOf(desired);
    expect(stackAbsent(all, desired.stack)).toBe(false);
    expect(stackAbsent({ ...nothing, services: all.services.slice(0, 1) }, desired.stack)).toBe(false);
    expect(stackAbsent({ ...nothing, networks: all.networks.filter((n) => n.name !== 'shared') }, desired.stack)).toBe(false);
    const ref = { id: 'x', name: `${desired.stack}_old`, labels: { 'com.docker.stack.namespace': desired.stack } };
    expect(stackAbsent({ ...nothing, secrets: [ref] }, desired.stack)).toBe(false);
    expect(stackAbsent({ ...nothing, configs: [ref] }, desired.stack)).toBe(false);
  });
});
