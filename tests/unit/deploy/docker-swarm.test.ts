/**
 * The swarm client against a small engine stand-in on a unix socket: an engine that is no
 * manager refuses swarm calls with 503, and only then is /info read to say what it is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerClient } from '../../../src/deploy/docker-client.js';
import { EngineError } from '../../../src/deploy/engine-api.js';
import { dockerSwarm } from '../../../src/deploy/swarm/docker-swarm.js';

const NOT_MANAGER = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** An engine whose swarm is in `state` (a manager when 'manager'); records the paths asked. */
async function engine(state: 'manager' | 'active' | 'inactive') {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackc-swarm-'));
  const socketPath = path.join(dir, 'engine.sock');
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    const route = req.url!.split('?')[0]!;
    asked.push(route);
    res.setHeader('Content-Type', 'application/json');
    if (route === '/info') res.end(JSON.stringify({ Swarm: { LocalNodeState: state === 'manager' ? 'active' : state, ControlAvailable: state === 'manager' } }));
    else if (state !== 'manager') {
      res.statusCode = 503;
      res.end(JSON.stringify({ message: NOT_MANAGER }));
    } else res.end('[]');
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  stop = async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  };
  return { swarm: dockerSwarm(dockerClient({ endpoint: `unix://${socketPath}`, socketPath })), asked, endpoint: `unix://${socketPath}` };
}

describe('docker swarm client', () => {
  it('on a manager, goes straight to the call (no /info first)', async () => {
    const { swarm, asked } = await engine('manager');
    expect(await swarm.listServices(['com.docker.stack.namespace=s'])).toEqual([]);
    expect(asked).toEqual(['/services']);
  });

  it.each([
    ['active', 'is a swarm worker, not a manager'],
    ['inactive', 'is not part of a swarm'],
  ] as const)('on an engine whose swarm is %s, says that it %s', async (state, why) => {
    const { swarm, asked, endpoint } = await engine(state);
    const error = await swarm.removeService('abc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as Error).message).toBe(`the engine at ${endpoint} ${why}; run stack commands against a manager (docker swarm init makes an engine one)`);
    expect(asked).toEqual(['/services/abc', '/info']);
  });
});
