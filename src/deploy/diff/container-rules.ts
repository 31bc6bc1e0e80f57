/**
 * Comparing a running container with the create body stackc would send now, for the field-level
 * diff of a container that will be replaced. `docker inspect` mixes in what the image and the
 * engine supply, so the comparison keeps only what the create body can set, as explicit rules:
 * - only fields the desired body sets are compared (the rest are image or engine defaults);
 * - Env and Labels lose the image's own entries and compose's bookkeeping labels;
 * - ExposedPorts lose the image's own ports;
 * - lists that are sets for the engine (Env, CapAdd, ...) compare sorted.
 */
import type { ContainerCreateBody } from '../../targets/engine/desired.js';
import { COMPOSE_LABEL_PREFIX } from '../../targets/engine/labels.js';
import type { ContainerDetails, ImageConfig } from '../engine-api.js';
import { isPlainObject } from './fields.js';

type Json = Record<string, unknown>;

const SET_LISTS = new Set(['Env', 'CapAdd', 'CapDrop', 'Dns', 'DnsSearch', 'DnsOptions', 'ExtraHosts', 'SecurityOpt', 'GroupAdd', 'Binds']);

export function comparableContainer(live: ContainerDetails, image: ImageConfig, desired: ContainerCreateBody): { live: Json; desired: Json } {
  const { HostConfig: desiredHost, NetworkingConfig: _networks, ...desiredConfig } = desired;
  const imageEnv = new Set(Array.isArray(image.Env) ? (image.Env as string[]) : []);
  const imageLabels = isPlainObject(image.Labels) ? image.Labels : {};
  const imagePorts = isPlainObject(image.ExposedPorts) ? image.ExposedPorts : {};
  const liveConfig: Json = { ...live.config };
  if (Array.isArray(liveConfig.Env)) liveConfig.Env = (liveConfig.Env as string[]).filter((e) => !imageEnv.has(e));
  if (isPlainObject(liveConfig.Labels)) liveConfig.Labels = withoutKeys(liveConfig.Labels, (k, v) => k.startsWith(COMPOSE_LABEL_PREFIX) || imageLabels[k] === v);
  if (isPlainObject(liveConfig.ExposedPorts)) liveConfig.ExposedPorts = withoutKeys(liveConfig.ExposedPorts, (k) => k in imagePorts);
  const wantConfig: Json = { ...desiredConfig, Labels: withoutKeys(desired.Labels, (k) => k.startsWith(COMPOSE_LABEL_PREFIX)) };
  return {
    live: sortSets({ ...pick(liveConfig, Object.keys(wantConfig)), HostConfig: pick(live.hostConfig, Object.keys(desiredHost)) }),
    desired: sortSets({ ...wantConfig, HostConfig: { ...desiredHost } }),
  };
}

function pick(source: Readonly<Json>, keys: readonly string[]): Json {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined && source[k] !== null).map((k) => [k, source[k]]));
}

function withoutKeys(record: Readonly<Json>, drop: (key: string, value: unknown) => boolean): Json {
  return Object.fromEntries(Object.entries(record).filter(([k, v]) => !drop(k, v)));
}

function sortSets(node: Json): Json {
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value) && SET_LISTS.has(key)) node[key] = [...value].map(String).sort();
    else if (isPlainObject(value)) node[key] = sortSets({ ...value });
  }
  return node;
}
