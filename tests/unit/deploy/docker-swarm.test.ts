/**
 * The swarm client against a small engine stand-in on a unix socket: an engine that is no
 * manager refuses swarm calls with 503, and only then is /info read to say what it is; the
 * listings `ps`, `services` and `--wait` read are asked for and read as the engine writes them.
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

/**
 * An engine whose swarm is in `state` (a manager when 'manager'); records the paths and queries
 * asked, and answers a listing from `answers` by its path ([] when none is given).
 */
async function engine(state: 'manager' | 'active' | 'inactive', answers: Record<string, unknown> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackc-swarm-'));
  const socketPath = path.join(dir, 'engine.sock');
  const asked: string[] = [];
  const queries: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://engine');
    const route = url.pathname.replace(/^\/v[\d.]+/, '');
    asked.push(route);
    queries.push(url.searchParams);
    res.setHeader('Content-Type', 'application/json');
    if (route in answers) res.end(JSON.stringify(answers[route]));
    else if (route === '/info') res.end(JSON.stringify({ Swarm: { LocalNodeState: state === 'manager' ? 'active' : state, ControlAvailable: state === 'manager' } }));
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
  return { swarm: dockerSwarm(dockerClient({ endpoint: `unix://${socketPath}`, socketPath })), asked, queries, endpoint: `unix://${socketPath}` };
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

  it('asks for services with their task counts and reads counts and endpoint ports', async () => {
    const { swarm, queries } = await engine('manager', {
      '/services': [
        {
          ID: 'svc1',
          Version: { Index: 7 },
          Spec: { Name: 's_web', Labels: { 'com.docker.stack.namespace': 's' }, TaskTemplate: { ContainerSpec: { Image: 'web:1' } }, Mode: { Replicated: { Replicas: 2 } } },
          Endpoint: { Ports: [{ Protocol: 'udp', TargetPort: 53, PublishedPort: 5353, PublishMode: 'ingress' }] },
          ServiceStatus: { RunningTasks: 1, DesiredTasks: 2, CompletedTasks: 0 },
        },
      ],
    });
    const [service] = await swarm.listServiceStatus(['com.docker.stack.namespace=s']);
    // The engine takes any value but "", 0, false, no and none as yes.
    expect(queries[0]!.get('status')).toBe('1');
    expect(JSON.parse(queries[0]!.get('filters')!)).toEqual({ label: ['com.docker.stack.namespace=s'] });
    expect(service).toMatchObject({ id: 'svc1', name: 's_web', status: { running: 1, desired: 2, completed: 0 }, ports: [{ protocol: 'udp', target: 53, published: 5353, mode: 'ingress' }] });
  });

  it('reads when a task was made, the ports it published on its node, and what a node is called', async () => {
    const { swarm } = await engine('manager', {
      '/tasks': [
        {
          ID: 't1',
          ServiceID: 'svc1',
          NodeID: 'n1',
          Slot: 2,
          CreatedAt: '2026-12-01T10:00:00.5Z',
          DesiredState: 'running',
          Spec: { ContainerSpec: { Image: 'web:1' } },
          Status: { State: 'running', Timestamp: '2026-12-01T10:00:03Z', PortStatus: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'host' }] } },
        },
        { ID: 't2', ServiceID: 'svc1', CreatedAt: '0001-01-01T00:00:00Z', UpdatedAt: '0001-01-01T00:00:00Z', DesiredState: 'running', Status: { State: 'new', Timestamp: '0001-01-01T00:00:00Z' } },
        { ID: 't3', ServiceID: 'svc1', CreatedAt: '2026-12-01T10:00:00Z', UpdatedAt: '2026-12-01T10:00:07Z', DesiredState: 'running', Status: { State: 'new', Timestamp: '0001-01-01T00:00:00Z' } },
      ],
      '/nodes': [
        { ID: 'n1', Spec: { Name: 'edge-1', Role: 'worker', Availability: 'active' }, Description: { Hostname: 'vm-17' }, Status: { State: 'ready' } },
        { ID: 'n2', Spec: { Role: 'manager', Availability: 'drain' }, Description: { Hostname: 'vm-18' }, Status: { State: 'down' } },
      ],
    });
    const [task, unset, updated] = await swarm.listTasks({ service: 'svc1' });
    expect(task).toMatchObject({ slot: 2, createdAt: '2026-12-01T10:00:00.5Z', timestamp: '2026-12-01T10:00:03Z', ports: [{ protocol: 'tcp', target: 80, published: 8080, mode: 'host' }] });
    // Go's zero time is no time: the update time stands in, or nothing.
    expect(unset).toMatchObject({ createdAt: '', timestamp: '' });
    expect(updated).toMatchObject({ createdAt: '2026-12-01T10:00:00Z', timestamp: '2026-12-01T10:00:07Z' });
    expect(await swarm.listNodes()).toEqual([
      { id: 'n1', name: 'edge-1', role: 'worker', state: 'ready', availability: 'active' },
      { id: 'n2', name: 'vm-18', role: 'manager', state: 'down', availability: 'drain' },
    ]);
  });
});
