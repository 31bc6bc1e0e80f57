/** `stackc down`: stop and remove the project's containers and networks (and volumes with -v). */
import type { ConnectionFlags } from '../../deploy/connection.js';
import { projectContainers } from '../../deploy/engine/observe.js';
import { clearStaleLock } from '../../deploy/lock.js';
import { containerLock } from '../../deploy/lock-stores.js';
import { LABELS } from '../../targets/engine/labels.js';
import { dependencyRank, withEngineProject } from '../engine-project.js';
import type { ProjectFlags } from '../options.js';
import { progressMode, progressView } from '../progress.js';

export interface DownFlags extends ProjectFlags, ConnectionFlags {
  readonly volumes?: boolean;
  readonly rmi?: 'local' | 'all';
  readonly removeOrphans?: boolean;
  readonly timeout?: string;
  readonly progress?: string;
}

export function runDown(flags: DownFlags): Promise<number> {
  const emit = progressView(progressMode(flags.progress, process.stdout), process.stdout);
  const timeout = flags.timeout === undefined ? undefined : Number(flags.timeout);
  return withEngineProject(flags, async ({ desired }, api) => {
    const known = new Set(desired.services.map((s) => s.name));
    // Containers a cut-short `up --rollback-on-failure` set aside go too: they belong to the project.
    const all = await projectContainers(api, desired.project, [], { replaced: true });
    const containers = all.filter((c) => flags.removeOrphans || known.has(c.labels[LABELS.service] ?? ''));
    // Dependents first, as docker compose does: a service stops before what it depends on.
    const rank = dependencyRank(desired);
    const levels = [...new Set(containers.map(rank))].sort((a, b) => b - a);
    for (const level of levels) {
      await Promise.all(
        containers
          .filter((c) => rank(c) === level)
          .map(async (c) => {
            emit({ object: `Container ${c.name}`, status: 'Stopping' });
            await api.stopContainer(c.id, timeout);
            await api.removeContainer(c.id, { volumes: false, force: true });
            emit({ object: `Container ${c.name}`, status: 'Removed' });
          }),
      );
    }
    // A lock left by a killed up (no image needed: it is only found and removed here).
    const staleLock = await clearStaleLock(containerLock(api, desired.project, ''));
    if (staleLock) emit({ object: `Lock ${desired.project}-stackc-lock`, status: 'Removed', detail: 'left by a run that was killed' });
    const left = all.length - containers.length;
    if (left) process.stderr.write(`warning: ${left} container(s) of services no longer in the project were kept; use --remove-orphans\n`);
    // Networks and volumes: only the project's own (by label), never external ones.
    const networks = await api.listNetworks({ labels: [`${LABELS.project}=${desired.project}`] });
    let removed = containers.length + networks.length + (staleLock ? 1 : 0);
    for (const n of networks) {
      emit({ object: `Network ${n.name}`, status: 'Removing' });
      await api.removeNetwork(n.id);
      emit({ object: `Network ${n.name}`, status: 'Removed' });
    }
    if (flags.volumes) {
      for (const v of await api.listVolumes({ labels: [`${LABELS.project}=${desired.project}`] })) {
        removed++;
        emit({ object: `Volume ${v.name}`, status: 'Removing' });
        await api.removeVolume(v.name);
        emit({ object: `Volume ${v.name}`, status: 'Removed' });
      }
    }
    if (flags.rmi) {
      const images = new Set(desired.services.filter((s) => flags.rmi === 'all' || s.build).map((s) => s.image));
      for (const image of images) {
        if (!(await api.imageId(image))) continue;
        removed++;
        emit({ object: `Image ${image}`, status: 'Removing' });
        await api.removeImage(image);
        emit({ object: `Image ${image}`, status: 'Removed' });
      }
    }
    // As docker compose says it: a mistyped -p or a wrong directory should not pass unnoticed.
    if (!removed) process.stderr.write(`warning: no resource found to remove for project ${desired.project}\n`);
    return 0;
  });
}
