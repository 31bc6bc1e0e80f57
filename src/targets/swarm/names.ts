/**
 * Stack names and labels, in one place (docker stack deploy's contract, so `docker stack ls`,
 * `services`, `ps` and `rm` work on stacks stackc deploys): every object is `<stack>_<name>` and
 * carries `com.docker.stack.namespace=<stack>`; services also carry `com.docker.stack.image`.
 *
 * Normalize names top-level resources after the *project* (`<project>_<key>`); a stack may be
 * named otherwise, so a resource whose IR name is that default is re-scoped to the stack, while a
 * `name:` from the file and external names are kept as written (as docker stack deploy does).
 */
import type { Project } from '../../normalize/model.js';
import { sortRecord } from '../engine/records.js';
import type { Labels } from './desired.js';

export const LABELS = {
  namespace: 'com.docker.stack.namespace',
  image: 'com.docker.stack.image',
} as const;

/** Hex digits of the content digest kept in a secret's or config's name. */
export const SHORT_HASH_LENGTH = 10;

/** The network a service without `networks:` joins. */
export const DEFAULT_NETWORK = 'default';

export function scope(stack: string, name: string): string {
  return `${stack}_${name}`;
}

/** What names a top-level resource in the IR (networks, volumes, secrets, configs). */
export interface NamedResource {
  readonly name: string;
  readonly external: boolean;
}

/** Whether the file named the resource (`name:`, or external): normalize's default name is `<project>_<key>`. */
export function namedInFile(project: Project, key: string, def: NamedResource): boolean {
  return def.external || def.name !== `${project.name}_${key}`;
}

/** The engine name of a top-level resource in the stack: scoped, named, or external. */
export function stackName(stack: string, project: Project, key: string, def: NamedResource | undefined): string {
  return def && namedInFile(project, key, def) ? def.name : scope(stack, key);
}

/** `<base>_<first 10 hex digits>`: a new content is a new object. */
export function versionedName(base: string, digest: string): string {
  return `${base}_${digest.slice(0, SHORT_HASH_LENGTH)}`;
}

/** The user's labels plus the namespace label (which wins), sorted. */
export function namespaced(labels: Labels, stack: string): Record<string, string> {
  return sortRecord({ ...labels, [LABELS.namespace]: stack });
}

export function networkName(stack: string, project: Project, key: string): string {
  return stackName(stack, project, key, project.networks[key]);
}

export function volumeName(stack: string, project: Project, key: string): string {
  return stackName(stack, project, key, project.volumes[key]);
}
