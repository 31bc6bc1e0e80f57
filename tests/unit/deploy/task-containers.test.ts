/**
 * `stackc rm`'s clean-up of the stopped task containers the swarm would remove later, or, for
 * jobs before engine 24, never (moby/moby#42789): which containers go, and that a failure to
 * remove one is a warning, not a failed rm.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeTaskContainers } from '../../../src/cli/commands/stack.js';
import { EngineError } from '../../../src/deploy/engine-api.js';
import { fakeEngine } from './fake-engine.js';

const LABEL = ['com.docker.stack.namespace=s'];

/** The fake engine holding `containers` ([name, service ID or none, state]); removing one fails as `failures` says. */
function engine(containers: [string, string | undefined, string][], failures: Record<string, EngineError> = {}) {
  const fake = fakeEngine();
  for (const [name, serviceId, state] of containers) {
    const labels = { 'com.docker.stack.namespace': 's', ...(serviceId ? { 'com.docker.swarm.service.id': serviceId } : {}) };
    fake.containers.push({ id: `id-${name}`, name, labels, state, status: state, image: 'busybox' });
  }
  const remove = fake.removeContainer;
  fake.removeContainer = async (id, options) => {
    const failure = failures[id];
    if (failure) throw failure;
    return remove(id, options);
  };
  const removed = () => fake.writes().map((call) => call.replace('remove container ', ''));
  return { api: fake, removed };
}

afterEach(() => vi.restoreAllMocks());

describe('removeTaskContainers', () => {
  it("removes the stopped containers of the stack's tasks, not running ones or ones not made for a task", async () => {
    const { api, removed } = engine([
      ['batch-1', 'batch', 'exited'],
      ['sweep-1', 'sweep', 'dead'],
      ['batch-2', 'batch', 'running'],
      ['batch-3', 'batch', 'created'],
      ['web-1', 'web', 'exited'],
      ['old-job', 'dropped-earlier', 'exited'],
      ['not-a-task', undefined, 'exited'],
    ]);
    expect(await removeTaskContainers(api, LABEL)).toBe(4);
    expect(removed()).toEqual(['batch-1', 'sweep-1', 'web-1', 'old-job']);
  });

  it('counts a container the engine removed meanwhile as nobody\'s, and warns about one it cannot remove', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { api, removed } = engine([['a', 'batch', 'exited'], ['b', 'batch', 'exited'], ['c', 'batch', 'exited'], ['d', 'batch', 'exited']], {
      'id-a': new EngineError('No such container: a', 404),
      'id-b': new EngineError('removal of container b is already in progress', 409),
      'id-c': new EngineError('driver failed to remove root filesystem: device or resource busy', 500),
    });
    expect(await removeTaskContainers(api, LABEL)).toBe(1);
    expect(removed()).toEqual(['d']);
    expect(stderr.mock.calls.map(([text]) => String(text))).toEqual(['warning: container c of the removed stack stays: driver failed to remove root filesystem: device or resource busy\n']);
  });
});
