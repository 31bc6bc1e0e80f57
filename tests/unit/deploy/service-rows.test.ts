/**
 * `stackc services` rows. The expected strings are what `docker stack services` (docker CLI
 * 28.2) printed for a stack deployed here with the same specs and task counts.
 */
import { describe, expect, it } from 'vitest';
import { table } from '../../../src/cli/commands/ps.js';
import { countTasks, displayImage, ingressPorts, serviceRow } from '../../../src/cli/render/service-rows.js';
import { serviceListing } from '../../../src/deploy/swarm/from-engine.js';
import type { EndpointPort, NodeState, TaskState } from '../../../src/deploy/swarm/swarm-api.js';

const IMAGE = 'stackc-test/busybox:latest';

/** An entry of GET /services?status=true as the engine answers it. */
function listed(name: string, mode: object, status: [number, number, number], extra: { placement?: object; image?: string; ports?: object[] } = {}) {
  return serviceListing({
    ID: `${name}-0123456789abcdefghijklm`,
    Version: { Index: 12 },
    Spec: {
      Name: name,
      Labels: { 'com.docker.stack.namespace': 'svcd', 'com.docker.stack.image': IMAGE },
      TaskTemplate: { ContainerSpec: { Image: extra.image ?? IMAGE }, ...(extra.placement ? { Placement: extra.placement } : {}) },
      Mode: mode,
    },
    Endpoint: extra.ports ? { Ports: extra.ports } : { Spec: {} },
    ServiceStatus: { RunningTasks: status[0], DesiredTasks: status[1], CompletedTasks: status[2] },
  });
}

const port = (published: number, target: number, mode = 'ingress', protocol = 'tcp'): EndpointPort => ({ published, target, mode, protocol });

describe('services rows', () => {
  it('print mode, replicas, image and ports as docker stack services does', () => {
    const rows = [
      listed('svcd_agent', { Global: {} }, [1, 1, 0]),
      listed('svcd_batch', { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 2 } }, [0, 2, 2]),
      listed('svcd_sweep', { GlobalJob: {} }, [0, 0, 0], { image: `${IMAGE}@sha256:${'0'.repeat(64)}` }),
      listed('svcd_web', { Replicated: { Replicas: 3 } }, [1, 3, 0], {
        placement: { MaxReplicas: 2 },
        ports: [
          { Protocol: 'tcp', TargetPort: 80, PublishedPort: 18080, PublishMode: 'ingress' },
          { Protocol: 'tcp', TargetPort: 81, PublishedPort: 18081, PublishMode: 'ingress' },
          { Protocol: 'tcp', TargetPort: 82, PublishedPort: 18082, PublishMode: 'ingress' },
          { Protocol: 'tcp', TargetPort: 90, PublishedPort: 18090, PublishMode: 'host' },
        ],
      }),
    ].map((s) => serviceRow(s, s.status!));
    expect(rows.map((r) => [r.name, r.mode, r.replicas, r.image, r.ports])).toEqual([
      ['svcd_agent', 'global', '1/1', IMAGE, ''],
      ['svcd_batch', 'replicated job', '0/2 (2/2 completed)', IMAGE, ''],
      ['svcd_sweep', 'global job', '0/0 (0/0 completed)', IMAGE, ''],
      ['svcd_web', 'replicated', '1/3 (max 2 per node)', IMAGE, '*:18080-18082->80-82/tcp'],
    ]);
    expect(rows[0]!.id).toBe('svcd_agent-0');
  });

  it('show the cap per node for a replicated service only', () => {
    const placement = { MaxReplicas: 1 };
    expect(serviceRow(listed('s_web', { Replicated: { Replicas: 2 } }, [2, 2, 0], { placement }), { running: 2, desired: 2, completed: 0 }).replicas).toBe('2/2 (max 1 per node)');
    expect(serviceRow(listed('s_agent', { Global: {} }, [1, 1, 0], { placement }), { running: 1, desired: 1, completed: 0 }).replicas).toBe('1/1');
    expect(serviceRow(listed('s_batch', { ReplicatedJob: { TotalCompletions: 4 } }, [1, 1, 3], { placement }), { running: 1, desired: 1, completed: 3 }).replicas).toBe('1/1 (3/4 completed)');
  });

  it('count a global job as what is still to run plus what ran', () => {
    const row = serviceRow(listed('s_sweep', { GlobalJob: {} }, [1, 2, 3]), { running: 1, desired: 2, completed: 3 });
    expect(row.replicas).toBe('1/2 (3/5 completed)');
  });

  it('show a tagged image short and without the pinned digest, any other image as it is', () => {
    const digest = `@sha256:${'a'.repeat(64)}`;
    expect(displayImage(`docker.io/library/nginx:1.27${digest}`)).toBe('nginx:1.27');
    expect(displayImage('docker.io/acme/api:2')).toBe('acme/api:2');
    expect(displayImage('index.docker.io/library/redis:7')).toBe('redis:7');
    expect(displayImage('docker.io/library/team/app:1')).toBe('library/team/app:1');
    expect(displayImage(`localhost:5000/app:v1${digest}`)).toBe('localhost:5000/app:v1');
    expect(displayImage('localhost:5000/app')).toBe('localhost:5000/app');
    expect(displayImage(`nginx${digest}`)).toBe(`nginx${digest}`);
  });

  it('list ingress ports by protocol, then published port, with consecutive ones merged into ranges', () => {
    expect(ingressPorts([])).toBe('');
    expect(ingressPorts([port(53, 53, 'ingress', 'udp'), port(8443, 443), port(8080, 80), port(8081, 81)])).toBe('*:8080-8081->80-81/tcp, *:8443->443/tcp, *:53->53/udp');
    expect(ingressPorts([port(9000, 9000, 'ingress', 'udp'), port(8080, 80), port(3868, 3868, 'ingress', 'sctp')])).toBe('*:3868->3868/sctp, *:8080->80/tcp, *:9000->9000/udp');
    // Not published yet: the engine assigns a published port when the service is made.
    expect(ingressPorts([port(0, 80), port(8081, 81)])).toBe('*:8081->81/tcp');
    // Two published ports for one target share a range; a range takes no target it already has.
    expect(ingressPorts([port(8080, 80), port(8081, 80)])).toBe('*:8080-8081->80/tcp');
    expect(ingressPorts([port(8080, 80), port(8081, 81), port(8082, 81)])).toBe('*:8080-8081->80-81/tcp, *:8082->81/tcp');
    expect(ingressPorts([port(8080, 80), port(9000, 81)])).toBe('*:8080->80/tcp, *:9000->81/tcp');
    expect(ingressPorts([port(8080, 80, 'host')])).toBe('');
  });

  it('count from the tasks as the docker CLI does when the engine keeps no counts (before API 1.41)', () => {
    const replicated = listed('r', { Replicated: { Replicas: 3 } }, [0, 0, 0]);
    const global = listed('g', { Global: {} }, [0, 0, 0]);
    const node = (id: string, state: string): NodeState => ({ id, name: id, role: 'worker', state, availability: 'active' });
    const nodes = [node('up', 'ready'), node('lost', 'down')];
    const task = (service: { id: string }, desiredState: string, state: string, nodeId = 'up') => ({ serviceId: service.id, desiredState, state, nodeId }) as TaskState;
    const tasks = [
      task(replicated, 'running', 'running'),
      task(replicated, 'running', 'preparing'),
      task(replicated, 'running', 'running', 'lost'),
      task(replicated, 'shutdown', 'shutdown'),
      task(global, 'running', 'running'),
      task(global, 'running', 'running', 'gone-from-the-list'),
      task(global, 'shutdown', 'complete'),
      task({ id: 'another-stack' }, 'running', 'running'),
    ];
    const counts = countTasks([replicated, global], tasks, nodes);
    // Desired: the tasks not to be shut down, whatever the file asked; running: on a listed node that is not down.
    expect(counts.get(replicated.id)).toEqual({ running: 1, desired: 3, completed: 0 });
    expect(counts.get(global.id)).toEqual({ running: 1, desired: 2, completed: 0 });
    expect(counts.size).toBe(2);
    // With no tasks at all, the replicas the file asked for are all there is to show.
    expect(countTasks([replicated, global], [], nodes).get(replicated.id)).toEqual({ running: 0, desired: 3, completed: 0 });
    expect(countTasks([replicated, global], [], nodes).get(global.id)).toEqual({ running: 0, desired: 0, completed: 0 });
  });
});

describe('tables', () => {
  it('lay columns out as the docker CLI does: three spaces apart, at least ten wide, the last one unpadded', () => {
    expect(table(['NAME', 'SERVICES'], [['lsa', '4']])).toBe('NAME      SERVICES\nlsa       4\n');
    expect(table(['ID', 'NAME'], [['7e981pww2wkz', 'a_long_service_name'], ['x', '']])).toBe('ID             NAME\n7e981pww2wkz   a_long_service_name\nx\n');
  });
});
