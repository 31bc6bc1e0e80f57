/**
 * `secrets:` and `configs:` on one host: a file-backed one is bind-mounted read-only, secrets at
 * `/run/secrets/<target>` (an absolute target as is), configs at their target (default
 * `/<source>`). Secrets/configs given by `environment:` or `content:` would need a file written
 * somewhere (or a copy into the container), which lowering cannot do: those are W0701.
 */
import type { Config, Secret, Service, ServiceConfigRef, ServiceSecretRef } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { Mount } from './desired.js';

type Kind = 'secrets' | 'configs';
type Ref = ServiceSecretRef | ServiceConfigRef;

export const SECRETS_DIR = '/run/secrets';

export function secretTarget(ref: ServiceSecretRef): string {
  return ref.target.startsWith('/') ? ref.target : `${SECRETS_DIR}/${ref.target}`;
}

export function configTarget(ref: ServiceConfigRef): string {
  return ref.target.startsWith('/') ? ref.target : `/${ref.target}`;
}

export function secretMounts(service: Service, ctx: LowerContext): Mount[] {
  return fileMounts('secrets', service.secrets, ctx.project.secrets, secretTarget, service, ctx);
}

export function configMounts(service: Service, ctx: LowerContext): Mount[] {
  return fileMounts('configs', service.configs, ctx.project.configs, configTarget, service, ctx);
}

function fileMounts<R extends Ref>(
  kind: Kind,
  refs: readonly R[],
  defs: Readonly<Record<string, Secret | Config>>,
  targetOf: (ref: R) => string,
  service: Service,
  ctx: LowerContext,
): Mount[] {
  const mounts: Mount[] = [];
  refs.forEach((ref, i) => {
    const def = defs[ref.source];
    // Undefined references are normalize's errors; external ones are reported once at top level.
    if (!def || def.external) return;
    const path = servicePath(service.name, kind, i);
    if (def.file === undefined) {
      const how = def.environment !== undefined ? 'environment' : 'content';
      unsupported(ctx, path, `${singular(kind)} \`${ref.source}\` comes from \`${how}:\`: the engine target only bind-mounts files, and lowering writes none; it is not mounted`, `use \`file:\` for ${kind} on a single host`);
      return;
    }
    for (const key of ['uid', 'gid', 'mode'] as const) {
      if (ref[key] !== undefined) unsupported(ctx, [...path, key], `\`${key}\` of a bind-mounted ${singular(kind)} is ignored: the file keeps its owner and mode on the host`);
    }
    mounts.push({ Type: 'bind', Source: def.file, Target: targetOf(ref), ReadOnly: true });
  });
  return mounts;
}

function singular(kind: Kind): string {
  return kind === 'secrets' ? 'secret' : 'config';
}
