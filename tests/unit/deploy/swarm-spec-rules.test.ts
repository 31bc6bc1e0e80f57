/**
 * One test per normalization rule in SWARM_SPEC_RULES: a live spec as the engine returns it and
 * the desired spec stackc sends compare equal once the rules ran (and differ without the rule
 * under test), while a real edit still shows up at exactly the field that moved.
 */
import { describe, expect, it } from 'vitest';
import { fieldChanges } from '../../../src/deploy/diff/fields.js';
import { comparableSpecs, SWARM_SPEC_RULES, type CompareContext } from '../../../src/deploy/diff/swarm-spec-rules.js';

type Json = Record<string, unknown>;

const SPEC_HASH = 'dev.stackc.spec-hash';
const SECOND = 1_000_000_000;
const NET_ID = 'xv23bh6a28ttppuh39gct7lmz';
const CTX: CompareContext = { networkNames: new Map([[NET_ID, 'blog_blog_net']]), ignoredLabels: [SPEC_HASH] };

/** The spec paths of what differs after every rule ran. */
function changedPaths(live: unknown, desired: unknown, ctx: CompareContext = CTX): string[] {
  const c = comparableSpecs(live, desired, ctx);
  return fieldChanges(c.live, c.desired).map((f) => f.path);
}

function changes(live: unknown, desired: unknown, ctx: CompareContext = CTX) {
  const c = comparableSpecs(live, desired, ctx);
  return fieldChanges(c.live, c.desired);
}

/** The same comparison with one rule left out: proves the rule is what makes both specs equal. */
function pathsWithout(rule: string, live: unknown, desired: unknown, ctx: CompareContext = CTX): string[] {
  const l = structuredClone(live) as Json;
  const d = structuredClone(desired) as Json;
  for (const r of SWARM_SPEC_RULES) if (r.name !== rule) r.apply(l, d, ctx);
  return fieldChanges(l, d).map((f) => f.path);
}

function setPath(root: Json, path: string, value: unknown): Json {
  const keys = path.split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Json;
  node[keys[keys.length - 1]!] = value;
  return root;
}

/** Sets a label (label keys contain dots, so not through setPath). */
function withLabel(spec: Json, key: string, value: string): Json {
  spec.Labels = { ...(spec.Labels as Json), [key]: value };
  return spec;
}

/** The smallest spec stackc sends: what the file says and nothing else. */
function minimalDesired(): Json {
  return {
    Name: 'blog_web',
    Labels: { 'com.docker.stack.image': 'busybox:1.36', 'com.docker.stack.namespace': 'blog' },
    TaskTemplate: { ContainerSpec: { Image: 'busybox:1.36', Labels: { 'com.docker.stack.namespace': 'blog' } } },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: { Mode: 'vip' },
  };
}

/** The real service from the issue, as GET /services/{id} returned it. */
const REAL_LIVE: Json = {
  Name: 'blog_web',
  Labels: { 'com.docker.stack.image': 'stackc-test/busybox:latest', 'com.docker.stack.namespace': 'blog', 'dev.stackc.spec-hash': 'f42f0000' },
  TaskTemplate: {
    ContainerSpec: {
      Image: 'stackc-test/busybox:latest',
      Labels: { 'com.docker.stack.namespace': 'blog' },
      Args: ['sh', '-c', 'sleep 1000'],
      StopGracePeriod: 10000000000,
      DNSConfig: {},
      Secrets: [{ File: { Name: 'db-pw', UID: '0', GID: '0', Mode: 292 }, SecretID: 'm7phq0000', SecretName: 'blog_db_password_3a6465b486' }],
      Isolation: 'default',
    },
    Resources: {},
    RestartPolicy: { Condition: 'any', Delay: 5000000000, MaxAttempts: 0 },
    Placement: {},
    Networks: [{ Target: NET_ID, Aliases: ['web'] }],
    ForceUpdate: 0,
    Runtime: 'container',
  },
  Mode: { Replicated: { Replicas: 2 } },
  UpdateConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'stop-first' },
  RollbackConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'stop-first' },
  EndpointSpec: { Mode: 'dnsrr' },
};

/** What stackc sent to create REAL_LIVE (plus a spec-hash label, as planSwarm adds one). */
const REAL_DESIRED: Json = {
  Name: 'blog_web',
  Labels: { 'com.docker.stack.image': 'stackc-test/busybox:latest', 'com.docker.stack.namespace': 'blog', 'dev.stackc.spec-hash': '0000abcd' },
  TaskTemplate: {
    ContainerSpec: {
      Image: 'stackc-test/busybox:latest',
      Labels: { 'com.docker.stack.namespace': 'blog' },
      Args: ['sh', '-c', 'sleep 1000'],
      Secrets: [{ File: { Name: 'db-pw', UID: '0', GID: '0', Mode: 292 }, SecretName: 'blog_db_password_3a6465b486' }],
    },
    Networks: [{ Target: 'blog_blog_net', Aliases: ['web'] }],
  },
  Mode: { Replicated: { Replicas: 2 } },
  EndpointSpec: { Mode: 'dnsrr' },
};

/** Kept in step with SERVER_DEFAULTS in swarm-spec-rules.ts (not exported): the spec of that rule. */
const SERVER_DEFAULTS: [string, unknown][] = [
  ['TaskTemplate.ContainerSpec.StopGracePeriod', 10 * SECOND],
  ['TaskTemplate.ContainerSpec.Isolation', 'default'],
  ['TaskTemplate.Runtime', 'container'],
  ['TaskTemplate.RestartPolicy.Condition', 'any'],
  ['TaskTemplate.RestartPolicy.Delay', 5 * SECOND],
  ['TaskTemplate.RestartPolicy.MaxAttempts', 0],
  ['UpdateConfig.Parallelism', 1],
  ['UpdateConfig.FailureAction', 'pause'],
  ['UpdateConfig.Monitor', 5 * SECOND],
  ['UpdateConfig.MaxFailureRatio', 0],
  ['UpdateConfig.Order', 'stop-first'],
  ['RollbackConfig.Parallelism', 1],
  ['RollbackConfig.FailureAction', 'pause'],
  ['RollbackConfig.Monitor', 5 * SECOND],
  ['RollbackConfig.MaxFailureRatio', 0],
  ['RollbackConfig.Order', 'stop-first'],
  ['EndpointSpec.Mode', 'vip'],
];

function getPath(root: unknown, path: string): unknown {
  if (!path) return root;
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), root);
}

/** `a.b` is `a.b.c`'s ancestor (or itself). */
function isAncestor(ancestor: string, path: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}

/** A value different from the default, of the same type. */
function otherThan(value: unknown): unknown {
  return typeof value === 'number' ? value + 7 : `not-${String(value)}`;
}

describe('SWARM_SPEC_RULES', () => {
  it('is the list these tests cover, in order', () => {
    expect(SWARM_SPEC_RULES.map((r) => r.name)).toEqual(['bookkeeping-labels', 'server-defaults', 'omitted-zeros', 'image-digest', 'network-ids', 'force-update-counter', 'secret-config-ids', 'empty-collections']);
    for (const r of SWARM_SPEC_RULES) expect(r.why.length).toBeGreaterThan(10);
  });

  it('the real live spec from the engine equals the spec stackc sent', () => {
    expect(changes(REAL_LIVE, REAL_DESIRED)).toEqual([]);
  });

  it('a hand edit of the real live spec shows only the edited field', () => {
    const live = structuredClone(REAL_LIVE);
    setPath(live, 'TaskTemplate.ContainerSpec.Env', ['DEBUG=1']);
    setPath(live, 'Mode.Replicated.Replicas', 4);
    expect(changes(live, REAL_DESIRED)).toEqual([
      { path: 'Mode.Replicated.Replicas', before: 4, after: 2 },
      { path: 'TaskTemplate.ContainerSpec.Env', before: ['DEBUG=1'], after: undefined },
    ]);
  });

  it('leaves its inputs untouched (comparableSpecs works on copies)', () => {
    const live = structuredClone(REAL_LIVE);
    const desired = structuredClone(REAL_DESIRED);
    comparableSpecs(live, desired, CTX);
    expect(live).toEqual(REAL_LIVE);
    expect(desired).toEqual(REAL_DESIRED);
  });
});

describe('rule bookkeeping-labels', () => {
  it('ignores the spec-hash label on both sides', () => {
    const live = withLabel(minimalDesired(), SPEC_HASH, 'aaaa');
    const desired = withLabel(minimalDesired(), SPEC_HASH, 'bbbb');
    expect(changedPaths(live, desired)).toEqual([]);
    expect(pathsWithout('bookkeeping-labels', live, desired)).toEqual([`Labels.${SPEC_HASH}`]);
  });

  it('ignores a spec-hash label present on one side only', () => {
    const live = withLabel(minimalDesired(), SPEC_HASH, 'aaaa');
    expect(changedPaths(live, minimalDesired())).toEqual([]);
  });

  it('label order never matters', () => {
    const live = minimalDesired();
    live.Labels = { 'com.docker.stack.namespace': 'blog', 'com.docker.stack.image': 'busybox:1.36' };
    expect(Object.keys(live.Labels as Json)).not.toEqual(Object.keys(minimalDesired().Labels as Json));
    expect(changedPaths(live, minimalDesired())).toEqual([]);
  });

  it('a label added by hand (docker service update --label-add) is a change', () => {
    const live = withLabel(minimalDesired(), 'owner', 'bob');
    expect(changes(live, minimalDesired())).toEqual([{ path: 'Labels.owner', before: 'bob', after: undefined }]);
  });

  it('only the configured labels are bookkeeping', () => {
    const live = withLabel(minimalDesired(), SPEC_HASH, 'aaaa');
    expect(changedPaths(live, minimalDesired(), { ...CTX, ignoredLabels: [] })).toEqual([`Labels.${SPEC_HASH}`]);
  });
});

describe('rule server-defaults', () => {
  it.each(SERVER_DEFAULTS)('drops the engine default %s = %j when the file leaves it unset', (path, value) => {
    const live = setPath(minimalDesired(), path, value);
    const desired = minimalDesired();
    if (path === 'EndpointSpec.Mode') delete desired.EndpointSpec;
    expect(changedPaths(live, desired)).toEqual([]);
    // Without the rule the default shows up (at the field, or at its parent when the file has none).
    const without = pathsWithout('server-defaults', live, desired);
    expect(without).toHaveLength(1);
    expect(isAncestor(without[0]!, path)).toBe(true);
  });

  it.each(['UpdateConfig.Monitor', 'RollbackConfig.Monitor'])('a file\'s %s of 0 is the engine default it stores instead (5 s)', (path) => {
    const live = setPath(minimalDesired(), path, 5 * SECOND);
    const desired = setPath(minimalDesired(), path, 0);
    expect(changedPaths(live, desired)).toEqual([]);
    expect(pathsWithout('server-defaults', live, desired)).toEqual([path]);
    // A monitor changed by hand is still a change.
    expect(changedPaths(setPath(minimalDesired(), path, 9 * SECOND), desired)).toEqual([path]);
  });

  it.each(SERVER_DEFAULTS)('keeps the live default %s = %j when the file sets that field (a hand revert is a change)', (path, value) => {
    const live = setPath(minimalDesired(), path, value);
    const desired = setPath(minimalDesired(), path, otherThan(value));
    expect(changes(live, desired)).toEqual([{ path, before: value, after: otherThan(value) }]);
  });

  it.each(SERVER_DEFAULTS)('a file that sets %s to the default value %j compares equal, the field kept on both sides', (path, value) => {
    const live = setPath(minimalDesired(), path, value);
    const desired = setPath(minimalDesired(), path, value);
    expect(changedPaths(live, desired)).toEqual([]);
    const c = comparableSpecs(live, desired, CTX);
    expect(getPath(c.live, path)).toEqual(value);
    expect(getPath(c.desired, path)).toEqual(value);
  });

  it.each(SERVER_DEFAULTS)('a non-default live %s (set by hand) is a change even when the file leaves it unset', (path) => {
    const value = otherThan(SERVER_DEFAULTS.find(([p]) => p === path)![1]);
    const live = setPath(minimalDesired(), path, value);
    const desired = minimalDesired();
    if (path === 'EndpointSpec.Mode') delete desired.EndpointSpec;
    const found = changes(live, desired);
    expect(found).toHaveLength(1);
    expect(isAncestor(found[0]!.path, path)).toBe(true);
    expect(found[0]!.after).toBeUndefined();
    expect(getPath(found[0]!.before, path.slice(found[0]!.path.length + 1))).toEqual(value);
  });
});

describe('rule omitted-zeros', () => {
  it.each(['UpdateConfig.Delay', 'RollbackConfig.Delay'])('a %s of 0 the engine left out is no change', (path) => {
    const desired = setPath(setPath(minimalDesired(), path, 0), path.replace(/\.\w+$/, '.Parallelism'), 2);
    const live = setPath(minimalDesired(), path.replace(/\.\w+$/, '.Parallelism'), 2);
    expect(changedPaths(live, desired)).toEqual([]);
    expect(pathsWithout('omitted-zeros', live, desired)).toEqual([path]);
  });

  it('a delay set by hand (docker service update --rollback-delay 5s) is a change', () => {
    const desired = setPath(minimalDesired(), 'RollbackConfig.Delay', 0);
    const live = setPath(minimalDesired(), 'RollbackConfig.Delay', 5 * SECOND);
    expect(changedPaths(live, desired)).toEqual(['RollbackConfig.Delay']);
  });
});

describe('rule image-digest', () => {
  const digest = 'sha256:' + 'c'.repeat(64);

  it('strips the digest the engine pinned to the tag the file names', () => {
    const live = setPath(minimalDesired(), 'TaskTemplate.ContainerSpec.Image', `busybox:1.36@${digest}`);
    expect(changedPaths(live, minimalDesired())).toEqual([]);
    expect(pathsWithout('image-digest', live, minimalDesired())).toEqual(['TaskTemplate.ContainerSpec.Image']);
  });

  it('an image changed by hand (docker service update --image) is a change, shown without the digest', () => {
    const live = setPath(minimalDesired(), 'TaskTemplate.ContainerSpec.Image', `busybox:1.37@${digest}`);
    expect(changes(live, minimalDesired())).toEqual([{ path: 'TaskTemplate.ContainerSpec.Image', before: 'busybox:1.37', after: 'busybox:1.36' }]);
  });

  it('keeps the digest when the file pins one itself, so a different digest is a change', () => {
    const live = setPath(minimalDesired(), 'TaskTemplate.ContainerSpec.Image', `busybox@${digest}`);
    const same = setPath(minimalDesired(), 'TaskTemplate.ContainerSpec.Image', `busybox@${digest}`);
    const other = setPath(minimalDesired(), 'TaskTemplate.ContainerSpec.Image', `busybox@sha256:${'d'.repeat(64)}`);
    expect(changedPaths(live, same)).toEqual([]);
    expect(changes(live, other)).toEqual([{ path: 'TaskTemplate.ContainerSpec.Image', before: `busybox@${digest}`, after: `busybox@sha256:${'d'.repeat(64)}` }]);
  });
});

describe('rule network-ids', () => {
  const ctx: CompareContext = {
    networkNames: new Map([
      ['id-front', 'blog_front'],
      ['id-back', 'blog_back'],
    ]),
    ignoredLabels: [SPEC_HASH],
  };
  const desired = setPath(minimalDesired(), 'TaskTemplate.Networks', [
    { Target: 'blog_back', Aliases: ['web'] },
    { Target: 'blog_front', Aliases: ['web'] },
  ]);

  it('maps the network IDs the engine stores back to the names the file uses', () => {
    const live = setPath(minimalDesired(), 'TaskTemplate.Networks', [
      { Target: 'id-back', Aliases: ['web'] },
      { Target: 'id-front', Aliases: ['web'] },
    ]);
    expect(changedPaths(live, desired, ctx)).toEqual([]);
    expect(pathsWithout('network-ids', live, desired, ctx)).toEqual(['TaskTemplate.Networks[0].Target', 'TaskTemplate.Networks[1].Target']);
  });

  it('the order of the stored attachments does not matter', () => {
    const live = setPath(minimalDesired(), 'TaskTemplate.Networks', [
      { Target: 'id-front', Aliases: ['web'] },
      { Target: 'id-back', Aliases: ['web'] },
    ]);
    expect(changedPaths(live, desired, ctx)).toEqual([]);
  });

  it('a network detached by hand (docker service update --network-rm) is a change', () => {
    const live = setPath(minimalDesired(), 'TaskTemplate.Networks', [{ Target: 'id-back', Aliases: ['web'] }]);
    expect(changes(live, desired, ctx)).toEqual([{ path: 'TaskTemplate.Networks[1]', before: undefined, after: { Target: 'blog_front', Aliases: ['web'] } }]);
  });

  it('an ID of a network that no longer exists stays an ID, and differs', () => {
    const live = setPath(minimalDesired(), 'TaskTemplate.Networks', [
      { Target: 'id-back', Aliases: ['web'] },
      { Target: 'id-gone', Aliases: ['web'] },
    ]);
    expect(changes(live, desired, ctx)).toEqual([{ path: 'TaskTemplate.Networks[1].Target', before: 'id-gone', after: 'blog_front' }]);
  });

  // Lowering sorts attachments by code point (targets/swarm/networks.ts); the engine keeps that
  // order. An unchanged service must compare equal whatever the names' case or punctuation.
  it('names whose code-point and locale orders differ (s_Frontend, s_backend) compare equal', () => {
    const names = new Map([
      ['id-F', 's_Frontend'],
      ['id-b', 's_backend'],
    ]);
    const want = setPath(minimalDesired(), 'TaskTemplate.Networks', [{ Target: 's_Frontend' }, { Target: 's_backend' }]);
    const live = setPath(minimalDesired(), 'TaskTemplate.Networks', [{ Target: 'id-F' }, { Target: 'id-b' }]);
    expect(changedPaths(live, want, { networkNames: names, ignoredLabels: [] })).toEqual([]);
  });
});

describe('rule secret-config-ids', () => {
  const file = { Name: 'db-pw', UID: '0', GID: '0', Mode: 292 };
  const desired = () => {
    const d = minimalDesired();
    setPath(d, 'TaskTemplate.ContainerSpec.Secrets', [{ File: file, SecretName: 'blog_db_password_3a6465b486' }]);
    setPath(d, 'TaskTemplate.ContainerSpec.Configs', [{ File: { ...file, Name: '/app.conf' }, ConfigName: 'blog_app_0123456789' }]);
    return d;
  };
  const live = () => {
    const l = minimalDesired();
    setPath(l, 'TaskTemplate.ContainerSpec.Secrets', [{ File: file, SecretID: 'm7ph0000', SecretName: 'blog_db_password_3a6465b486' }]);
    setPath(l, 'TaskTemplate.ContainerSpec.Configs', [{ File: { ...file, Name: '/app.conf' }, ConfigID: 'q9zz0000', ConfigName: 'blog_app_0123456789' }]);
    return l;
  };

  it('ignores the SecretID and ConfigID the engine adds', () => {
    expect(changedPaths(live(), desired())).toEqual([]);
    expect(pathsWithout('secret-config-ids', live(), desired())).toEqual(['TaskTemplate.ContainerSpec.Configs[0].ConfigID', 'TaskTemplate.ContainerSpec.Secrets[0].SecretID']);
  });

  it('a new content version (another secret name) is a change', () => {
    const d = desired();
    setPath(d, 'TaskTemplate.ContainerSpec.Secrets', [{ File: file, SecretName: 'blog_db_password_ffffffffff' }]);
    expect(changes(live(), d)).toEqual([{ path: 'TaskTemplate.ContainerSpec.Secrets[0].SecretName', before: 'blog_db_password_3a6465b486', after: 'blog_db_password_ffffffffff' }]);
  });

  it('a secret removed from the service by hand (--secret-rm) is a change', () => {
    const l = live();
    delete (l.TaskTemplate as { ContainerSpec: Json }).ContainerSpec.Secrets;
    expect(changedPaths(l, desired())).toEqual(['TaskTemplate.ContainerSpec.Secrets']);
  });
});

describe('rule empty-collections', () => {
  it('treats the {} the engine stores for Resources, Placement and DNSConfig as absent', () => {
    const live = minimalDesired();
    setPath(live, 'TaskTemplate.Resources', {});
    setPath(live, 'TaskTemplate.Placement', {});
    setPath(live, 'TaskTemplate.ContainerSpec.DNSConfig', {});
    expect(changedPaths(live, minimalDesired())).toEqual([]);
    expect(pathsWithout('empty-collections', live, minimalDesired())).toEqual(['TaskTemplate.ContainerSpec.DNSConfig', 'TaskTemplate.Placement', 'TaskTemplate.Resources']);
  });

  it('treats an empty list as absent, on either side, recursively', () => {
    const desired = minimalDesired();
    setPath(desired, 'TaskTemplate.ContainerSpec.Env', []);
    setPath(desired, 'TaskTemplate.Placement', { Constraints: [], Preferences: [] });
    const live = setPath(minimalDesired(), 'TaskTemplate.Resources', { Limits: {}, Reservations: {} });
    expect(changedPaths(live, desired)).toEqual([]);
    expect(pathsWithout('empty-collections', live, desired)).toEqual(['TaskTemplate.ContainerSpec.Env', 'TaskTemplate.Placement', 'TaskTemplate.Resources']);
  });

  it('treats a null field as absent: docker stack deploy stores Privileges with nothing but nulls', () => {
    const live = setPath(minimalDesired(), 'TaskTemplate.ContainerSpec.Privileges', { CredentialSpec: null, SELinuxContext: null });
    setPath(live, 'TaskTemplate.ContainerSpec.Args', null);
    expect(changedPaths(live, minimalDesired())).toEqual([]);
    expect(pathsWithout('empty-collections', live, minimalDesired())).toEqual(['TaskTemplate.ContainerSpec.Args', 'TaskTemplate.ContainerSpec.Privileges']);
    // A value next to the nulls still counts.
    const set = setPath(minimalDesired(), 'TaskTemplate.ContainerSpec.Privileges', { CredentialSpec: null, SELinuxContext: { Disable: true } });
    expect(changedPaths(set, minimalDesired())).toEqual(['TaskTemplate.ContainerSpec.Privileges']);
  });

  it('a constraint added by hand inside the engine-made {} is a change', () => {
    const live = setPath(minimalDesired(), 'TaskTemplate.Placement', { Constraints: ['node.role==manager'] });
    // Reported where the file has nothing: the whole Placement.
    expect(changes(live, minimalDesired())).toEqual([{ path: 'TaskTemplate.Placement', before: { Constraints: ['node.role==manager'] }, after: undefined }]);
    const desired = setPath(minimalDesired(), 'TaskTemplate.Placement', { Constraints: ['node.role==worker'] });
    expect(changes(live, desired)).toEqual([{ path: 'TaskTemplate.Placement.Constraints[0]', before: 'node.role==manager', after: 'node.role==worker' }]);
  });

  it('keeps false, 0 and "" (set, not empty)', () => {
    const live = minimalDesired();
    setPath(live, 'TaskTemplate.ContainerSpec.ReadOnly', false);
    setPath(live, 'TaskTemplate.ContainerSpec.Dir', '');
    setPath(live, 'TaskTemplate.Resources', { Limits: { Pids: 0 } });
    expect(changes(live, minimalDesired())).toEqual([
      { path: 'TaskTemplate.ContainerSpec.Dir', before: '', after: undefined },
      { path: 'TaskTemplate.ContainerSpec.ReadOnly', before: false, after: undefined },
      { path: 'TaskTemplate.Resources', before: { Limits: { Pids: 0 } }, after: undefined },
    ]);
  });
});

describe('rule force-update-counter', () => {
  // `docker service update --force` restarts the tasks by incrementing TaskTemplate.ForceUpdate
  // (0 → 1 → 2 ...). That counter is an action, not configuration: it is never drift, and deploy
  // carries the live value into updates so they do not restart every task once more.
  it('a ForceUpdate counter bumped by `docker service update --force` is not drift', () => {
    const live = setPath(minimalDesired(), 'TaskTemplate.ForceUpdate', 1);
    expect(changedPaths(live, minimalDesired())).toEqual([]);
  });
});
