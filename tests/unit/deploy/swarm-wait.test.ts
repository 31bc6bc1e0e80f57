/**
 * waitForServices against a scripted swarm: converged only after staying so for the stability
 * window, and a failure report that names each failing task's slot, node and error once.
 */
import { describe, expect, it } from 'vitest';
import { ConvergenceError, waitForServices } from '../../../src/deploy/swarm/wait.js';
import type { ServiceState, SwarmApi, TaskState } from '../../../src/deploy/swarm/swarm-api.js';
import type { ServiceSpec } from '../../../src/targets/swarm/desired.js';

const SINCE = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-01T00:00:05.000Z';

const service = (name: string, replicas: number): ServiceState => ({
  id: `id-${name}`,
  name,
  version: 1,
  labels: {},
  spec: { Name: name, Mode: { Replicated: { Replicas: replicas } } } as unknown as ServiceSpec,
});

const task = (serviceId: string, slot: number, state: string, extra: Partial<TaskState> = {}): TaskState => ({
  id: `${serviceId}-${slot}-${state}-${Math.random()}`,
  serviceId,
  nodeId: 'n1',
  slot,
  desiredState: state === 'running' ? 'running' : 'shutdown',
  state,
  message: state,
  timestamp: LATER,
  createdAt: LATER,
  ports: [],
  image: 'x',
  ...extra,
});

/** Only the three reads the wait makes; `tasks` answers per service id. */
function swarmWith(services: ServiceState[], tasks: (serviceId: string) => TaskState[]): SwarmApi {
  return {
    listServices: async () => services,
    listNodes: async () => [{ id: 'n1', name: 'node-one', role: 'manager', state: 'ready', availability: 'active' }],
    listTasks: async ({ service }: { service?: string }) => tasks(service ?? ''),
  } as unknown as SwarmApi;
}

describe('waitForServices', () => {
  it('returns once every service has its replicas running for the stability window', async () => {
    const swarm = swarmWith([service('s_web', 2)], (id) => [task(id, 1, 'running'), task(id, 2, 'running')]);
    const seen: string[] = [];
    await waitForServices(swarm, 's', ['s_web'], { timeoutMs: 5000, since: SINCE, pollMs: 5, stableMs: 20, onProgress: (p) => seen.push(`${p.running}/${p.desired} ${p.done}`) });
    expect(seen[0]).toBe('2/2 false');
    expect(seen[seen.length - 1]).toBe('2/2 true');
  });

  it('reports each failing task once, with slot, node and error, and counts repeats', async () => {
    const rejected = (id: string) => task(id, 1, 'rejected', { error: 'No such image: gone:1' });
    const swarm = swarmWith([service('s_gone', 1), service('s_web', 1)], (id) =>
      id === 'id-s_gone' ? [rejected(id), rejected(id), task(id, 1, 'failed', { error: 'exit 1', timestamp: SINCE.replace('00:00:00', '00:00:01') })] : [task(id, 1, 'running')],
    );
    const error = await waitForServices(swarm, 's', ['s_gone', 's_web'], { timeoutMs: 5000, since: SINCE, pollMs: 5, stableMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvergenceError);
    expect((error as ConvergenceError).message).toBe('3 task failures while deploying stack s');
    expect((error as ConvergenceError).failures).toEqual(['s_gone.1 on node-one: rejected: No such image: gone:1 (2 tasks)', 's_gone.1 on node-one: failed: exit 1']);
  });

  it('ignores failures from before the deploy began', async () => {
    const swarm = swarmWith([service('s_web', 1)], (id) => [task(id, 1, 'failed', { error: 'old', timestamp: '2025-12-31T23:59:59.000Z' }), task(id, 1, 'running')]);
    await expect(waitForServices(swarm, 's', ['s_web'], { timeoutMs: 5000, since: SINCE, pollMs: 5, stableMs: 0 })).resolves.toBeUndefined();
  });
});
