/**
 * The config hash (label `com.docker.compose.config-hash`): deploy recreates a container exactly
 * when its hash differs from the desired one. It is the sha256 of a canonical JSON (keys sorted at
 * every level, undefined left out) of the service's container template: the create body and the
 * extra network attachments, image included, without anything that varies per replica or only
 * records bookkeeping (container number, and every `com.docker.compose.*` label: version,
 * config files, depends_on ... change nothing in the container). The replica count is not in
 * the template, so scaling never recreates existing containers.
 */
import { createHash } from 'node:crypto';
import { COMPOSE_LABEL_PREFIX } from './labels.js';
import type { ContainerCreateBody, EndpointSettings } from './desired.js';

export interface ContainerTemplate {
  readonly create: ContainerCreateBody;
  readonly connect: readonly { readonly network: string; readonly endpoint: EndpointSettings }[];
  /** `container_name`, when set: renaming means a new container. */
  readonly containerName?: string;
}

export function configHash(template: ContainerTemplate): string {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(template.create.Labels)) {
    if (!key.startsWith(COMPOSE_LABEL_PREFIX)) labels[key] = value;
  }
  const input = { ...template, create: { ...template.create, Labels: labels } };
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

/** JSON with object keys sorted at every depth; undefined members are omitted as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}
