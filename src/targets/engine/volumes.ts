/**
 * Top-level `volumes:` → POST /volumes/create bodies, sorted by key. External volumes are only
 * looked up. Anonymous volumes are not here: the engine creates them with the container.
 */
import type { Project } from '../../normalize/model.js';
import type { DesiredVolume } from './desired.js';
import { volumeLabels } from './labels.js';
import { sortRecord } from './records.js';

export function desiredVolumes(project: Project): DesiredVolume[] {
  return Object.keys(project.volumes)
    .sort()
    .map((key) => {
      const volume = project.volumes[key]!;
      if (volume.external) return { key, name: volume.name, external: true };
      return {
        key,
        name: volume.name,
        external: false,
        create: {
          Name: volume.name,
          Driver: volume.driver ?? 'local',
          DriverOpts: sortRecord(volume.driver_opts),
          Labels: volumeLabels(volume.labels, project.name, key),
        },
      };
    });
}
