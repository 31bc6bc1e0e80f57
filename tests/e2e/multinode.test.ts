/**
 * `stackc deploy` on a two-node swarm (tests/e2e/cluster.ts: a manager and a worker dockerd, each in
 * its own network namespace, joined by a bridge; the worker labelled zone=b): placement decides
 * where tasks run, as the file says.
 * - `mode: global` + `node.role == manager` runs one task, on the manager only;
 * - a `node.labels.zone == b` constraint puts every replica on the worker;
 * - `max_replicas_per_node: 1` with 3 replicas on 2 nodes: 2 running (one per node), 1 pending,
 *   and `stackc deploy --wait` says why it cannot converge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labUnavailable, Lab, startCluster, stackcWith, type Cluster } from './cluster.js';
import { docker } from './engine.js';
import { BUSYBOX, removeScratch, scratch, type Run } from './harness.js';

const skip = await labUnavailable();
if (skip) console.warn(`e2e multinode: SKIPPED: ${skip}`);

// Services trap TERM so removals and the engines' shutdown do not wait out the 10 s stop timeout.
const SLEEP = `["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`;

const PLACED = `services:
  db:
    image: ${BUSYBOX}
    command: ${SLEEP}
    deploy:
      mode: global
      placement:
        constraints: [node.role == manager]
  zoned:
    image: ${BUSYBOX}
    command: ${SLEEP}
    deploy:
      replicas: 2
      placement:
        constraints: [node.labels.zone == b]
`;

const SPREAD = `services:
  spread:
    image: ${BUSYBOX}
    command: ${SLEEP}
    deploy:
      replicas: 3
      placement:
        max_replicas_per_node: 1
`;

interface TaskRow {
  id: string;
  name: string;
  image: string;
  node: string;
  desired: string;
  current: string;
  error: string;
}

describe.skipIf(Boolean(skip))('stackc deploy on a two-node swarm', () => {
  let lab: Lab | undefined;
  let cluster: Cluster;
  let dir: string;
  const stackA = `mn${process.pid}a`;
  const stackB = `mn${process.pid}b`;
  const cli = (args: string[]): Promise<Run> => stackcWith(args, { cwd: dir, env: { DOCKER_HOST: cluster.manager.dockerHost } });
  const onManager = (args: string[]) => docker(args, cluster.manager.dockerHost);

  async function tasks(stack: string): Promise<TaskRow[]> {
    const r = await cli(['ps', stack, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as TaskRow[];
  }

  /** `docker service ps` (the peer's view): "node desired current" per task, desired Running only. */
  async function servicePs(service: string): Promise<string[]> {
    const r = await onManager(['service', 'ps', service, '--filter', 'desired-state=running', '--format', '{{.Node}} {{.DesiredState}} {{.CurrentState}}']);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ').slice(0, 3).join(' ')) // "node Running Running 3 seconds ago" -> "node Running Running"
      .sort();
  }

  beforeAll(async () => {
    const t0 = Date.now();
    dir = scratch({ 'placed.yaml': PLACED, 'spread.yaml': SPREAD });
    lab = await Lab.create();
    cluster = await startCluster(lab);
    console.info(`e2e multinode: cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${lab.timing()}) in ${lab.dir}`);
  });

  afterAll(async () => {
    if (dir) removeScratch(dir);
    if (!lab) return;
    const t0 = Date.now();
    // No `stackc rm` needed: the engines, their namespaces and data go as a whole.
    await lab.destroy();
    console.info(`e2e multinode: cluster removed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

  it('has two nodes: the manager and the worker labelled zone=b', async () => {
    const nodes = await onManager(['node', 'ls', '--format', '{{.Hostname}} {{.Status}} {{.ManagerStatus}}']);
    expect(nodes.stdout.split('\n').filter(Boolean).sort()).toEqual([`${cluster.manager.hostname} Ready Leader`, `${cluster.worker.hostname} Ready `]);
    const labels = await onManager(['node', 'inspect', cluster.workerId, '--format', '{{index .Spec.Labels "zone"}}']);
    expect(labels.stdout.trim()).toBe('b');
  });

  it('on the worker, deploy and ls say it is a worker, exit 1, and create nothing', async () => {
    const onWorker = (args: string[]) => stackcWith(args, { cwd: dir, env: { DOCKER_HOST: cluster.worker.dockerHost } });
    const stack = `mn${process.pid}w`;
    for (const args of [['deploy', '--detach', '-c', 'placed.yaml', stack], ['ls']]) {
      const r = await onWorker(args);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr.trim()).toBe(`stackc: the engine at ${cluster.worker.dockerHost} is a swarm worker, not a manager; run stack commands against a manager (docker swarm init makes an engine one)`);
    }
    const services = await onManager(['service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`]);
    expect(services.stdout.trim()).toBe('');
  });

  it('places a global manager-only service on the manager and zone=b replicas on the worker', async () => {
    const deploy = await cli(['deploy', '--wait', '--timeout', '90', '--progress', 'plain', '-c', 'placed.yaml', stackA]);
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);

    const rows = (await tasks(stackA)).filter((t) => t.desired === 'running');
    const db = rows.filter((t) => t.name.startsWith(`${stackA}_db.`));
    const zoned = rows.filter((t) => t.name.startsWith(`${stackA}_zoned.`));
    // Global: exactly one task, on the manager, although there are two nodes.
    expect(db.map((t) => [t.node, t.current])).toEqual([[cluster.manager.hostname, 'running']]);
    expect(zoned.map((t) => [t.node, t.current])).toEqual([
      [cluster.worker.hostname, 'running'],
      [cluster.worker.hostname, 'running'],
    ]);

    // The same seen by docker itself.
    expect(await servicePs(`${stackA}_db`)).toEqual([`${cluster.manager.hostname} Running Running`]);
    expect(await servicePs(`${stackA}_zoned`)).toEqual([`${cluster.worker.hostname} Running Running`, `${cluster.worker.hostname} Running Running`]);
    // And the containers really are on those engines.
    const onWorker = await docker(['ps', '-q', '--filter', `label=com.docker.stack.namespace=${stackA}`], cluster.worker.dockerHost);
    expect(onWorker.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const managerContainers = await onManager(['ps', '--format', '{{.Label "com.docker.swarm.service.name"}}', '--filter', `label=com.docker.stack.namespace=${stackA}`]);
    expect(managerContainers.stdout.trim()).toBe(`${stackA}_db`);
  });

  it('honours max_replicas_per_node: 3 replicas on 2 nodes leave 2 running and 1 pending, and deploy --wait says why', async () => {
    const deploy = await cli(['deploy', '--wait', '--timeout', '6', '--progress', 'plain', '-c', 'spread.yaml', stackB]);
    // It cannot converge: the wait times out, exit 1, naming the service, the count and the scheduler's reason.
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(1);
    expect(deploy.stderr).toMatch(/timed out/);
    expect(deploy.stderr).toContain(`${stackB}_spread: 2/3 running`);
    expect(deploy.stderr).toMatch(/max replicas per node/);
    expect(deploy.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const rows = (await tasks(stackB)).filter((t) => t.desired === 'running');
    const running = rows.filter((t) => t.current === 'running');
    const pending = rows.filter((t) => t.current === 'pending');
    expect(running).toHaveLength(2);
    expect(running.map((t) => t.node).sort()).toEqual([cluster.manager.hostname, cluster.worker.hostname].sort());
    expect(pending).toHaveLength(1);
    expect(pending[0]!.node).toBe('');
    expect(pending[0]!.error).toMatch(/no suitable node \(max replicas per node limit exceed/);

    expect(await servicePs(`${stackB}_spread`)).toEqual(
      [`${cluster.manager.hostname} Running Running`, `${cluster.worker.hostname} Running Running`, ` Running Pending`].sort(),
    );
    const services = await cli(['services', stackB, '--format', 'json']);
    expect(JSON.parse(services.stdout)).toMatchObject([{ name: `${stackB}_spread`, mode: 'replicated', replicas: '2/3 (max 1 per node)' }]);
  });

  it('removes both stacks from the cluster', async () => {
    const rm = await cli(['rm', stackA, stackB, '--progress', 'plain']);
    expect(rm.code, rm.stderr).toBe(0);
    const left = await onManager(['service', 'ls', '-q']);
    expect(left.stdout.trim()).toBe('');
    // The worker's containers went too.
    const onWorker = await docker(['ps', '-q', '--filter', 'label=com.docker.swarm.task'], cluster.worker.dockerHost);
    expect(onWorker.stdout.trim()).toBe('');
  });
});
