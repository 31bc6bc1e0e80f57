/** SwarmApi over the Engine HTTP API; errors become EngineErrors like everything else (docker-client.ts). */
import { labelFilters, registryAuthHeader, segment, type DockerClient } from '../docker-client.js';
import { EngineError } from '../engine-api.js';
import { endpointPort, engineTime, objectRef, serviceListing, serviceState } from './from-engine.js';
import type { SwarmApi } from './swarm-api.js';

type Json = Record<string, any>;

export function dockerSwarm(client: DockerClient): SwarmApi {
  // No check before the first call (reading /info can take seconds on a busy engine): a node that
  // is no manager refuses every swarm call with 503, and only then does /info tell which it is.
  const managed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (error) {
        if (!(error instanceof EngineError && error.status === 503 && /not a swarm manager/i.test(error.message))) throw error;
        const info = await client.json<Json>('read swarm state', { method: 'GET', path: '/info' });
        const why = info.Swarm?.LocalNodeState === 'active' ? 'is a swarm worker, not a manager' : 'is not part of a swarm';
        throw new EngineError(`the engine at ${client.endpoint} ${why}; run stack commands against a manager (docker swarm init makes an engine one)`, 503);
      }
    };
  const json = managed(client.json);
  const remove = managed(client.remove);
  const list = (what: string, path: string, filters: Record<string, readonly string[]>, status?: true) =>
    json<Json[]>(what, { method: 'GET', path, query: { filters, ...(status ? { status } : {}) } });
  // The engine's name filter matches prefixes; keep the exact name only.
  const find = async (what: string, path: string, name: string) => (await list(what, path, labelFilters(undefined, [name]))).map(objectRef).find((o) => o.name === name);
  return {
    listServices: async (labels) => (await list('list services', '/services', labelFilters(labels))).map(serviceState),
    listServiceStatus: async (labels) => (await list('list services', '/services', labelFilters(labels), true)).map(serviceListing),
    listTasks: async ({ service, labels }) =>
      (await list('list tasks', '/tasks', { ...(service ? { service: [service] } : {}), ...labelFilters(labels) })).map((t) => ({
        id: String(t.ID),
        serviceId: String(t.ServiceID),
        nodeId: String(t.NodeID ?? ''),
        ...(t.Slot !== undefined ? { slot: Number(t.Slot) } : {}),
        desiredState: String(t.DesiredState),
        state: String(t.Status?.State ?? ''),
        message: String(t.Status?.Message ?? ''),
        ...(t.Status?.Err ? { error: String(t.Status.Err) } : {}),
        timestamp: engineTime(t.Status?.Timestamp) ?? engineTime(t.UpdatedAt) ?? '',
        createdAt: engineTime(t.CreatedAt) ?? '',
        image: String(t.Spec?.ContainerSpec?.Image ?? ''),
        ...(t.Status?.ContainerStatus?.ContainerID ? { containerId: String(t.Status.ContainerStatus.ContainerID) } : {}),
        ports: ((t.Status?.PortStatus?.Ports ?? []) as Json[]).map(endpointPort),
      })),
    listNodes: async () =>
      (await json<Json[]>('list nodes', { method: 'GET', path: '/nodes' })).map((n) => ({
        id: String(n.ID),
        name: String(n.Spec?.Name || n.Description?.Hostname || ''),
        role: String(n.Spec?.Role ?? ''),
        state: String(n.Status?.State ?? ''),
        availability: String(n.Spec?.Availability ?? ''),
      })),
    listSecrets: async (labels) => (await list('list secrets', '/secrets', labelFilters(labels))).map(objectRef),
    listConfigs: async (labels) => (await list('list configs', '/configs', labelFilters(labels))).map(objectRef),
    findSecret: (name) => find(`look up secret ${name}`, '/secrets', name),
    findConfig: (name) => find(`look up config ${name}`, '/configs', name),
    // The credentials travel as X-Registry-Auth; the engine hands them to the nodes that pull.
    createService: async (spec, auth) =>
      String((await json<Json>(`create service ${spec.Name}`, { method: 'POST', path: '/services/create', body: spec, headers: registryAuthHeader(auth) })).ID),
    updateService: (id, version, spec, auth) =>
      json(`update service ${spec.Name}`, { method: 'POST', path: `/services/${segment(id)}/update`, query: { version }, body: spec, headers: registryAuthHeader(auth) }),
    removeService: (id) => remove(`remove service ${id}`, { method: 'DELETE', path: `/services/${segment(id)}` }),
    createSecret: async (body) => String((await json<Json>(`create secret ${body.Name}`, { method: 'POST', path: '/secrets/create', body })).ID),
    removeSecret: (id) => remove(`remove secret ${id}`, { method: 'DELETE', path: `/secrets/${segment(id)}` }),
    createConfig: async (body) => String((await json<Json>(`create config ${body.Name}`, { method: 'POST', path: '/configs/create', body })).ID),
    removeConfig: (id) => remove(`remove config ${id}`, { method: 'DELETE', path: `/configs/${segment(id)}` }),
    distribution: async (image, auth, signal) => {
      const what = `ask the registry about ${image}`;
      try {
        const answer = await json<Json>(what, { method: 'GET', path: `/distribution/${segment(image)}/json`, headers: registryAuthHeader(auth), ...(signal ? { signal } : {}) });
        // An OCI descriptor: lower-case keys inside, unlike the rest of the Engine API.
        const digest = String(answer.Descriptor?.digest ?? '');
        return /^sha256:[0-9a-f]{64}$/.test(digest) ? { digest } : { problem: `the registry answered no digest for ${image}` };
      } catch (error) {
        // The registry's answer (unauthorized, not found, unreachable) is the explanation, not a failure.
        return { problem: (error as Error).message.replace(`cannot ${what}: `, '') };
      }
    },
  };
}
