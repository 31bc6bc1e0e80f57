/** SwarmApi over dockerode; errors become EngineErrors like everything else (docker-client.ts). */
import type Docker from 'dockerode';
import type { ServiceSpec } from '../../targets/swarm/desired.js';
import type { Connection } from '../connection.js';
import { dockerClient, ignoreGone, labelFilters } from '../docker-client.js';
import type { ObjectRef, SwarmApi } from './swarm-api.js';

type Json = Record<string, any>;

export function dockerSwarm(connection: Connection): SwarmApi {
  const { docker, call, statusOf } = dockerClient(connection);
  const ref = (o: Json): ObjectRef => ({ id: String(o.ID), name: String(o.Spec?.Name ?? ''), labels: (o.Spec?.Labels ?? {}) as Record<string, string> });
  const find = async (list: () => Promise<Json[]>, name: string) => (await list()).map(ref).find((o) => o.name === name);
  return {
    info: () =>
      call('read swarm state', async () => {
        const info = (await docker.info()) as Json;
        return { state: String(info.Swarm?.LocalNodeState ?? 'inactive'), manager: Boolean(info.Swarm?.ControlAvailable), nodeId: String(info.Swarm?.NodeID ?? '') };
      }),
    listServices: (labels) =>
      call('list services', async () =>
        ((await docker.listServices({ filters: labelFilters(labels) })) as Json[]).map((s) => ({
          id: String(s.ID),
          name: String(s.Spec.Name),
          version: Number(s.Version?.Index ?? 0),
          labels: (s.Spec.Labels ?? {}) as Record<string, string>,
          spec: s.Spec as ServiceSpec,
          ...(s.UpdateStatus?.State ? { updateState: String(s.UpdateStatus.State) } : {}),
          ...(s.UpdateStatus?.Message ? { updateMessage: String(s.UpdateStatus.Message) } : {}),
        })),
      ),
    listTasks: ({ service, labels }) =>
      call('list tasks', async () => {
        const filters = JSON.stringify({ ...(service ? { service: [service] } : {}), ...(labels?.length ? { label: labels } : {}) });
        return ((await docker.listTasks({ filters })) as Json[]).map((t) => ({
          id: String(t.ID),
          serviceId: String(t.ServiceID),
          nodeId: String(t.NodeID ?? ''),
          ...(t.Slot !== undefined ? { slot: Number(t.Slot) } : {}),
          desiredState: String(t.DesiredState),
          state: String(t.Status?.State ?? ''),
          message: String(t.Status?.Message ?? ''),
          ...(t.Status?.Err ? { error: String(t.Status.Err) } : {}),
          timestamp: String(t.Status?.Timestamp ?? t.UpdatedAt ?? ''),
          image: String(t.Spec?.ContainerSpec?.Image ?? ''),
          ...(t.Status?.ContainerStatus?.ContainerID ? { containerId: String(t.Status.ContainerStatus.ContainerID) } : {}),
        }));
      }),
    listNodes: () =>
      call('list nodes', async () =>
        ((await docker.listNodes()) as Json[]).map((n) => ({
          id: String(n.ID),
          hostname: String(n.Description?.Hostname ?? ''),
          role: String(n.Spec?.Role ?? ''),
          state: String(n.Status?.State ?? ''),
          availability: String(n.Spec?.Availability ?? ''),
        })),
      ),
    listSecrets: (labels) => call('list secrets', async () => ((await docker.listSecrets({ filters: labelFilters(labels) })) as Json[]).map(ref)),
    listConfigs: (labels) => call('list configs', async () => ((await docker.listConfigs({ filters: labelFilters(labels) })) as Json[]).map(ref)),
    findSecret: (name) => call(`look up secret ${name}`, () => find(async () => (await docker.listSecrets({ filters: labelFilters(undefined, [name]) })) as Json[], name)),
    findConfig: (name) => call(`look up config ${name}`, () => find(async () => (await docker.listConfigs({ filters: labelFilters(undefined, [name]) })) as Json[], name)),
    createService: (spec, auth) =>
      call(`create service ${spec.Name}`, async () => {
        // dockerode sends `auth` as the X-Registry-Auth header the engine hands to the nodes.
        const created = (await docker.createService(auth as Json, spec as unknown as Docker.CreateServiceOptions)) as unknown as { id: string };
        return String(created.id);
      }),
    updateService: (id, version, spec, auth) =>
      call(`update service ${spec.Name}`, async () => {
        // The version goes in the query and the spec in the body (docker-modem would otherwise put
        // the whole spec in the query string too).
        const service = docker.getService(id) as unknown as { update(auth: unknown, opts: unknown): Promise<unknown> };
        await service.update(auth, { _query: { version }, _body: spec });
      }),
    removeService: (id) => call(`remove service ${id}`, () => ignoreGone(statusOf, () => docker.getService(id).remove())),
    createSecret: (body) => call(`create secret ${body.Name}`, async () => String(((await docker.createSecret(body as unknown as Json)) as unknown as { id: string }).id)),
    removeSecret: (id) => call(`remove secret ${id}`, () => ignoreGone(statusOf, () => docker.getSecret(id).remove())),
    createConfig: (body) => call(`create config ${body.Name}`, async () => String(((await docker.createConfig(body as unknown as Json)) as unknown as { id: string }).id)),
    registryProblem: async (image, auth) => {
      try {
        await docker.getImage(image).distribution(auth ? { authconfig: auth } : {});
        return undefined;
      } catch (error) {
        const e = error as { json?: { message?: string }; message?: string };
        return String(e.json?.message ?? e.message ?? error).trim();
      }
    },
    removeConfig: (id) => call(`remove config ${id}`, () => ignoreGone(statusOf, () => docker.getConfig(id).remove())),
  };
}
