/**
 * Secrets and configs: the objects to create and the services' references to them.
 *
 * Content addressing: a secret's name is `<stack>_<key>_<short digest of its content>`, so a
 * changed password.txt is a new secret the services roll onto (swarm refuses to change a
 * secret's data in place), and the old one is pruned by deploy once no service uses it. Lowering
 * does not read the content: the digest comes from `options.contentDigest(source)`.
 *
 * As docker stack deploy does: every non-external top-level secret/config is created (used or
 * not), references mount at `target` (secrets: relative to /run/secrets; configs: default
 * `/<source>`) with uid/gid `0` and mode 0o444 unless the file says otherwise, sorted by name.
 */
import { createHash } from 'node:crypto';
import type { Config, Project, Secret, Service, ServiceConfigRef, ServiceSecretRef } from '../../normalize/model.js';
import { compact, nonEmptyRecord } from '../engine/records.js';
import { unsupported, type LowerContext } from './context.js';
import type { ConfigReference, ContentSource, DesiredSecret, FileTarget, SecretReference } from './desired.js';
import { namespaced, scope, stackName, versionedName } from './names.js';
import { checkObjectName, resourceNameOrigin } from './object-names.js';

type Kind = 'secrets' | 'configs';

export const DEFAULT_FILE_MODE = 0o444;

/** sha256 (hex) of a secret's or config's content: what deploy passes back as `contentDigest`. */
export function digestContent(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Where the content of a top-level secret/config comes from; undefined when external, or for a
 * secret with a `driver` (the driver holds the content; configs take no driver).
 */
export function contentSource(kind: Kind, def: Secret | Config): ContentSource | undefined {
  if (def.external || (kind === 'secrets' && def.driver !== undefined)) return undefined;
  if (def.file !== undefined) return { file: def.file };
  if (def.environment !== undefined) return { environment: def.environment };
  if (def.content !== undefined) return { content: def.content };
  return undefined;
}

/** Every content deploy must read before lowering: one entry per non-external secret/config. */
export function contentSources(project: Project): { kind: Kind; key: string; source: ContentSource }[] {
  return (['secrets', 'configs'] as const).flatMap((kind) =>
    Object.keys(project[kind])
      .sort()
      .flatMap((key) => {
        const source = contentSource(kind, project[kind][key]!);
        return source ? [{ kind, key, source }] : [];
      }),
  );
}

/** The engine name of a top-level secret/config, content-addressed unless external or driver-backed. */
export function objectName(kind: Kind, key: string, ctx: LowerContext): string {
  const def = ctx.project[kind][key];
  const base = stackName(ctx.options.stack, ctx.project, key, def);
  if (!def) return scope(ctx.options.stack, key);
  const source = contentSource(kind, def);
  return source ? versionedName(base, ctx.options.contentDigest(source)) : base;
}

export function desiredObjects(kind: Kind, ctx: LowerContext): DesiredSecret[] {
  const defs = ctx.project[kind];
  return Object.keys(defs)
    .sort()
    .map((key) => {
      const def = defs[key]!;
      const name = objectName(kind, key, ctx);
      if (def.external) return { key, name, external: true };
      checkObjectName(ctx, kind === 'secrets' ? 'secret' : 'config', name, resourceNameOrigin(ctx, kind, key, def));
      if (kind === 'configs' && def.driver !== undefined) {
        unsupported(ctx, [kind, key, 'driver'], 'configs take no `driver` on a swarm (only secrets do); it is ignored');
      }
      const driver = kind === 'secrets' && def.driver !== undefined ? compact({ Name: def.driver, Options: nonEmptyRecord(def.driver_opts) }) : undefined;
      const create = compact({
        Name: name,
        Labels: namespaced(def.labels, ctx.options.stack),
        Driver: driver,
        Templating: def.template_driver !== undefined ? { Name: def.template_driver } : undefined,
      });
      return compact<DesiredSecret>({ key, name, external: false, source: contentSource(kind, def), create });
    });
}

function fileTarget(ref: ServiceSecretRef | ServiceConfigRef): FileTarget {
  return { Name: ref.target, UID: ref.uid ?? '0', GID: ref.gid ?? '0', Mode: ref.mode ?? DEFAULT_FILE_MODE };
}

const byName = <T>(name: (t: T) => string) => (a: T, b: T) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);

/** ContainerSpec.Secrets. Undefined references are normalize's errors and are skipped here. */
export function secretReferences(service: Service, ctx: LowerContext): SecretReference[] {
  return service.secrets
    .filter((ref) => ref.source in ctx.project.secrets)
    .map((ref) => ({ File: fileTarget(ref), SecretName: objectName('secrets', ref.source, ctx) }))
    .sort(byName((r) => r.SecretName));
}

/** ContainerSpec.Configs. */
export function configReferences(service: Service, ctx: LowerContext): ConfigReference[] {
  return service.configs
    .filter((ref) => ref.source in ctx.project.configs)
    .map((ref) => ({ File: fileTarget(ref), ConfigName: objectName('configs', ref.source, ctx) }))
    .sort(byName((r) => r.ConfigName));
}
