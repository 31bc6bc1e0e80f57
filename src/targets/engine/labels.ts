/**
 * The labels docker compose v2 puts on what it creates (github.com/docker/compose pkg/api/labels.go),
 * so `docker compose ps` sees stackc's containers and the reverse. Label keys live here only.
 */
import type { DependencyCondition, Labels } from './desired.js';
import { sortRecord } from './records.js';

/** The compose version stackc reports in `com.docker.compose.version`. */
export const COMPOSE_VERSION = '2.20.2';

export const LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  configHash: 'com.docker.compose.config-hash',
  containerNumber: 'com.docker.compose.container-number',
  volume: 'com.docker.compose.volume',
  network: 'com.docker.compose.network',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  environmentFile: 'com.docker.compose.project.environment_file',
  oneoff: 'com.docker.compose.oneoff',
  dependsOn: 'com.docker.compose.depends_on',
  version: 'com.docker.compose.version',
  /** Set by compose to the pulled image digest; stackc does not set it. */
  image: 'com.docker.compose.image',
} as const;

/** Every label compose owns starts with this; the config hash leaves them out. */
export const COMPOSE_LABEL_PREFIX = 'com.docker.compose.';

export interface ServiceLabelInput {
  readonly project: string;
  readonly service: string;
  readonly workingDir: string;
  readonly configFiles: readonly string[];
  readonly environmentFiles?: readonly string[];
  readonly dependsOn: Readonly<Record<string, { readonly condition: DependencyCondition; readonly restart: boolean }>>;
}

/** The labels shared by all containers of a service: the user's, then compose's (which win). */
export function serviceLabels(user: Labels, input: ServiceLabelInput): Record<string, string> {
  const labels: Record<string, string> = {
    ...user,
    [LABELS.project]: input.project,
    [LABELS.service]: input.service,
    [LABELS.version]: COMPOSE_VERSION,
    [LABELS.workingDir]: input.workingDir,
    [LABELS.configFiles]: input.configFiles.join(','),
    [LABELS.oneoff]: 'False',
    [LABELS.dependsOn]: dependsOnLabel(input.dependsOn),
  };
  if (input.environmentFiles?.length) labels[LABELS.environmentFile] = input.environmentFiles.join(',');
  return sortRecord(labels);
}

/** One replica's labels: the service's plus its number and the service's config hash. */
export function replicaLabels(base: Labels, number: number, configHash: string): Record<string, string> {
  return sortRecord({ ...base, [LABELS.containerNumber]: String(number), [LABELS.configHash]: configHash });
}

/** compose's format: `svc:condition:restart` joined by commas (sorted here; compose's order is random). */
export function dependsOnLabel(deps: ServiceLabelInput['dependsOn']): string {
  return Object.keys(deps)
    .sort()
    .map((name) => `${name}:${deps[name]!.condition}:${deps[name]!.restart}`)
    .join(',');
}

export function networkLabels(user: Labels, project: string, key: string): Record<string, string> {
  return sortRecord({ ...user, [LABELS.network]: key, [LABELS.project]: project, [LABELS.version]: COMPOSE_VERSION });
}

export function volumeLabels(user: Labels, project: string, key: string): Record<string, string> {
  return sortRecord({ ...user, [LABELS.volume]: key, [LABELS.project]: project, [LABELS.version]: COMPOSE_VERSION });
}
