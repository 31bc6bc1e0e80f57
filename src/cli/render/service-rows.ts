/**
 * `stackc services` rows as `docker stack services` prints them (docker CLI 28): the mode in
 * words, replicas as running/desired plus what a job completed or the cap per node, the image
 * without the digest a deploy pinned, and the ingress ports with consecutive ones as a range.
 * Host-mode ports are left out as docker leaves them out: they are not published on every node.
 */
import type { ServiceSpec } from '../../targets/swarm/desired.js';
import type { EndpointPort, NodeState, ServiceListing, ServiceState, TaskState } from '../../deploy/swarm/swarm-api.js';

export interface ServiceRow {
  readonly id: string;
  readonly name: string;
  readonly mode: string;
  readonly replicas: string;
  readonly image: string;
  readonly ports: string;
}

export interface TaskCounts {
  readonly running: number;
  readonly desired: number;
  readonly completed: number;
}

/**
 * For an engine that keeps no counts (before API 1.41), each service's counts from the tasks of
 * all of them, as the docker CLI makes them up: desired are the tasks not to be shut down,
 * running the running ones on listed nodes that are not down; the replicas the file asked for only
 * while there are no tasks at all. Such an engine has no jobs, so nothing is completed.
 */
export function countTasks(services: readonly ServiceState[], tasks: readonly TaskState[], nodes: readonly NodeState[]): Map<string, TaskCounts> {
  const replicas = (s: ServiceState) => (tasks.length === 0 && 'Replicated' in s.spec.Mode ? (s.spec.Mode.Replicated.Replicas ?? 1) : 0);
  const counts = new Map(services.map((s) => [s.id, { running: 0, desired: replicas(s), completed: 0 }]));
  const active = new Set(nodes.filter((n) => n.state !== 'down').map((n) => n.id));
  for (const task of tasks) {
    const count = counts.get(task.serviceId);
    if (!count) continue;
    if (task.desiredState !== 'shutdown') count.desired++;
    if (task.state === 'running' && active.has(task.nodeId)) count.running++;
  }
  return counts;
}

export function serviceRow(service: ServiceListing, counts: TaskCounts): ServiceRow {
  return {
    id: service.id.slice(0, 12),
    name: service.name,
    mode: modeName(service.spec),
    replicas: replicas(service.spec, counts),
    image: displayImage(service.spec.TaskTemplate.ContainerSpec.Image),
    ports: ingressPorts(service.ports),
  };
}

const MODE_NAMES: Readonly<Record<string, string>> = { Replicated: 'replicated', Global: 'global', ReplicatedJob: 'replicated job', GlobalJob: 'global job' };

function modeName(spec: ServiceSpec): string {
  const [kind = ''] = Object.keys(spec.Mode);
  return MODE_NAMES[kind] ?? kind;
}

function replicas(spec: ServiceSpec, { running, desired, completed }: TaskCounts): string {
  const mode = spec.Mode as { ReplicatedJob?: { TotalCompletions?: number }; GlobalJob?: object };
  // A global job's total is what is still to run plus what ran: its nodes are not known up front.
  if (mode.ReplicatedJob) return `${running}/${desired} (${completed}/${mode.ReplicatedJob.TotalCompletions ?? 1} completed)`;
  if (mode.GlobalJob) return `${running}/${desired} (${completed}/${desired + completed} completed)`;
  // The cap applies to replicated services only; docker shows it for no other mode.
  const perNode = 'Replicated' in spec.Mode ? (spec.TaskTemplate.Placement?.MaxReplicas ?? 0) : 0;
  return perNode > 0 ? `${running}/${desired} (max ${perNode} per node)` : `${running}/${desired}`;
}

/**
 * A tagged image without the digest a deploy pinned, in its short form (`nginx:1.27`, not
 * `docker.io/library/nginx:1.27`); an image without a tag is shown as it is, digest and all.
 */
export function displayImage(image: string): string {
  const at = image.indexOf('@');
  const name = at < 0 ? image : image.slice(0, at);
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return image;
  return name.replace(/^(?:index\.)?docker\.io\//, '').replace(/^library\/(?=[^/]+$)/, '');
}

/**
 * `*:8080-8081->80-81/tcp, *:53->53/udp`: by protocol in alphabetical order (sctp, tcp, udp),
 * then by published port, and a port joins the range before it when both its numbers are the
 * same or one more, as docker merges them. A port the engine has not published yet is left out.
 */
export function ingressPorts(ports: readonly EndpointPort[]): string {
  const sorted = ports
    .filter((p) => p.mode === 'ingress' && p.published > 0)
    .sort((a, b) => (a.protocol === b.protocol ? a.published - b.published : a.protocol < b.protocol ? -1 : 1));
  const runs: { protocol: string; published: [number, number]; target: [number, number] }[] = [];
  for (const p of sorted) {
    const run = runs.at(-1);
    const next = (to: number, from: number) => to - from === 0 || to - from === 1;
    // A range of targets takes no target it already has (8080-8081->80-81 then 8082->81).
    const joins =
      run !== undefined &&
      run.protocol === p.protocol &&
      next(p.published, run.published[1]) &&
      next(p.target, run.target[1]) &&
      !(run.target[1] > run.target[0] && p.target <= run.target[1]);
    if (joins) {
      run.published[1] = p.published;
      run.target[1] = p.target;
    } else runs.push({ protocol: p.protocol, published: [p.published, p.published], target: [p.target, p.target] });
  }
  const span = ([from, to]: [number, number]) => (to > from ? `${from}-${to}` : `${from}`);
  return runs.map((r) => `*:${span(r.published)}->${span(r.target)}/${r.protocol}`).join(', ');
}
