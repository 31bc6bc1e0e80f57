/**
 * `stackc rm`'s clean-up of the stopped task containers the swarm would remove later, or, for
 * jobs before engine 24, never (moby/moby#42789): which containers go, and that a failure to
 * remove one is a warning, not a failed rm.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeTaskContainers } from '../../../src/cli/commands/stack.js';
import { EngineError, type ContainerSummary, type EngineApi } from '../../../src/deploy/engine-api.js';

const LABEL = ['com.docker.stack.namespace=s'];

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

describe('removeTaskContainers', () => {
  it("removes the stopped containers of the stack's tasks, not running ones or ones not made for a task", async () => {
    const { api, removed: gone } = engine([
      container('batch-1', 'batch', 'exited'),
      container('sweep-1', 'sweep', 'dead'),
      container('batch-2', 'batch', 'running'),
      container('batch-3', 'batch', 'created'),
      container('web-1', 'web', 'exited'),
      container('old-job', 'dropped-earlier', 'exited'),
      container('not-a-task', undefined, 'exited'),
    ]);
    expect(await removeTaskContainers(api, LABEL)).toBe(4);
    expect(gone).toEqual(['id-batch-1', 'id-sweep-1', 'id-web-1', 'id-old-job']);
  });

  it('counts a container the engine removed meanwhile as nobody\'s, and warns about one it cannot remove', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { api, removed: gone } = engine([container('a', 'batch', 'exited'), container('b', 'batch', 'exited'), container('c', 'batch', 'exited'), container('d', 'batch', 'exited')], {
      'id-a': new EngineError('No such container: a', 404),
      'id-b': new EngineError('removal of container b is already in progress', 409),
      'id-c': new EngineError('driver failed to remove root filesystem: device or resource busy', 500),
    });
    expect(await removeTaskContainers(api, LABEL)).toBe(1);
    expect(gone).toEqual(['id-d']);
    expect(stderr.mock.calls.map(([text]) => String(text))).toEqual(['warning: container c of the removed stack stays: driver failed to remove root filesystem: device or resource busy\n']);
  });
});
