/**
 * `stackc services` rows as `docker stack services` prints them (docker CLI 28): the mode in
 * words, replicas as running/desired plus what a job completed or the cap per node, the image
 * without the digest a deploy pinned, and the ingress ports with consecutive ones as a range.
 * Host-mode ports are left out as docker leaves them out: they are not published on every node.
 */
import type { ServiceSpec } from '../../targets/swarm/desired.js';
import type { EndpointPort, ServiceListing, TaskState } from '../../deploy/swarm/swarm-api.js';

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

/** The counts the manager keeps (API 1.41), from the service's tasks, for an engine that keeps none. */
export function taskCounts(spec: ServiceSpec, tasks: readonly TaskState[]): TaskCounts {
  const replicas = (spec.Mode as { Replicated?: { Replicas?: number } }).Replicated?.Replicas;
  const wanted = tasks.filter((t) => t.desiredState !== 'shutdown');
  return {
    running: tasks.filter((t) => t.state === 'running').length,
    desired: replicas ?? wanted.length,
    completed: tasks.filter((t) => t.state === 'complete').length,
  };
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
  const perNode = spec.TaskTemplate.Placement?.MaxReplicas ?? 0;
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
 * `*:8080-8081->80-81/tcp, *:53->53/udp`: TCP first, then by published port, and a port joins
 * the range before it when both its numbers are the same or one more, as docker merges them.
 */
export function ingressPorts(ports: readonly EndpointPort[]): string {
  const sorted = ports
    .filter((p) => p.mode === 'ingress')
    .sort((a, b) => (a.protocol === b.protocol ? a.published - b.published : a.protocol === 'tcp' ? -1 : b.protocol === 'tcp' ? 1 : 0));
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
