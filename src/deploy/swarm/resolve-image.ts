/**
 * `deploy --resolve-image`: which images to look up on their registry, the lookups themselves,
 * and the pinned reference. As docker stack deploy does, a service is sent as `image:tag@sha256:…`
 * so that every node runs the same bytes, and an image the registry cannot answer for is deployed
 * as written, with docker's warning. Lookups are reads through the manager (GET
 * /distribution/{image}/json): bounded in number at a time and in duration, so a slow or
 * unreachable registry never serializes nor stalls a deploy.
 */
import { byCodePoint } from '../../normalize/coerce.js';
import type { SwarmDesired } from '../../targets/swarm/desired.js';
import { LABELS } from '../../targets/swarm/names.js';
import { forEachAtMost } from '../at-most.js';
import type { SwarmObserved } from './plan.js';
import type { RegistryAnswer, RegistryAuth, SwarmApi } from './swarm-api.js';

/** always: every service; changed: services that are new or whose image the file changed; never: none. */
export type ResolveImage = 'always' | 'changed' | 'never';

/** See README, "Deploying to a swarm": pin what is deployed anew, keep unchanged redeploys free of registry calls. */
export const DEFAULT_RESOLVE_IMAGE: ResolveImage = 'changed';

export interface Unresolved {
  readonly image: string;
  readonly services: readonly string[];
  readonly problem: string;
}

export interface ResolvedImages {
  /** Image as the file writes it → the digest its registry names for it now. */
  readonly digests: ReadonlyMap<string, string>;
  readonly unresolved: readonly Unresolved[];
}

export interface ResolveOptions {
  readonly registryAuth?: (image: string) => RegistryAuth | undefined;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
}

/** A reference that already names a digest is pinned by the file itself. */
export function isPinned(image: string): boolean {
  return image.includes('@');
}

export function pinImage(image: string, digest: string): string {
  return `${image}@${digest}`;
}

/** The images to look up under `mode`, each with the services (sorted) that use it. */
export function imagesToResolve(desired: SwarmDesired, observed: SwarmObserved, mode: ResolveImage): Map<string, string[]> {
  const wanted = new Map<string, string[]>();
  if (mode === 'never') return wanted;
  for (const service of desired.services) {
    const image = service.spec.TaskTemplate.ContainerSpec.Image;
    if (isPinned(image)) continue;
    // The label keeps the image as the file wrote it at the last deploy (docker stack deploy's rule).
    const live = observed.services.find((s) => s.name === service.name);
    if (mode === 'changed' && live && live.labels[LABELS.image] === image) continue;
    wanted.set(image, [...(wanted.get(image) ?? []), service.name].sort());
  }
  return wanted;
}

/**
 * Leaves out images the manager's engine has but no registry ever gave it (built or imported
 * here: no repo digest). Asking a registry about them can only fail, and the warning would say
 * nothing new: such an image exists only where it was made.
 */
export async function withoutLocalOnly(
  wanted: ReadonlyMap<string, readonly string[]>,
  repoDigests: (image: string) => Promise<readonly string[] | undefined>,
): Promise<Map<string, readonly string[]>> {
  const localOnly = await Promise.all([...wanted.keys()].map(async (image) => ((await repoDigests(image))?.length === 0 ? image : undefined)));
  return new Map([...wanted].filter(([image]) => !localOnly.includes(image)));
}

/** Looks each image up, `concurrency` at a time; a lookup past `timeoutMs` counts as unanswered. */
export async function resolveImages(swarm: SwarmApi, wanted: ReadonlyMap<string, readonly string[]>, options: ResolveOptions = {}): Promise<ResolvedImages> {
  const answers = new Map<string, RegistryAnswer>();
  await forEachAtMost([...wanted.keys()].sort(), options.concurrency ?? 8, async (image) => {
    answers.set(image, await askRegistry(swarm, image, options.registryAuth?.(image), options.timeoutMs ?? 10_000));
  });
  const digests = new Map<string, string>();
  const unresolved: Unresolved[] = [];
  for (const [image, answer] of [...answers].sort(([a], [b]) => byCodePoint(a, b))) {
    if ('digest' in answer) digests.set(image, answer.digest);
    else unresolved.push({ image, services: wanted.get(image) ?? [], problem: answer.problem });
  }
  return { digests, unresolved };
}

/** One lookup, given up after `timeoutMs`: its request is aborted, so it cannot hold the process. */
export async function askRegistry(swarm: SwarmApi, image: string, auth: RegistryAuth | undefined, timeoutMs: number): Promise<RegistryAnswer> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<RegistryAnswer>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve({ problem: `no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
  });
  try {
    return await Promise.race([swarm.distribution(image, auth, abort.signal), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** docker's warning, on one line, naming the services that use the image (the first few of many). */
export function digestWarning(u: Unresolved): string {
  const shown = u.services.length > WARN_SERVICES ? [...u.services.slice(0, WARN_SERVICES - 1), `and ${u.services.length - WARN_SERVICES + 1} more`] : u.services;
  return (
    `image ${u.image} could not be accessed on a registry to record its digest (${u.problem}; service${u.services.length === 1 ? '' : 's'} ${shown.join(', ')}). ` +
    `Each node will access ${u.image} independently, possibly leading to different nodes running different versions of the image.`
  );
}

/** A 50-service stack on one local image would otherwise print a screenful in one warning. */
const WARN_SERVICES = 5;
