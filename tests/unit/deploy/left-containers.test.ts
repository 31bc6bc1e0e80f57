/**
 * `stackc rm`'s clean-up of what an older swarm leaves of a stack's jobs (moby/moby#42789): which
 * containers go, and that a failure to remove one is a warning, not a failed rm.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeLeftContainers } from '../../../src/cli/commands/stack.js';
import { EngineError, type ContainerSummary, type EngineApi } from '../../../src/deploy/engine-api.js';
import type { ServiceState } from '../../../src/deploy/swarm/swarm-api.js';

const LABEL = ['com.docker.stack.namespace=s'];

const service = (id: string, mode: object) => ({ id, name: `s_${id}`, spec: { Mode: mode } }) as unknown as ServiceState;
const container = (name: string, serviceId: string | undefined, state: string) =>
  ({ id: `id-${name}`, name, state, labels: { 'com.docker.stack.namespace': 's', ...(serviceId ? { 'com.docker.swarm.service.id': serviceId } : {}) } }) as unknown as ContainerSummary;

/** An engine listing `containers` for the stack's label; removing one fails as `failures` says. */
function engine(containers: ContainerSummary[], failures: Record<string, EngineError> = {}) {
  const removed: string[] = [];
  const api = {
    listContainers: async ({ labels, all }: { labels: readonly string[]; all: boolean }) => (labels.join() === LABEL.join() && all ? containers : []),
    removeContainer: async (id: string) => {
      if (failures[id]) throw failures[id];
      removed.push(id);
    },
  } as unknown as EngineApi;
  return { api, removed };
}

afterEach(() => vi.restoreAllMocks());

describe('removeLeftContainers', () => {
  const removed = [service('batch', { ReplicatedJob: { TotalCompletions: 2 } }), service('sweep', { GlobalJob: {} }), service('web', { Replicated: { Replicas: 1 } })];

  it("removes the finished containers of the stack's jobs and of services it no longer has, not the others", async () => {
    const { api, removed: gone } = engine([
      container('batch-1', 'batch', 'exited'),
      container('sweep-1', 'sweep', 'dead'),
      container('batch-2', 'batch', 'running'),
      container('batch-3', 'batch', 'created'),
      container('web-1', 'web', 'exited'),
      container('old-job', 'dropped-earlier', 'exited'),
      container('not-a-task', undefined, 'exited'),
    ]);
    expect(await removeLeftContainers(api, LABEL, removed)).toBe(3);
    expect(gone).toEqual(['id-batch-1', 'id-sweep-1', 'id-old-job']);
  });

  it('counts a container the engine removed meanwhile as nobody\'s, and warns about one it cannot remove', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { api, removed: gone } = engine([container('a', 'batch', 'exited'), container('b', 'batch', 'exited'), container('c', 'batch', 'exited'), container('d', 'batch', 'exited')], {
      'id-a': new EngineError('No such container: a', 404),
      'id-b': new EngineError('removal of container b is already in progress', 409),
      'id-c': new EngineError('driver failed to remove root filesystem: device or resource busy', 500),
    });
    expect(await removeLeftContainers(api, LABEL, removed)).toBe(1);
    expect(gone).toEqual(['id-d']);
    expect(stderr.mock.calls.map(([text]) => String(text))).toEqual(['warning: container c of a removed job stays: driver failed to remove root filesystem: device or resource busy\n']);
  });
});
