/**
 * `stackc ps STACK` rows. The expected cells follow what `docker stack ps` (docker CLI 28.2 and
 * 20.10) printed here for tasks in these states, except the error, which stackc does not cut.
 */
import { describe, expect, it } from 'vitest';
import { humanDuration, taskCells, taskRows } from '../../../src/cli/render/task-rows.js';
import type { NodeState, TaskState } from '../../../src/deploy/swarm/swarm-api.js';

const NOW = Date.parse('2026-11-24T10:00:00Z');
const NODE = 'x3brakd2e9d5d9y8izyru9x4v';
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

const nodes: NodeState[] = [{ id: NODE, name: 'vm', role: 'manager', state: 'ready', availability: 'active' }];
const services = new Map(['s_web', 's_sweep', 's_agent'].map((name) => [`${name}-id`, name]));

function task(id: string, state: string, extra: Partial<TaskState> & { secondsAgo: number }): TaskState {
  const { secondsAgo, ...rest } = extra;
  return {
    id: `${id}${'0'.repeat(25 - id.length)}`,
    serviceId: 's_web-id',
    nodeId: NODE,
    desiredState: state,
    state,
    message: state,
    timestamp: ago(secondsAgo),
    createdAt: ago(secondsAgo),
    image: `stackc-test/busybox:latest@sha256:${'b'.repeat(64)}`,
    ports: [],
    ...rest,
  };
}

describe('stack ps rows', () => {
  const rows = taskRows(
    [
      task('web2', 'pending', { slot: 2, desiredState: 'running', nodeId: '', secondsAgo: 5, error: 'no suitable node (host-mode port already in use on 1 node)' }),
      task('web1', 'running', { slot: 1, secondsAgo: 4, ports: [{ protocol: 'tcp', target: 90, published: 18090, mode: 'host' }, { protocol: 'udp', target: 53, published: 5353, mode: 'host' }] }),
      task('web10', 'running', { slot: 10, secondsAgo: 4 }),
      task('old', 'rejected', { serviceId: 's_sweep-id', desiredState: 'shutdown', secondsAgo: 5, error: 'No such image: x' }),
      task('new', 'rejected', { serviceId: 's_sweep-id', desiredState: 'ready', secondsAgo: 0.2, error: 'No such image: x' }),
      task('agent', 'running', { serviceId: 's_agent-id', secondsAgo: 90 }),
    ],
    services,
    nodes,
  );

  it('name tasks by slot, or by node for a global service, sorted, newest first within a name', () => {
    expect(rows.map((r) => [r.name, r.id.slice(0, 5)])).toEqual([
      [`s_agent.${NODE}`, 'agent'],
      [`s_sweep.${NODE}`, 'new00'],
      [`s_sweep.${NODE}`, 'old00'],
      ['s_web.1', 'web10'],
      ['s_web.2', 'web20'],
      ['s_web.10', 'web10'],
    ]);
    expect(rows[0]).toMatchObject({ image: 'stackc-test/busybox:latest', node: 'vm', desired: 'running', current: 'running', since: ago(90), error: '' });
    expect(rows[3]).toMatchObject({ ports: '*:18090->90/tcp,*:5353->53/udp' });
    expect(rows[4]).toMatchObject({ node: '', error: 'no suitable node (host-mode port already in use on 1 node)', ports: '' });
  });

  it('print the older tasks of a name as its history, states capitalised with how long ago', () => {
    expect(taskCells(rows, NOW).map(([, name, , node, desired, current]) => [name, node, desired, current])).toEqual([
      [`s_agent.${NODE}`, 'vm', 'Running', 'Running about a minute ago'],
      [`s_sweep.${NODE}`, 'vm', 'Ready', 'Rejected less than a second ago'],
      [` \\_ s_sweep.${NODE}`, 'vm', 'Shutdown', 'Rejected 5 seconds ago'],
      ['s_web.1', 'vm', 'Running', 'Running 4 seconds ago'],
      ['s_web.2', '', 'Running', 'Pending 5 seconds ago'],
      ['s_web.10', 'vm', 'Running', 'Running 4 seconds ago'],
    ]);
  });

  it('quote an error in the table, as docker does, and keep it raw in the rows', () => {
    expect(taskCells(rows, NOW).map((cells) => cells[6])).toEqual(['', '"No such image: x"', '"No such image: x"', '', '"no suitable node (host-mode port already in use on 1 node)"', '']);
    expect(rows[1]!.error).toBe('No such image: x');
  });

  it('name a task whose service is gone by the service ID, and a node that left by its ID', () => {
    const [row] = taskRows([task('orphan', 'shutdown', { serviceId: 'k2v9q0gone', nodeId: 'n7left', slot: 3, secondsAgo: 1 })], services, nodes);
    expect(row).toMatchObject({ name: 'k2v9q0gone.3', node: 'n7left' });
  });

  it('show the state alone when the engine gave no time for it, and sort such a task as the oldest', () => {
    const [row] = taskRows([task('new', 'new', { secondsAgo: 0, timestamp: '' })], services, nodes);
    expect(taskCells([row!], NOW)[0]![5]).toBe('New');
    const timeless = (id: string) => task(id, 'new', { slot: 1, secondsAgo: 0, createdAt: '' });
    const sorted = taskRows([timeless('a1'), task('z9', 'running', { slot: 1, secondsAgo: 9 }), timeless('b2')], services, nodes);
    expect(sorted.map((r) => r.id.slice(0, 2))).toEqual(['z9', 'a1', 'b2']);
  });

  it('say durations as the docker CLI does', () => {
    const s = 1000;
    expect([0, 1, 59, 60, 119, 120, 3599].map((n) => humanDuration(n * s))).toEqual([
      'Less than a second', '1 second', '59 seconds', 'About a minute', 'About a minute', '2 minutes', '59 minutes',
    ]);
    const h = 3600 * s;
    expect([1, 1.6, 47, 48, 24 * 14, 24 * 60, 24 * 365 * 2].map((n) => humanDuration(n * h))).toEqual([
      'About an hour', '2 hours', '47 hours', '2 days', '2 weeks', '2 months', '2 years',
    ]);
  });
});
