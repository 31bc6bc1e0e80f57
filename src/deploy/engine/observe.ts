/**
 * Reads what runs for a project: its containers (by the compose project label, so containers
 * made by docker compose count too), the networks and volumes the desired state names, and
 * which images exist locally. Reads only; all in parallel.
 */
import type { ContainerSummary, EngineApi, NetworkSummary, VolumeSummary } from '../engine-api.js';
import type { EngineDesired } from '../../targets/engine/desired.js';
import { LABELS } from '../../targets/engine/labels.js';
import { isReplaced } from './replaced.js';
import { byCodePoint } from '../../normalize/coerce.js';

export interface EngineObserved {
  readonly containers: readonly ContainerSummary[];
  /** Containers set aside by `up --rollback-on-failure` (see replaced.ts), here when a run was cut short. */
  readonly replaced: readonly ContainerSummary[];
  readonly networks: readonly NetworkSummary[];
  readonly volumes: readonly VolumeSummary[];
  /** Desired images present locally, by reference → image ID. */
  readonly images: ReadonlyMap<string, string>;
}

export async function observeEngine(api: EngineApi, desired: EngineDesired): Promise<EngineObserved> {
  const images = [...new Set(desired.services.map((s) => s.image))];
  const [all, networks, volumes, present] = await Promise.all([
    projectContainers(api, desired.project, [], { replaced: true }),
    desired.networks.length ? api.listNetworks({ names: desired.networks.map((n) => n.name) }) : [],
    desired.volumes.length ? api.listVolumes({ names: desired.volumes.map((v) => v.name) }) : [],
    Promise.all(images.map(async (image) => [image, await api.imageId(image)] as const)),
  ]);
  return {
    containers: all.filter((c) => !isReplaced(c)),
    replaced: all.filter(isReplaced),
    networks,
    volumes,
    images: new Map(present.filter((p): p is readonly [string, string] => p[1] !== undefined)),
  };
}

/**
 * The project's service containers (of `services` only, when any are named); one-off containers
 * (`run`) are not part of the project state. Replaced containers carry the same labels but are
 * not the service's containers: only what lists or cleans up everything asks for them.
 */
export async function projectContainers(
  api: EngineApi,
  project: string,
  services: readonly string[] = [],
  options: { readonly replaced?: boolean } = {},
): Promise<ContainerSummary[]> {
  const all = await api.listContainers({ labels: [`${LABELS.project}=${project}`], all: true });
  return all
    .filter((c) => c.labels[LABELS.oneoff] !== 'True' && (options.replaced || !isReplaced(c)))
    .filter((c) => !services.length || services.includes(c.labels[LABELS.service] ?? ''))
    .sort((a, b) => byCodePoint(a.name, b.name));
}
